import Foundation

/// Loopy sum-product belief propagation on a `PairwiseMarkovRandomField` (Pearl 1988;
/// Yedidia, Freeman & Weiss 2005), in the log domain, with damping.
///
/// Each iteration updates every message at once from the last ones:
///
///     m_{i→j}(xⱼ) ∝ Σ_{xᵢ} φᵢ(xᵢ) ψᵢⱼ(xᵢ, xⱼ) Π_{k ∈ N(i)∖j} m_{k→i}(xᵢ),
///
/// normalized to sum to 1, then mixed with the previous message, m ← (1 − α)·m_new + α·m_old
/// (α = `damping`). It stops when no message moves by more than `tolerance` (the largest
/// change of a message probability) or after `maximumIterations`, and reports which, with
/// the residual of every iteration. On a tree it converges to the exact marginals and its
/// Bethe free energy to −log Z; on graphs with loops it may oscillate (damping helps) or
/// converge to a fixed point of the Bethe free energy.
public struct BeliefPropagation: Sendable {
  /// α, the weight of the previous message, in [0, 1).
  public var damping: Double
  /// The largest message change at which to stop.
  public var tolerance: Double
  /// The most iterations.
  public var maximumIterations: Int

  /// Belief propagation with damping α (default 0), stopping at a largest message change of
  /// `tolerance` (default 10⁻⁹) or after `maximumIterations` (default 1,000).
  public init(damping: Double = 0, tolerance: Double = 1e-9, maximumIterations: Int = 1000) {
    self.damping = damping
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
  }

  /// The beliefs and how the run went.
  public struct Result: Sendable {
    /// bᵢ(xᵢ) of each variable.
    public var unary: [[Double]]
    /// bᵢⱼ(xᵢ, xⱼ) of each edge, row-major as the edge's potential.
    public var pairwise: [[Double]]
    /// Whether the largest message change fell to `tolerance`.
    public var converged: Bool
    /// The iterations run.
    public var iterations: Int
    /// The largest message change at each iteration.
    public var residuals: [Double]
    /// The Bethe free energy of the beliefs (−log Z on a tree at convergence).
    public var betheFreeEnergy: Double
  }

  /// Runs belief propagation on `field` from uniform messages.
  ///
  /// - Throws: for a damping outside [0, 1), a tolerance that is negative or not finite,
  ///   or no iterations.
  public func run(on field: PairwiseMarkovRandomField) throws(DiscreteDistributionError) -> Result {
    guard damping >= 0, damping < 1 else { throw .invalidParameter(name: "damping", value: "\(damping)", reason: "must lie in [0, 1)") }
    guard tolerance >= 0, tolerance.isFinite else { throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0") }
    guard maximumIterations >= 1 else { throw .invalidParameter(name: "maximum iterations", value: "\(maximumIterations)", reason: "must be at least 1") }
    let sizes = field.variables.map(\.count)
    let logUnary = field.unary.map { $0.map { log($0) } }
    let logPair = field.edges.map { $0.potential.map { log($0) } }
    // Messages into the second variable of edge e (from the first), and into the first.
    var toSecond = field.edges.map { [Double](repeating: -log(Double(sizes[$0.second])), count: sizes[$0.second]) }
    var toFirst = field.edges.map { [Double](repeating: -log(Double(sizes[$0.first])), count: sizes[$0.first]) }
    var residuals: [Double] = []
    var converged = false
    var iteration = 0
    func incoming(_ v: Int, _ toSecond: [[Double]], _ toFirst: [[Double]]) -> [Double] {
      var total = logUnary[v]
      for e in field.incidentEdges[v] {
        let message = field.edges[e].second == v ? toSecond[e] : toFirst[e]
        for o in 0..<sizes[v] { total[o] += message[o] }
      }
      return total
    }
    while iteration < maximumIterations {
      iteration += 1
      let totals = (0..<sizes.count).map { incoming($0, toSecond, toFirst) }
      var newToSecond = toSecond
      var newToFirst = toFirst
      var residual = 0.0
      for (e, edge) in field.edges.enumerated() {
        let (i, j) = (edge.first, edge.second)
        let (ki, kj) = (sizes[i], sizes[j])
        // i → j: the cavity of i (without j's message), through ψ.
        let cavityI = (0..<ki).map { totals[i][$0] - toFirst[e][$0] }
        let cavityJ = (0..<kj).map { totals[j][$0] - toSecond[e][$0] }
        let forward = Self.normalized((0..<kj).map { b in Self.logSumExp((0..<ki).map { a in cavityI[a] + logPair[e][a * kj + b] }) })
        let backward = Self.normalized((0..<ki).map { a in Self.logSumExp((0..<kj).map { b in cavityJ[b] + logPair[e][a * kj + b] }) })
        newToSecond[e] = damped(forward, toSecond[e])
        newToFirst[e] = damped(backward, toFirst[e])
        for b in 0..<kj { residual = max(residual, abs(exp(newToSecond[e][b]) - exp(toSecond[e][b]))) }
        for a in 0..<ki { residual = max(residual, abs(exp(newToFirst[e][a]) - exp(toFirst[e][a]))) }
      }
      (toSecond, toFirst) = (newToSecond, newToFirst)
      residuals.append(residual)
      if residual <= tolerance {
        converged = true
        break
      }
    }
    // Beliefs from the last messages.
    let totals = (0..<sizes.count).map { incoming($0, toSecond, toFirst) }
    let unary = totals.map { Self.probabilities($0) }
    var pairwise: [[Double]] = []
    for (e, edge) in field.edges.enumerated() {
      let (i, j) = (edge.first, edge.second)
      let kj = sizes[j]
      var logs: [Double] = []
      for a in 0..<sizes[i] {
        for b in 0..<kj { logs.append(totals[i][a] - toFirst[e][a] + totals[j][b] - toSecond[e][b] + logPair[e][a * kj + b]) }
      }
      pairwise.append(Self.probabilities(logs))
    }
    let energy = BetheFreeEnergy.value(of: field, unary: unary, pairwise: pairwise)
    return Result(unary: unary, pairwise: pairwise, converged: converged, iterations: iteration, residuals: residuals, betheFreeEnergy: energy)
  }

  /// log((1 − α) e^{new} + α e^{old}), elementwise.
  private func damped(_ new: [Double], _ old: [Double]) -> [Double] {
    guard damping > 0 else { return new }
    return zip(new, old).map { log((1 - damping) * exp($0) + damping * exp($1)) }
  }

  static func logSumExp(_ values: [Double]) -> Double {
    let top = values.max() ?? -.infinity
    guard top.isFinite else { return top }
    return top + log(values.reduce(0.0) { $0 + exp($1 - top) })
  }

  /// Log-values shifted so that their exponentials sum to 1.
  static func normalized(_ logs: [Double]) -> [Double] {
    let total = logSumExp(logs)
    return logs.map { $0 - total }
  }

  /// Probabilities proportional to the exponentials of `logs`.
  static func probabilities(_ logs: [Double]) -> [Double] {
    normalized(logs).map { exp($0) }
  }
}
