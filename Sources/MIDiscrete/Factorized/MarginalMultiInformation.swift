import Foundation

/// The average multi-information of a collection of margins, a proxy for the
/// multi-information of the whole (MULTI: factorized MI maximization):
///
///     F(p) = (1/|M|) Σ_{S ∈ M} TC(p_S),   TC(p_S) = Σ_{i ∈ S} H(Xᵢ) − H(X_S),
///
/// over margins S given as sets of variables (all pairs by default). It needs only the
/// margins' tables, so it scales where the full multi-information (one margin, every
/// variable) does not. Evaluated on dense tables over the variables' alphabets (C order,
/// the last variable fastest), with its gradient for mirror ascent
/// (`MultiInformationMaximizer`):
///
///     ∂F/∂p(x) = (1/|M|) Σ_S [log p_S(x_S) − Σ_{i ∈ S} log pᵢ(xᵢ)] + a constant.
public struct MarginalMultiInformation: Sendable {
  /// The variables and their alphabets.
  public let variables: [DiscreteVariable]
  /// The margins, each a sorted list of variable positions.
  public let margins: [[Int]]

  /// The objective over `variables` with the margins named by `margins` (each at least two
  /// variables).
  ///
  /// - Throws: for an unknown or repeated name, a margin of fewer than two variables, no
  ///   margins, or a table of more than 2²⁴ cells.
  public init(variables: [DiscreteVariable], margins: [[String]]) throws(DiscreteDistributionError) {
    try JointDistribution.check(variables)
    guard !margins.isEmpty else { throw .empty(what: "the list of margins") }
    let names = variables.map(\.name)
    var resolved: [[Int]] = []
    for margin in margins {
      var indices: [Int] = []
      for name in margin {
        guard let index = names.firstIndex(of: name) else { throw .unknownVariable(name: name, available: names) }
        indices.append(index)
      }
      guard Set(indices).count == indices.count else { throw .duplicate(what: "a variable in the margin \(margin)") }
      guard indices.count >= 2 else {
        throw .invalidParameter(name: "margin", value: "\(margin)", reason: "needs at least two variables (one alone has no multi-information)")
      }
      resolved.append(indices.sorted())
    }
    let cells = variables.reduce(1.0) { $0 * Double($1.count) }
    guard cells <= Double(1 << 24) else {
      throw .invalidParameter(name: "table size", value: String(format: "%.3g cells", cells), reason: "dense tables of at most 2^24 cells are optimized")
    }
    self.variables = variables
    self.margins = resolved
  }

  /// The average over every pair of variables.
  public static func pairwise(_ variables: [DiscreteVariable]) throws(DiscreteDistributionError) -> MarginalMultiInformation {
    let names = variables.map(\.name)
    var pairs: [[String]] = []
    for i in names.indices { for j in names.indices where j > i { pairs.append([names[i], names[j]]) } }
    return try MarginalMultiInformation(variables: variables, margins: pairs)
  }

  /// The multi-information itself: one margin of every variable.
  public static func full(_ variables: [DiscreteVariable]) throws(DiscreteDistributionError) -> MarginalMultiInformation {
    try MarginalMultiInformation(variables: variables, margins: [variables.map(\.name)])
  }

  /// The number of cells of the dense table.
  public var cellCount: Int { variables.reduce(1) { $0 * $1.count } }

  /// F of a distribution over the same variables (by name).
  public func value(of distribution: JointDistribution) throws(DiscreteDistributionError) -> Double {
    let positions = try distribution.indices(of: variables.map(\.name))
    var total = 0.0
    for margin in margins {
      total += try distribution.totalCorrelation(of: margin.map { distribution.variables[positions[$0]].name })
    }
    return total / Double(margins.count)
  }

  /// The positions of every cell's outcome of each variable, computed once per table.
  func outcomes() -> [[Int]] {
    let sizes = variables.map(\.count)
    var result = [[Int]](repeating: [], count: cellCount)
    var index = [Int](repeating: 0, count: sizes.count)
    for cell in 0..<cellCount {
      result[cell] = index
      OutcomeIndex.advance(&index, sizes: sizes)
    }
    return result
  }

  /// F and its gradient at the dense table `p` (cells given by `outcomes`).
  func valueAndGradient(_ p: [Double], outcomes: [[Int]]) -> (value: Double, gradient: [Double]) {
    let sizes = variables.map(\.count)
    // Single-variable marginals, shared by every margin.
    var singles = sizes.map { [Double](repeating: 0, count: $0) }
    for (cell, outcome) in outcomes.enumerated() where p[cell] > 0 {
      for (v, o) in outcome.enumerated() { singles[v][o] += p[cell] }
    }
    let logSingles = singles.map { $0.map { log(max($0, 1e-300)) } }
    let entropies = singles.map { $0.reduce(0.0) { $1 > 0 ? $0 - $1 * log($1) : $0 } }
    var value = 0.0
    var gradient = [Double](repeating: 0, count: p.count)
    for margin in margins {
      var strides = [Int](repeating: 1, count: margin.count)
      for k in stride(from: margin.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * sizes[margin[k + 1]] }
      let size = strides[0] * sizes[margin[0]]
      var joint = [Double](repeating: 0, count: size)
      var keys = [Int](repeating: 0, count: p.count)
      for (cell, outcome) in outcomes.enumerated() {
        var key = 0
        for (k, v) in margin.enumerated() { key += outcome[v] * strides[k] }
        keys[cell] = key
        joint[key] += p[cell]
      }
      let jointEntropy = joint.reduce(0.0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
      value += margin.reduce(0.0) { $0 + entropies[$1] } - jointEntropy
      let logJoint = joint.map { log(max($0, 1e-300)) }
      for (cell, outcome) in outcomes.enumerated() {
        var g = logJoint[keys[cell]]
        for v in margin { g -= logSingles[v][outcome[v]] }
        gradient[cell] += g
      }
    }
    let scale = 1 / Double(margins.count)
    return (max(value * scale, 0), gradient.map { $0 * scale })
  }
}
