import Foundation

/// The Bethe free energy of pseudo-marginals of a `PairwiseMarkovRandomField` (Bethe 1935;
/// Yedidia, Freeman & Weiss 2005):
///
///     F(b) = U(b) − H_Bethe(b),
///     U(b) = −Σ_{(i,j)} Σ bᵢⱼ log ψᵢⱼ − Σᵢ Σ bᵢ log φᵢ,
///     H_Bethe(b) = Σ_{(i,j)} H(bᵢⱼ) − Σᵢ (dᵢ − 1) H(bᵢ)   (dᵢ the degree of i),
///
/// and its MIME reading (as pairwise mutual information minus marginal entropies plus
/// energy): since Σ_{(i,j)} Iᵢⱼ = Σᵢ dᵢ H(bᵢ) − Σ H(bᵢⱼ) with Iᵢⱼ = H(bᵢ) + H(bⱼ) − H(bᵢⱼ),
///
///     F(b) = U(b) − Σᵢ H(bᵢ) + Σ_{(i,j)} Iᵢⱼ(b),
///
/// for any pseudo-marginals. At the fixed points of loopy belief propagation F is
/// stationary (Yedidia et al.), and on a tree its minimum is −log Z at the exact marginals.
public enum BetheFreeEnergy {
  /// F(b), +∞ where a belief puts mass on a configuration of zero potential.
  public static func value(of field: PairwiseMarkovRandomField, unary: [[Double]], pairwise: [[Double]]) -> Double {
    let parts = decomposition(of: field, unary: unary, pairwise: pairwise)
    return parts.energy - parts.marginalEntropy + parts.pairwiseInformation
  }

  /// The three terms of the MIME reading, and the Bethe entropy.
  public struct Decomposition: Sendable, Equatable {
    /// U(b).
    public var energy: Double
    /// Σᵢ H(bᵢ).
    public var marginalEntropy: Double
    /// Σ_{(i,j)} Iᵢⱼ(b).
    public var pairwiseInformation: Double
    /// H_Bethe(b) = Σ H(bᵢⱼ) − Σ (dᵢ − 1) H(bᵢ), computed directly.
    public var betheEntropy: Double
  }

  /// U, Σ H(bᵢ), Σ Iᵢⱼ and H_Bethe of the pseudo-marginals.
  public static func decomposition(of field: PairwiseMarkovRandomField, unary: [[Double]], pairwise: [[Double]]) -> Decomposition {
    func entropy(_ p: [Double]) -> Double { p.reduce(0.0) { $1 > 0 ? $0 - $1 * log($1) : $0 } }
    func energyTerm(_ b: [Double], _ potential: [Double]) -> Double {
      var sum = 0.0
      for (p, f) in zip(b, potential) where p > 0 {
        guard f > 0 else { return .infinity }
        sum -= p * log(f)
      }
      return sum
    }
    var energy = 0.0
    for (v, b) in unary.enumerated() { energy += energyTerm(b, field.unary[v]) }
    for (e, b) in pairwise.enumerated() { energy += energyTerm(b, field.edges[e].potential) }
    let single = unary.map(entropy)
    let pairEntropy = pairwise.map(entropy)
    var information = 0.0
    for (e, edge) in field.edges.enumerated() { information += single[edge.first] + single[edge.second] - pairEntropy[e] }
    var bethe = pairEntropy.reduce(0, +)
    for (v, h) in single.enumerated() { bethe -= Double(field.incidentEdges[v].count - 1) * h }
    return Decomposition(energy: energy, marginalEntropy: single.reduce(0, +), pairwiseInformation: information, betheEntropy: bethe)
  }
}
