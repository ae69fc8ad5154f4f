import MIEstimation
import MINumerics

/// Estimators of entropy, mutual information, conditional mutual information and total
/// correlation for discrete data, from the counts of observed symbols.
///
/// Every distinct row of a variable is a symbol (values are compared exactly, so any
/// numeric coding of categories works). Information quantities are sums of entropies,
/// each estimated by ``method``:
///
/// - I(X;Y) = H(X) + H(Y) − H(X,Y)
/// - I(X;Y|Z) = H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z)
/// - TC(X₁…X_m) = Σ H(Xᵢ) − H(X₁…X_m)
///
/// For James–Stein the shrinkage intensity λ is computed once on the full joint table (K =
/// the product of the numbers of observed symbols of each variable), and the marginal
/// entropies use the same λ: these are exactly the marginals of the shrunk joint
/// distribution, as in Hausser & Strimmer (2009), so the MI is that of one distribution.
///
/// Plug-in MI is biased upward by about (K_x − 1)(K_y − 1)/(2N); the corrections reduce
/// that bias. With many cells per sample every estimator degrades; Chao–Shen and
/// James–Stein degrade most gracefully.
///
/// - Complexity: O(N·d) expected (hashing).
public struct DiscreteEstimator: MutualInformationEstimator, ConditionalMutualInformationEstimator,
  TotalCorrelationEstimator, EntropyEstimator
{
  /// The entropy estimator used for every term.
  public var method: DiscreteEntropyMethod

  /// Creates the estimator (plug-in by default).
  public init(method: DiscreteEntropyMethod = .plugIn) {
    self.method = method
  }

  /// The method's name: `"plugin"`, `"miller-madow"`, `"james-stein"` or `"chao-shen"`.
  public var name: String { method.rawValue }

  /// Estimates H(X) in nats.
  public func entropy(_ x: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x)])
    guard x.rows > 0 else { throw .tooFewSamples(needed: 1, got: 0, reason: "entropy of an empty sample") }
    let coding = DiscreteCoding(x)
    let value = method.entropy(counts: coding.counts, cells: Double(coding.categories))
    var estimate = result(value, .entropy, n: x.rows, symbols: [coding.categories])
    estimate.warnings = Self.continuityWarnings([(.x, coding.categories)], samples: x.rows)
    return estimate
  }

  /// Warnings for variables with more distinct rows than half the samples (and at least 20).
  static func continuityWarnings(_ variables: [(VariableRole, Int)], samples: Int) -> [EstimationWarning] {
    variables.compactMap { role, categories in
      categories * 2 > samples && categories >= 20
        ? .continuousLookingVariable(role, distinctValues: categories, samples: samples) : nil
    }
  }

  /// Estimates I(X;Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    let value = try combination([(.x, x), (.y, y)], terms: [([0], 1), ([1], 1), ([0, 1], -1)])
    var estimate = result(value.value, .mutualInformation, n: x.rows, symbols: value.symbols)
    estimate.warnings = Self.continuityWarnings(zip([VariableRole.x, .y], value.symbols).map { ($0, $1) }, samples: x.rows)
    return estimate
  }

  /// Estimates I(X;Y|Z) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate {
    let value = try combination(
      [(.x, x), (.y, y), (.z, z)], terms: [([0, 2], 1), ([1, 2], 1), ([0, 1, 2], -1), ([2], -1)])
    var estimate = result(value.value, .conditionalMutualInformation, n: x.rows, symbols: value.symbols)
    estimate.warnings = Self.continuityWarnings(zip([VariableRole.x, .y, .z], value.symbols).map { ($0, $1) }, samples: x.rows)
    return estimate
  }

  /// Estimates the total correlation of two or more groups, in nats.
  public func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate {
    guard groups.count >= 2 else {
      throw .invalidParameter(name: "groups", value: String(groups.count), reason: "total correlation needs at least 2 groups")
    }
    var terms: [([Int], Double)] = groups.indices.map { ([$0], 1) }
    terms.append((Array(groups.indices), -1))
    let value = try combination(groups.enumerated().map { (VariableRole.group($0.offset), $0.element) }, terms: terms)
    var estimate = result(value.value, .totalCorrelation, n: groups[0].rows, symbols: value.symbols)
    estimate.warnings = Self.continuityWarnings(
      value.symbols.enumerated().map { (VariableRole.group($0.offset), $0.element) }, samples: groups[0].rows)
    return estimate
  }

  /// Σ sign · H(variables of the term).
  private func combination(
    _ variables: [(VariableRole, Matrix)], terms: [(members: [Int], sign: Double)]
  ) throws(EstimationError) -> (value: Double, symbols: [Int]) {
    try InputValidation.check(variables)
    let n = variables[0].1.rows
    guard n > 0 else { throw .tooFewSamples(needed: 1, got: 0, reason: "an empty sample") }
    let codings = variables.map { DiscreteCoding($0.1) }
    let cellsOf: ([Int]) -> Double = { members in members.reduce(1.0) { $0 * Double(codings[$1].categories) } }
    var shrinkage: Double? = nil
    if method == .jamesStein {
      let all = DiscreteCoding.joint(codings)
      shrinkage = DiscreteEntropyMethod.shrinkageIntensity(counts: all.counts, cells: cellsOf(Array(variables.indices)))
    }
    var value = 0.0
    for term in terms {
      let coding = DiscreteCoding.joint(term.members.map { codings[$0] })
      value += term.sign * method.entropy(counts: coding.counts, cells: cellsOf(term.members), shrinkage: shrinkage)
    }
    return (value, codings.map(\.categories))
  }

  private func result(_ value: Double, _ quantity: InformationQuantity, n: Int, symbols: [Int]) -> Estimate {
    Estimate(
      value: value, quantity: quantity, kind: .pointEstimate, estimator: name, sampleCount: n,
      parameters: [Parameter("method", .text(method.rawValue)), Parameter("symbols", .text(symbols.map(String.init).joined(separator: "×")))])
  }
}
