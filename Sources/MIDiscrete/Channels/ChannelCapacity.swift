import Foundation

/// The capacity C = max_p I(X; Y) of a discrete memoryless channel by the Blahut–Arimoto
/// algorithm (Blahut 1972; Arimoto 1972), with a certificate at every iteration.
///
/// With q = pW the output distribution and Dₓ = D(W(· | x) ‖ q), an iteration replaces p
/// by p(x) e^{Dₓ} / Σ p(x′) e^{D_{x′}}. For every p,
///
///     I(p; W) = Σₓ p(x) Dₓ  ≤  C  ≤  maxₓ Dₓ
///
/// (the upper bound is the Kuhn–Tucker condition: at the optimum every used input has
/// Dₓ = C and no input has more), so the iteration stops when the gap maxₓ Dₓ − I(p; W)
/// is at most `tolerance`, and the capacity lies in the reported interval even when the
/// iteration budget runs out first (`converged` is then false).
///
/// - Complexity: two matrix–vector products per iteration, O(inputs × outputs); the
///   entropies Σ_y W log W of the rows are computed once. The gap shrinks geometrically
///   when the optimal input is unique, as O(1/n) in the worst case.
public struct ChannelCapacity: Sendable {
  /// The largest gap between the bounds at which to stop, in nats.
  public var tolerance: Double
  /// The most iterations.
  public var maximumIterations: Int

  /// Blahut–Arimoto stopping at a gap of `tolerance` nats (default 10⁻⁹) or after
  /// `maximumIterations` (default 10⁶).
  public init(tolerance: Double = 1e-9, maximumIterations: Int = 1_000_000) {
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
  }

  /// The bounds at one iteration.
  public struct Bounds: Sendable, Equatable {
    /// The iteration (0 for the uniform start).
    public var iteration: Int
    /// I(p; W) of the current input distribution.
    public var lower: Double
    /// maxₓ D(W(· | x) ‖ pW).
    public var upper: Double
  }

  /// What the algorithm found.
  public struct Result: Sendable {
    /// The capacity in nats: I(p; W) of the returned input, achieved, within `tolerance`
    /// of the capacity when `converged`.
    public var capacity: Double
    /// The certified upper bound maxₓ Dₓ at the returned input.
    public var upperBound: Double
    /// The capacity-achieving input distribution found.
    public var input: [Double]
    /// The output distribution it induces.
    public var output: [Double]
    /// The iterations run.
    public var iterations: Int
    /// Whether the gap reached `tolerance`.
    public var converged: Bool
    /// The bounds at every iteration, when asked for.
    public var history: [Bounds]
  }

  /// Runs Blahut–Arimoto on `channel` from the uniform input; `recordingBounds` keeps the
  /// bounds of every iteration.
  ///
  /// - Throws: for a tolerance that is negative or not finite, or no iterations.
  public func capacity(of channel: DiscreteChannel, recordingBounds: Bool = false) throws(DiscreteDistributionError) -> Result {
    guard tolerance >= 0, tolerance.isFinite else {
      throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0")
    }
    guard maximumIterations >= 1 else {
      throw .invalidParameter(name: "maximum iterations", value: "\(maximumIterations)", reason: "must be at least 1")
    }
    let (m, n) = (channel.inputCount, channel.outputCount)
    let w = channel.transitions
    // Σ_y W log W of each row, the part of Dₓ that does not change.
    let rowTerms = (0..<m).map { x in
      (0..<n).reduce(0.0) { sum, y in
        let value = w[x * n + y]
        return value > 0 ? sum + value * log(value) : sum
      }
    }
    var p = [Double](repeating: 1 / Double(m), count: m)
    var q = [Double](repeating: 0, count: n)
    var logQ = [Double](repeating: 0, count: n)
    var d = [Double](repeating: 0, count: m)
    var history: [Bounds] = []
    var iteration = 0
    while true {
      // q = pW, then Dₓ = Σ_y W log W − Σ_y W log q.
      w.withUnsafeBufferPointer { w in
        for y in 0..<n { q[y] = 0 }
        q.withUnsafeMutableBufferPointer { q in
          for x in 0..<m where p[x] > 0 {
            let weight = p[x]
            let row = x * n
            for y in 0..<n { q[y] += weight * w[row + y] }
          }
        }
        for y in 0..<n { logQ[y] = q[y] > 0 ? log(q[y]) : 0 }
        logQ.withUnsafeBufferPointer { logQ in
          for x in 0..<m {
            let row = x * n
            var dot = 0.0
            for y in 0..<n { dot += w[row + y] * logQ[y] }
            d[x] = rowTerms[x] - dot
          }
        }
      }
      var lower = 0.0
      var upper = -Double.infinity
      for x in 0..<m {
        lower += p[x] * d[x]
        upper = max(upper, d[x])
      }
      lower = max(lower, 0)
      upper = max(upper, lower)
      if recordingBounds { history.append(Bounds(iteration: iteration, lower: lower, upper: upper)) }
      let converged = upper - lower <= tolerance
      if converged || iteration == maximumIterations {
        return Result(capacity: lower, upperBound: upper, input: p, output: q, iterations: iteration, converged: converged, history: history)
      }
      // p(x) ← p(x) e^{Dₓ − max D} / Z.
      var total = 0.0
      for x in 0..<m {
        p[x] *= exp(d[x] - upper)
        total += p[x]
      }
      for x in 0..<m { p[x] /= total }
      iteration += 1
    }
  }
}
