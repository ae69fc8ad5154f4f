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
    Self.totalCorrelation(of: try chosen(names), entropy: entropy(ofIndices:))
  }

  /// DTC of the variables named `names` (all when nil).
  public func dualTotalCorrelation(of names: [String]? = nil) throws(DiscreteDistributionError) -> Double {
    Self.dualTotalCorrelation(of: try chosen(names), entropy: entropy(ofIndices:))
  }

  /// The co-information of the variables named `names` (all when nil); for two variables
  /// the mutual information.
  ///
  /// - Complexity: 2ⁿ marginals for n variables.
  public func coInformation(of names: [String]? = nil) throws(DiscreteDistributionError) -> Double {
    let indices = try chosen(names)
    guard indices.count <= 24 else {
      throw .invalidParameter(name: "variables", value: "\(indices.count)", reason: "co-information needs 2^\(indices.count) marginal entropies; at most 24 variables are supported")
    }
    return Self.coInformation(of: indices, entropy: entropy(ofIndices:))
  }

  /// The positions of the variables named `names`, or of all of them when nil.
  private func chosen(_ names: [String]?) throws(DiscreteDistributionError) -> [Int] {
    guard let names else { return Array(variables.indices) }
    return try indices(of: names)
  }

  /// Σᵢ H(Xᵢ) − H(X) from the entropies of index sets (shared with `InformationProfile`,
  /// which caches them).
  static func totalCorrelation(of indices: [Int], entropy: (Set<Int>) -> Double) -> Double {
    let joint = entropy(Set(indices))
    let parts = indices.reduce(0.0) { $0 + entropy([$1]) }
    return nonNegative(parts - joint, scale: parts)
  }

  /// H(X) − Σᵢ H(Xᵢ | X₋ᵢ) from the entropies of index sets.
  static func dualTotalCorrelation(of indices: [Int], entropy: (Set<Int>) -> Double) -> Double {
    let all = Set(indices)
    let joint = entropy(all)
    let residual = indices.reduce(0.0) { $0 + joint - entropy(all.subtracting([$1])) }
    return nonNegative(joint - residual, scale: joint)
  }

  /// −Σ_{∅≠S} (−1)^|S| H(S) from the entropies of index sets.
  static func coInformation(of indices: [Int], entropy: (Set<Int>) -> Double) -> Double {
    var value = 0.0
    for mask in 1..<(1 << indices.count) {
      let subset = Set(indices.indices.filter { mask & (1 << $0) != 0 }.map { indices[$0] })
      value += (subset.count % 2 == 1 ? 1 : -1) * entropy(subset)
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
