import Foundation

/// A convergent minimizer of the Bethe free energy: Yuille's concave–convex procedure
/// (CCCP; Yuille 2002) as a double loop (Heskes 2006).
///
/// On the local polytope (edge beliefs bᵢⱼ whose margins are the node beliefs bᵢ),
///
///     F(b) = Σ_{(i,j)} Σ bᵢⱼ log(bᵢⱼ / ψ̃ᵢⱼ) + Σᵢ (nᵢ − 1) H(bᵢ),
///
/// with ψ̃ᵢⱼ = ψᵢⱼ φᵢ^{1/nᵢ} φⱼ^{1/nⱼ} (nᵢ the degree of i). The first sum is convex; the
/// second is concave (nᵢ ≥ 1). The outer loop replaces each H(bᵢ) by its tangent at the
/// current beliefs b̄ᵢ, an upper bound, so minimizing the bound never raises F: F falls at
/// every outer iteration. The inner loop minimizes the convex bound exactly by coordinate
/// ascent on its dual: with λᵢⱼ(xᵢ) the multipliers of the constraints Σ_{xⱼ} bᵢⱼ = bᵢ,
/// bᵢⱼ ∝ ψ̃ᵢⱼ e^{λᵢⱼ(xᵢ) + λⱼᵢ(xⱼ)}, and a node's update sets its belief to
///
///     bᵢ ∝ exp[(−cᵢ − Σⱼ λᵢⱼ + Σⱼ log μᵢⱼ) / nᵢ],   cᵢ = −(nᵢ − 1)(log b̄ᵢ + 1),
///
/// where μᵢⱼ is the current margin of bᵢⱼ on xᵢ, and moves every λᵢⱼ by log(bᵢ / μᵢⱼ), which
/// makes all its edges agree with bᵢ. MIME reads the same objective as pairwise MI minus
/// marginal entropies plus energy (`BetheFreeEnergy`); this is the convergent algorithm for
/// it. Where loopy belief propagation oscillates (frustrated loops), the double loop still
/// converges.
public struct BetheDoubleLoop: Sendable {
  /// Outer iterations at most.
  public var maximumOuterIterations: Int
  /// Inner sweeps at most per outer iteration.
  public var maximumInnerSweeps: Int
  /// Stop the inner loop when no edge's margin differs from its node's belief by more than
  /// this; stop the outer loop when F falls by less than this.
  public var tolerance: Double

  /// A double loop of at most 500 outer iterations of at most 500 sweeps, to 10⁻¹⁰.
  public init(maximumOuterIterations: Int = 500, maximumInnerSweeps: Int = 500, tolerance: Double = 1e-10) {
    self.maximumOuterIterations = maximumOuterIterations
    self.maximumInnerSweeps = maximumInnerSweeps
    self.tolerance = tolerance
  }

  /// The beliefs found and the free energy after every outer iteration.
  public struct Result: Sendable {
    /// bᵢ of each variable.
    public var unary: [[Double]]
    /// bᵢⱼ of each edge, row-major as its potential.
    public var pairwise: [[Double]]
    /// F after each outer iteration (non-increasing).
    public var freeEnergies: [Double]
    /// Whether F settled (fell by less than the tolerance) within the budget.
    public var converged: Bool
  }

  /// Minimizes the Bethe free energy of `field` from uniform node beliefs.
  ///
  /// - Throws: for a budget below 1 or a tolerance that is negative or not finite.
  public func minimize(_ field: PairwiseMarkovRandomField) throws(DiscreteDistributionError) -> Result {
    guard maximumOuterIterations >= 1, maximumInnerSweeps >= 1 else {
      throw .invalidParameter(name: "iterations", value: "\(maximumOuterIterations) / \(maximumInnerSweeps)", reason: "both budgets must be at least 1")
    }
    guard tolerance >= 0, tolerance.isFinite else { throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0") }
    let sizes = field.variables.map(\.count)
    let degree = field.incidentEdges.map(\.count)
    // log ψ̃ of each edge.
    let logTilted = field.edges.map { edge -> [Double] in
      let (i, j, kj) = (edge.first, edge.second, sizes[edge.second])
      return edge.potential.indices.map { cell in
        log(edge.potential[cell]) + log(field.unary[i][cell / kj]) / Double(degree[i]) + log(field.unary[j][cell % kj]) / Double(degree[j])
      }
    }
    // λ on the first and on the second variable of each edge.
    var lambdaFirst = field.edges.map { [Double](repeating: 0, count: sizes[$0.first]) }
    var lambdaSecond = field.edges.map { [Double](repeating: 0, count: sizes[$0.second]) }
    func edgeBelief(_ e: Int) -> [Double] {
      let edge = field.edges[e]
      let kj = sizes[edge.second]
      return Self.probabilities(logTilted[e].indices.map { logTilted[e][$0] + lambdaFirst[e][$0 / kj] + lambdaSecond[e][$0 % kj] })
    }
    func margin(_ belief: [Double], _ e: Int, on v: Int) -> [Double] {
      let edge = field.edges[e]
      let kj = sizes[edge.second]
      var result = [Double](repeating: 0, count: sizes[v])
      for (cell, p) in belief.enumerated() { result[v == edge.first ? cell / kj : cell % kj] += p }
      return result
    }
    // Isolated variables keep φ; the others start uniform.
    var nodes = (0..<sizes.count).map { v in
      degree[v] == 0 ? Self.probabilities(field.unary[v].map { log($0) }) : [Double](repeating: 1 / Double(sizes[v]), count: sizes[v])
    }
    var energies: [Double] = []
    var converged = false
    for _ in 0..<maximumOuterIterations {
      let reference = nodes
      for _ in 0..<maximumInnerSweeps {
        var disagreement = 0.0
        for v in 0..<sizes.count where degree[v] > 0 {
          let c = reference[v].map { -Double(degree[v] - 1) * (log(max($0, 1e-300)) + 1) }
          var exponent = c.map { -$0 }
          var margins: [(edge: Int, margin: [Double])] = []
          for e in field.incidentEdges[v] {
            let mu = margin(edgeBelief(e), e, on: v)
            margins.append((e, mu))
            let lambda = field.edges[e].first == v ? lambdaFirst[e] : lambdaSecond[e]
            for o in 0..<sizes[v] { exponent[o] += log(max(mu[o], 1e-300)) - lambda[o] }
          }
          let belief = Self.probabilities(exponent.map { $0 / Double(degree[v]) })
          for (e, mu) in margins {
            for o in 0..<sizes[v] {
              disagreement = max(disagreement, abs(mu[o] - belief[o]))
              let shift = log(max(belief[o], 1e-300)) - log(max(mu[o], 1e-300))
              if field.edges[e].first == v { lambdaFirst[e][o] += shift } else { lambdaSecond[e][o] += shift }
            }
          }
          nodes[v] = belief
        }
        if disagreement <= tolerance { break }
      }
      let pairwise = field.edges.indices.map(edgeBelief)
      let energy = BetheFreeEnergy.value(of: field, unary: nodes, pairwise: pairwise)
      if let last = energies.last, last - energy < tolerance {
        energies.append(energy)
        converged = true
        break
      }
      energies.append(energy)
    }
    return Result(unary: nodes, pairwise: field.edges.indices.map(edgeBelief), freeEnergies: energies, converged: converged)
  }

  /// Probabilities proportional to the exponentials of `logs` (shifted by their largest
  /// value, so that no exponential overflows).
  static func probabilities(_ logs: [Double]) -> [Double] {
    let top = logs.max() ?? -.infinity
    guard top.isFinite else { return logs.map { _ in 1 / Double(logs.count) } }
    let weights = logs.map { exp($0 - top) }
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }
}
