import Foundation
import MIClassical
import MIEstimation
import MINumerics

/// `auto`: chooses an estimator from the data and says why, in the estimate's parameters
/// (`chosen`, `reason`) and its estimator name (`auto → copula`).
///
/// The rules, in order (measured on `BenchmarkSuite.all`; BENCHMARKS.md, "Choosing an
/// estimator"):
/// 1. Every variable discrete — few distinct rows, at least five samples per observed cell of
///    the joint table — gives the Miller–Madow estimator, exact up to its O(cells/N) bias
///    correction.
/// 2. For I(X;Y), one side discrete (one column of labels) and the other continuous gives
///    Ross's estimator (Ross 2014), made for class labels against continuous values.
/// 3. Otherwise the Gaussian-copula estimate (Ince et al. 2017) and the KSG estimate
///    (Kraskov et al. 2004; Frenzel–Pompe for I(X;Y|Z)) are both computed. The copula
///    estimate is exact for any monotone transform of Gaussian data in any dimension, where
///    KSG's bias grows with the dimension; for I(X;Y) it is also a lower bound on the truth
///    (a Gaussian has the largest entropy for its covariance, and the normal-score margins
///    are exactly Gaussian). Dependence that ranks do not carry (heavy tails with zero
///    correlation, non-monotone maps) shows as a KSG estimate above the copula's: when KSG
///    exceeds it by more than max(0.05 nats, 5%), KSG is chosen, else the copula. (With
///    10% the copula kept a spiral of 3 × 3 Gaussians where KSG was 0.08 nats closer.)
///
/// Its bootstrap intervals use half-sampling (it is a ``NearestNeighborEstimator`` for
/// ``Bootstrap``): valid whichever estimator it chooses, where resampling with replacement
/// would repeat rows that a chosen k-NN estimate sees as zero-distance neighbours.
public struct AutomaticEstimator: MutualInformationEstimator, ConditionalMutualInformationEstimator, TotalCorrelationEstimator,
  NearestNeighborEstimator
{
  /// The settings passed to the estimators it chooses among.
  public let settings: EstimatorSettings

  /// `auto` with these settings.
  public init(settings: EstimatorSettings = EstimatorSettings()) { self.settings = settings }

  /// `"auto"`.
  public var name: String { "auto" }

  /// The choice for the variables of an estimate, with its reason.
  struct Choice {
    let estimator: String
    let reason: String
  }

  /// Whether the variables are all discrete: their joint rows take at most n/5 distinct
  /// values (five samples per observed cell on average) and every column is integer-valued
  /// or has at most √n distinct values.
  static func discrete(_ variables: [Matrix]) -> (isDiscrete: Bool, cells: Int) {
    let n = variables[0].rows
    var rows = Set<[Double]>()
    for i in 0..<n {
      var row: [Double] = []
      for variable in variables { for j in 0..<variable.columns { row.append(variable[i, j]) } }
      rows.insert(row)
      if rows.count * 5 > n { return (false, rows.count) }
    }
    for variable in variables {
      for j in 0..<variable.columns {
        var distinct = Set<Double>()
        var integral = true
        for i in 0..<n {
          distinct.insert(variable[i, j])
          integral = integral && variable[i, j] == variable[i, j].rounded()
        }
        if !integral && Double(distinct.count) > Double(n).squareRoot() { return (false, rows.count) }
      }
    }
    return (true, rows.count)
  }

  /// The copula's or KSG's estimate, whichever the rule picks, given both.
  static func pick(copula: Estimate, ksg: Estimate, ksgName: String) -> (Estimate, Choice) {
    let margin = max(0.05, 0.05 * abs(copula.value))
    if ksg.value > copula.value + margin {
      return (
        ksg,
        Choice(
          estimator: ksgName,
          reason:
            "\(ksgName) \(format(ksg.value)) exceeds the Gaussian copula's \(format(copula.value)) by more than \(format(margin)) nats: dependence that ranks do not carry (heavy tails, non-monotone maps)"
        )
      )
    }
    return (
      copula,
      Choice(
        estimator: "copula",
        reason:
          "continuous data; the Gaussian copula (\(format(copula.value))) is exact for monotone transforms of Gaussian data in any dimension, and \(ksgName) (\(format(ksg.value))) does not exceed it by more than \(format(margin)) nats"
      )
    )
  }

  private static func format(_ value: Double) -> String { String(format: "%.3f", value) }

  private func finish(_ estimate: Estimate, _ choice: Choice) -> Estimate {
    var result = estimate
    result.estimator = "auto → \(choice.estimator)"
    result.parameters = [Parameter("chosen", .text(choice.estimator)), Parameter("reason", .text(choice.reason))] + estimate.parameters
    return result
  }

  private var discreteEstimator: DiscreteEstimator { DiscreteEstimator(method: .millerMadow) }
  private var copula: GaussianCopulaEstimator { GaussianCopulaEstimator(biasCorrected: settings.biasCorrected) }
  private var preprocessing: NeighborPreprocessing { NeighborPreprocessing(standardize: settings.standardize, noise: settings.noise ?? 1e-10, seed: settings.seed) }

  /// I(X;Y) by the estimator the rules choose.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y)])
    let (allDiscrete, cells) = Self.discrete([x, y])
    if allDiscrete {
      return finish(
        try discreteEstimator.estimate(x, y),
        Choice(estimator: "miller-madow", reason: "X and Y are discrete: \(cells) observed (x, y) cells for \(x.rows) samples"))
    }
    for (labels, role) in [(x, "X"), (y, "Y")] where labels.columns == 1 {
      let (isDiscrete, classes) = Self.discrete([labels])
      guard isDiscrete else { continue }
      return finish(
        try RossEstimator(k: settings.k, preprocessing: preprocessing).estimate(x, y),
        Choice(estimator: "ross", reason: "\(role) is discrete (\(classes) classes) and the other side continuous"))
    }
    let copulaEstimate = try copula.estimate(x, y)
    let ksgEstimate = try KSGEstimator(algorithm: .first, k: settings.k, preprocessing: preprocessing).estimate(x, y)
    let (chosen, choice) = Self.pick(copula: copulaEstimate, ksg: ksgEstimate, ksgName: "ksg1")
    return finish(chosen, choice)
  }

  /// I(X;Y|Z) by the estimator the rules choose.
  public func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y), (.z, z)])
    let (allDiscrete, cells) = Self.discrete([x, y, z])
    if allDiscrete {
      return finish(
        try discreteEstimator.estimate(x, y, given: z),
        Choice(estimator: "miller-madow", reason: "X, Y and Z are discrete: \(cells) observed cells for \(x.rows) samples"))
    }
    let copulaEstimate = try copula.estimate(x, y, given: z)
    let ksgEstimate = try FrenzelPompeEstimator(k: settings.k, preprocessing: preprocessing).estimate(x, y, given: z)
    let (chosen, choice) = Self.pick(copula: copulaEstimate, ksg: ksgEstimate, ksgName: "ksg1")
    return finish(chosen, choice)
  }

  /// The total correlation by the estimator the rules choose.
  public func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate {
    try InputValidation.check(groups.enumerated().map { (.group($0.offset), $0.element) })
    guard let first = groups.first, groups.count >= 2 else { return try copula.totalCorrelation(groups) }
    let (allDiscrete, cells) = Self.discrete(groups)
    if allDiscrete {
      return finish(
        try discreteEstimator.totalCorrelation(groups),
        Choice(estimator: "miller-madow", reason: "every variable is discrete: \(cells) observed cells for \(first.rows) samples"))
    }
    let copulaEstimate = try copula.totalCorrelation(groups)
    let ksgEstimate = try KSGEstimator(algorithm: .first, k: settings.k, preprocessing: preprocessing).totalCorrelation(groups)
    let (chosen, choice) = Self.pick(copula: copulaEstimate, ksg: ksgEstimate, ksgName: "ksg1")
    return finish(chosen, choice)
  }
}
