import Foundation
import MINumerics

/// Bootstrap confidence intervals for any estimator: the samples (rows) are resampled with
/// replacement, the estimate recomputed on each resample, and the interval read off the
/// percentiles of those estimates (Efron & Tibshirani, "An Introduction to the Bootstrap",
/// 1993, ch. 13).
///
/// Caveat for k-nearest-neighbour estimators: a resample repeats rows, and repeated rows
/// are zero-distance neighbours in every subspace, which inflates KSG-type estimates. The
/// spread of the bootstrap values still describes the estimator's variability, but their
/// centre is shifted; the interval is therefore reported around the bootstrap
/// distribution as it is, and ``Interval/bias`` shows the shift.
public struct Bootstrap: Sendable {
  /// The number of resamples B (default 200).
  public var resamples: Int
  /// The coverage of the interval (default 0.95).
  public var confidenceLevel: Double
  /// The seed of the resampling.
  public var seed: UInt64

  /// Creates a bootstrap with `resamples` resamples drawn from `seed`.
  public init(resamples: Int = 200, confidenceLevel: Double = 0.95, seed: UInt64 = 0) {
    self.resamples = resamples
    self.confidenceLevel = confidenceLevel
    self.seed = seed
  }

  /// A bootstrap percentile interval.
  public struct Interval: Sendable, Equatable {
    /// The estimate on the data as given, in nats.
    public var estimate: Double
    /// The lower end, in nats.
    public var lower: Double
    /// The upper end, in nats.
    public var upper: Double
    /// The standard deviation of the bootstrap estimates (the standard error), in nats.
    public var standardError: Double
    /// The mean of the bootstrap estimates minus the estimate.
    public var bias: Double
    /// The coverage.
    public var confidenceLevel: Double
    /// The number of resamples.
    public var resamples: Int
    /// The seed of the resampling.
    public var seed: UInt64
  }

  /// A confidence interval for I(X;Y).
  public func run(
    _ estimator: some MutualInformationEstimator, _ x: Matrix, _ y: Matrix, progress: ((Int, Int) -> Void)? = nil
  ) throws(EstimationError) -> Interval {
    try checkSettings()
    let estimate = try estimator.estimate(x, y).value
    var generator = SeededGenerator(seed: seed)
    var values: [Double] = []
    for done in 0..<resamples {
      let rows = (0..<x.rows).map { _ in generator.integer(below: x.rows) }
      values.append(try estimator.estimate(x.selecting(rows: rows), y.selecting(rows: rows)).value)
      progress?(done + 1, resamples)
    }
    return summarize(estimate, values)
  }

  /// A confidence interval for I(X;Y|Z).
  public func run(
    _ estimator: some ConditionalMutualInformationEstimator, _ x: Matrix, _ y: Matrix, given z: Matrix,
    progress: ((Int, Int) -> Void)? = nil
  ) throws(EstimationError) -> Interval {
    try checkSettings()
    let estimate = try estimator.estimate(x, y, given: z).value
    var generator = SeededGenerator(seed: seed)
    var values: [Double] = []
    for done in 0..<resamples {
      let rows = (0..<x.rows).map { _ in generator.integer(below: x.rows) }
      values.append(
        try estimator.estimate(x.selecting(rows: rows), y.selecting(rows: rows), given: z.selecting(rows: rows)).value)
      progress?(done + 1, resamples)
    }
    return summarize(estimate, values)
  }

  private func checkSettings() throws(EstimationError) {
    guard resamples >= 2 else {
      throw .invalidParameter(name: "resamples", value: String(resamples), reason: "must be at least 2")
    }
    guard confidenceLevel > 0 && confidenceLevel < 1 else {
      throw .invalidParameter(name: "confidence level", value: "\(confidenceLevel)", reason: "must be strictly between 0 and 1")
    }
  }

  private func summarize(_ estimate: Double, _ values: [Double]) -> Interval {
    let sorted = values.sorted()
    let alpha = (1 - confidenceLevel) / 2
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    return Interval(
      estimate: estimate, lower: Self.quantile(sorted, alpha), upper: Self.quantile(sorted, 1 - alpha),
      standardError: variance.squareRoot(), bias: mean - estimate, confidenceLevel: confidenceLevel,
      resamples: values.count, seed: seed)
  }

  /// The q-quantile of sorted values, interpolating linearly between order statistics.
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
  }
}
