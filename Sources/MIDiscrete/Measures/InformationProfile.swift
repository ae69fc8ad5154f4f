/// Every exact Shannon measure of a distribution that `mi exact` reports, in nats: the
/// entropy of each variable and of the whole, the MI of every pair and that MI given all
/// the other variables, the total correlation, the dual total correlation and the
/// co-information (formulas in `JointDistribution`'s Shannon measures).
///
/// Each marginal entropy is computed once: O(n² + 2ⁿ) marginals for n variables, each
/// O(support). The co-information needs all 2ⁿ; above `coInformationLimit` variables it is
/// left out (nil) and `notes` says so.
public struct InformationProfile: Sendable, Equatable {
  /// One pair of variables.
  public struct Pair: Sendable, Equatable {
    /// The first variable's name (earlier in the table).
    public var first: String
    /// The second variable's name.
    public var second: String
    /// I(first; second).
    public var mutualInformation: Double
    /// I(first; second | every other variable); equal to the MI when there are only two.
    public var conditionalMutualInformation: Double
  }

  /// The variables' names, in order.
  public var variables: [String]
  /// H(Xᵢ) of each variable, in order.
  public var entropies: [Double]
  /// H(X₁, …, Xₙ).
  public var jointEntropy: Double
  /// Every pair i < j, in order.
  public var pairs: [Pair]
  /// Σ H(Xᵢ) − H(X).
  public var totalCorrelation: Double
  /// H(X) − Σ H(Xᵢ | X₋ᵢ).
  public var dualTotalCorrelation: Double
  /// I(X₁; …; Xₙ), nil above `coInformationLimit` variables.
  public var coInformation: Double?
  /// What was left out and why.
  public var notes: [String]

  /// The most variables whose co-information is computed (2¹⁶ marginals).
  public static let coInformationLimit = 16

  /// Computes the profile of `distribution`.
  public init(_ distribution: JointDistribution) {
    let n = distribution.variables.count
    var cache: [[Int]: Double] = [:]
    func h(_ indices: Set<Int>) -> Double {
      let key = indices.sorted()
      if let cached = cache[key] { return cached }
      let value = distribution.entropy(ofIndices: indices)
      cache[key] = value
      return value
    }
    let all = Set(0..<n)
    variables = distribution.names
    entropies = (0..<n).map { h([$0]) }
    jointEntropy = h(all)
    var pairs: [Pair] = []
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) {
        let mi = JointDistribution.nonNegative(entropies[i] + entropies[j] - h([i, j]), scale: entropies[i] + entropies[j])
        let rest = all.subtracting([i, j])
        let (ir, jr, ijr, r) = (h(rest.union([i])), h(rest.union([j])), h(all), h(rest))
        let cmi = JointDistribution.nonNegative(ir + jr - ijr - r, scale: ir + jr)
        pairs.append(Pair(first: variables[i], second: variables[j], mutualInformation: mi, conditionalMutualInformation: cmi))
      }
    }
    self.pairs = pairs
    let indices = Array(0..<n)
    totalCorrelation = JointDistribution.totalCorrelation(of: indices, entropy: h)
    dualTotalCorrelation = JointDistribution.dualTotalCorrelation(of: indices, entropy: h)
    notes = []
    if n <= Self.coInformationLimit {
      coInformation = JointDistribution.coInformation(of: indices, entropy: h)
    } else {
      coInformation = nil
      notes.append("co-information left out: \(n) variables need the entropies of 2^\(n) marginals (at most \(Self.coInformationLimit) variables)")
    }
  }
}
