import Foundation

/// Exact Shannon measures of a `JointDistribution`, in nats, each from the entropies of
/// marginals (Cover & Thomas 2006, ch. 2; the multivariate ones as in `dit`):
/// - H(S) = −Σ p(x_S) log p(x_S);
/// - H(A | B) = H(A ∪ B) − H(B);
/// - I(A; B) = H(A) + H(B) − H(A ∪ B), and I(A; B | C) = H(A ∪ C) + H(B ∪ C) − H(A ∪ B ∪ C) − H(C);
/// - total correlation (multi-information, Watanabe 1960) TC = Σᵢ H(Xᵢ) − H(X₁, …, Xₙ);
/// - dual total correlation (binding information, Han 1978) DTC = H(X) − Σᵢ H(Xᵢ | X₋ᵢ);
/// - co-information (McGill 1954; Bell 2003) I(X₁; …; Xₙ) = −Σ_{∅≠S⊆V} (−1)^|S| H(S), so that
///   for three variables it is I(X; Y) − I(X; Y | Z) and can be negative (XOR: −log 2).
///
/// Sets of variables are given by name and may overlap (I(X; X) = H(X)). Quantities that
/// cannot be negative are returned as 0 when rounding leaves them below 0 by less than
/// 10⁻¹² of the entropies involved.
extension JointDistribution {
  /// H of the variables named `names` (0 for none).
  public func entropy(of names: [String]) throws(DiscreteDistributionError) -> Double {
    try entropy(ofIndices: Set(indices(of: names)))
  }

  /// H(X₁, …, Xₙ), the joint entropy of every variable.
  public var entropy: Double { Self.entropy(probabilities) }

  /// H(A | B).
  public func conditionalEntropy(of a: [String], given b: [String]) throws(DiscreteDistributionError) -> Double {
    let (ia, ib) = (Set(try indices(of: a)), Set(try indices(of: b)))
    let joint = entropy(ofIndices: ia.union(ib))
    return Self.nonNegative(joint - entropy(ofIndices: ib), scale: joint)
  }

  /// I(A; B).
  public func mutualInformation(between a: [String], and b: [String]) throws(DiscreteDistributionError) -> Double {
    try mutualInformation(between: a, and: b, given: [])
  }

  /// I(A; B | C).
  public func mutualInformation(between a: [String], and b: [String], given c: [String]) throws(DiscreteDistributionError) -> Double {
    let (ia, ib, ic) = (Set(try indices(of: a)), Set(try indices(of: b)), Set(try indices(of: c)))
    return conditionalMutualInformation(ia, ib, ic)
  }

  /// TC of the variables named `names` (all when nil), each its own part.
  public func totalCorrelation(of names: [String]? = nil) throws(DiscreteDistributionError) -> Double {
    let chosen = try names.map { names throws(DiscreteDistributionError) in try indices(of: names) } ?? Array(variables.indices)
    let joint = entropy(ofIndices: Set(chosen))
    let parts = chosen.reduce(0.0) { $0 + entropy(ofIndices: [$1]) }
    return Self.nonNegative(parts - joint, scale: parts)
  }

  /// DTC of the variables named `names` (all when nil).
  public func dualTotalCorrelation(of names: [String]? = nil) throws(DiscreteDistributionError) -> Double {
    let chosen = try names.map { names throws(DiscreteDistributionError) in try indices(of: names) } ?? Array(variables.indices)
    let all = Set(chosen)
    let joint = entropy(ofIndices: all)
    let residual = chosen.reduce(0.0) { $0 + joint - entropy(ofIndices: all.subtracting([$1])) }
    return Self.nonNegative(joint - residual, scale: joint)
  }

  /// The co-information of the variables named `names` (all when nil); for two variables
  /// the mutual information.
  ///
  /// - Complexity: 2ⁿ marginals for n variables.
  public func coInformation(of names: [String]? = nil) throws(DiscreteDistributionError) -> Double {
    let chosen = try names.map { names throws(DiscreteDistributionError) in try indices(of: names) } ?? Array(variables.indices)
    guard chosen.count <= 24 else { throw .malformedTable(source: "co-information", line: nil, reason: "\(chosen.count) variables need 2^\(chosen.count) marginal entropies; at most 24 are supported") }
    var value = 0.0
    for mask in 1..<(1 << chosen.count) {
      let subset = Set(chosen.indices.filter { mask & (1 << $0) != 0 }.map { chosen[$0] })
      value += (subset.count % 2 == 1 ? 1 : -1) * entropy(ofIndices: subset)
    }
    return value
  }

  /// I(A; B | C) from index sets.
  func conditionalMutualInformation(_ a: Set<Int>, _ b: Set<Int>, _ c: Set<Int>) -> Double {
    let (ac, bc, abc, hc) = (entropy(ofIndices: a.union(c)), entropy(ofIndices: b.union(c)), entropy(ofIndices: a.union(b).union(c)), entropy(ofIndices: c))
    return Self.nonNegative(ac + bc - abc - hc, scale: ac + bc)
  }

  /// H of the variables at `indices`.
  func entropy(ofIndices indices: Set<Int>) -> Double {
    if indices.isEmpty { return 0 }
    if indices.count == variables.count { return entropy }
    return Self.entropy(marginalEntries(indices.sorted()).probabilities)
  }

  /// −Σ p log p over positive p.
  static func entropy(_ probabilities: [Double]) -> Double {
    var h = 0.0
    for p in probabilities where p > 0 { h -= p * log(p) }
    return max(h, 0)
  }

  /// `value`, or 0 when it is negative by rounding only (less than 10⁻¹² of `scale`).
  static func nonNegative(_ value: Double, scale: Double) -> Double {
    value < 0 && value > -1e-12 * max(abs(scale), 1) ? 0 : value
  }
}
