import Foundation
import MINumerics

/// Maximizes a `MarginalMultiInformation` over the probability simplex by mirror ascent
/// (exponentiated gradient: p ← p·e^{η ∇F} / Z, the natural step on the simplex under the
/// KL geometry; Beck & Teboulle 2003) from several random starts (Dirichlet(1) tables,
/// reproducible from `seed`), keeping the best. F is not concave (multi-information is
/// convex in p for fixed marginals but not overall), so restarts matter: the maximizers sit
/// on faces of the simplex, and each run ends at a local maximum.
///
/// The known answer it is tested on: for n variables with k outcomes each the
/// multi-information is at most (n − 1)·log k, reached by a uniform mixture of k
/// configurations that use every outcome of every variable once (for bits, a configuration
/// and its complement).
public struct MultiInformationMaximizer: Sendable {
  /// Random starts.
  public var restarts: Int
  /// The most ascent steps per start.
  public var iterations: Int
  /// η, the first step size.
  public var stepSize: Double
  /// Stop a start when F rises by less than this over 50 steps.
  public var tolerance: Double
  /// The seed of the starts.
  public var seed: UInt64

  /// A maximizer with 16 starts of at most 3,000 steps, the first of size 1, stopping when F
  /// rises by less than 10⁻¹² over 50 steps. The step grows by half after every rise and is
  /// halved (and the step retried) when F would fall, so F never decreases.
  public init(restarts: Int = 16, iterations: Int = 3000, stepSize: Double = 1, tolerance: Double = 1e-12, seed: UInt64 = 0) {
    self.restarts = restarts
    self.iterations = iterations
    self.stepSize = stepSize
    self.tolerance = tolerance
    self.seed = seed
  }

  /// What the best start reached.
  public struct Result: Sendable {
    /// The maximizer found.
    public var distribution: JointDistribution
    /// F at it.
    public var value: Double
    /// The full multi-information (total correlation) of it, for comparison with F.
    public var multiInformation: Double
    /// F at the end of every start, in order.
    public var valuesOfStarts: [Double]
  }

  /// Runs the starts and returns the best maximizer, its probabilities below 10⁻¹² set to 0.
  public func maximize(_ objective: MarginalMultiInformation) throws(DiscreteDistributionError) -> Result {
    guard restarts >= 1, iterations >= 1 else {
      throw .invalidParameter(name: "restarts / iterations", value: "\(restarts) / \(iterations)", reason: "both must be at least 1")
    }
    guard stepSize > 0, stepSize.isFinite else {
      throw .invalidParameter(name: "step size", value: "\(stepSize)", reason: "must be a finite number > 0")
    }
    let outcomes = objective.outcomes()
    var generator = SeededGenerator(seed: seed)
    var best: (p: [Double], value: Double)?
    var values: [Double] = []
    for _ in 0..<restarts {
      var p = (0..<objective.cellCount).map { _ in -log(max(generator.uniform(), 1e-300)) }
      let total = p.reduce(0, +)
      p = p.map { $0 / total }
      var (value, gradient) = objective.valueAndGradient(p, outcomes: outcomes)
      var checkpoint = value
      var eta = stepSize
      for step in 1...iterations {
        // A step of size η; larger after a rise, halved (and retried) after a fall.
        let top = gradient.max() ?? 0
        var trial = p
        var accepted = false
        for _ in 0..<30 {
          var sum = 0.0
          for cell in p.indices {
            trial[cell] = p[cell] * exp(eta * (gradient[cell] - top))
            sum += trial[cell]
          }
          for cell in p.indices { trial[cell] /= sum }
          let next = objective.valueAndGradient(trial, outcomes: outcomes)
          if next.value >= value {
            (p, value, gradient) = (trial, next.value, next.gradient)
            eta = min(eta * 1.5, 1e6)
            accepted = true
            break
          }
          eta /= 2
        }
        if !accepted { break }
        if step % 50 == 0 {
          if value - checkpoint < tolerance { break }
          checkpoint = value
        }
      }
      // The maximizers lie on faces of the simplex: drop what is left on cells the ascent
      // was emptying, when that does not lower F.
      let largest = p.max() ?? 0
      var snapped = p.map { $0 < 1e-6 * largest ? 0 : $0 }
      let kept = snapped.reduce(0, +)
      snapped = snapped.map { $0 / kept }
      let snappedValue = objective.valueAndGradient(snapped, outcomes: outcomes).value
      if snappedValue >= value { (p, value) = (snapped, snappedValue) }
      values.append(value)
      if best == nil || value > best!.value { best = (p, value) }
    }
    var p = best!.p.map { $0 < 1e-12 ? 0 : $0 }
    let total = p.reduce(0, +)
    p = p.map { $0 / total }
    let distribution = try JointDistribution(variables: objective.variables, probabilities: p, tolerance: 1e-9)
    return Result(
      distribution: distribution, value: try objective.value(of: distribution), multiInformation: try distribution.totalCorrelation(),
      valuesOfStarts: values)
  }
}
