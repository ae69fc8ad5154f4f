/// A joint probability distribution over named discrete variables, P(X₁ = x₁, …, Xₙ = xₙ),
/// stored by its support: the outcomes of positive probability, each one index per
/// variable into that variable's alphabet, with their probabilities (summing to 1).
///
/// Sparse storage keeps a distribution over many variables as small as its support (a
/// pmf file of 100 rows over 30 ten-valued variables needs 100 entries, not 10³⁰), and
/// every measure is a sum over the support or over a marginal's.
///
/// Build one from a dense table of probabilities or counts (the last variable varies
/// fastest, as in NumPy's C order), from its entries, or from samples; read one from a
/// CSV file with `ProbabilityTableFile`. Probabilities that sum to 1 within `tolerance`
/// (default 10⁻⁹) are divided by their sum; others are refused, and counts are normalized.
public struct JointDistribution: Sendable, Equatable {
  /// The variables, in the order of the table's axes.
  public private(set) var variables: [DiscreteVariable]
  /// The outcomes of positive probability: `support[s][v]` indexes variable v's alphabet.
  public private(set) var support: [[Int]]
  /// P(support[s]), parallel to `support`; positive, summing to 1.
  public private(set) var probabilities: [Double]

  /// How far from 1 the probabilities given may sum: 10⁻⁹, room for the rounding of a
  /// table written with 10 or more significant digits.
  public static let defaultTolerance = 1e-9

  /// The variables' names, in order.
  public var names: [String] { variables.map(\.name) }

  /// A distribution from entries already checked: the support and its probabilities.
  init(checkedVariables variables: [DiscreteVariable], support: [[Int]], probabilities: [Double]) {
    self.variables = variables
    self.support = support
    self.probabilities = probabilities
  }

  /// The distribution with the dense table `probabilities` over `variables`: entry
  /// i₁·(n₂⋯nₖ) + … + iₖ is P(X₁ = outcome i₁, …, Xₖ = outcome iₖ) (C order, the last
  /// variable fastest).
  ///
  /// - Throws: for an empty or repeated variable or outcome, a table of the wrong size, an
  ///   entry that is negative or not finite (naming it), or a sum off 1 by more than
  ///   `tolerance`.
  public init(variables: [DiscreteVariable], probabilities: [Double], tolerance: Double = defaultTolerance) throws(DiscreteDistributionError) {
    try self.init(variables: variables, dense: probabilities, normalizing: false, tolerance: tolerance)
  }

  /// The distribution proportional to the dense table of `counts` (any non-negative
  /// weights, C order as for probabilities).
  public init(variables: [DiscreteVariable], counts: [Double]) throws(DiscreteDistributionError) {
    try self.init(variables: variables, dense: counts, normalizing: true, tolerance: 0)
  }

  private init(variables: [DiscreteVariable], dense: [Double], normalizing: Bool, tolerance: Double) throws(DiscreteDistributionError) {
    try Self.check(variables)
    let sizes = variables.map(\.count)
    var expected = 1
    for size in sizes {
      let (product, overflow) = expected.multipliedReportingOverflow(by: size)
      guard !overflow else { throw .shapeMismatch(expected: Int.max, got: dense.count, sizes: sizes) }
      expected = product
    }
    guard dense.count == expected else { throw .shapeMismatch(expected: expected, got: dense.count, sizes: sizes) }
    var entries: [(outcome: [Int], value: Double)] = []
    var index = [Int](repeating: 0, count: sizes.count)
    for (flat, value) in dense.enumerated() {
      if flat > 0 { OutcomeIndex.advance(&index, sizes: sizes) }
      guard value.isFinite, value >= 0 else {
        throw .invalidProbability(index: flat, outcome: Self.describe(index, variables), value: value)
      }
      if value > 0 { entries.append((index, value)) }
    }
    try self.init(variables: variables, entries: entries, normalizing: normalizing, tolerance: tolerance)
  }

  /// The distribution with the given entries: each an outcome of every variable, in order,
  /// and its probability; outcomes not listed have probability 0.
  ///
  /// - Throws: for an outcome outside its variable's alphabet, an outcome listed twice, a
  ///   probability that is negative or not finite, or a sum off 1 by more than `tolerance`.
  public init(
    variables: [DiscreteVariable], entries: [(outcomes: [String], probability: Double)], tolerance: Double = defaultTolerance
  ) throws(DiscreteDistributionError) {
    try Self.check(variables)
    let lookups = variables.map { variable in
      Dictionary(uniqueKeysWithValues: variable.outcomes.enumerated().map { ($0.element, $0.offset) })
    }
    var indexed: [(outcome: [Int], value: Double)] = []
    for (row, entry) in entries.enumerated() {
      guard entry.outcomes.count == variables.count else {
        throw .sampleWidth(row: row, expected: variables.count, got: entry.outcomes.count)
      }
      var outcome: [Int] = []
      for (v, label) in entry.outcomes.enumerated() {
        guard let i = lookups[v][label] else {
          throw .unknownOutcome(variable: variables[v].name, outcome: label, alphabet: variables[v].outcomes)
        }
        outcome.append(i)
      }
      guard entry.probability.isFinite, entry.probability >= 0 else {
        throw .invalidProbability(index: row, outcome: Self.describe(outcome, variables), value: entry.probability)
      }
      indexed.append((outcome, entry.probability))
    }
    var seen = Set<[Int]>()
    for entry in indexed where !seen.insert(entry.outcome).inserted {
      throw .duplicate(what: "the outcome \(Self.describe(entry.outcome, variables))")
    }
    try self.init(variables: variables, entries: indexed.filter { $0.value > 0 }, normalizing: false, tolerance: tolerance)
  }

  /// The empirical distribution of `samples`: each row one joint observation of the
  /// variables `names`, in order. Each alphabet holds the values seen, sorted (numerically
  /// when every value is a number).
  public init(names: [String], samples: [[String]]) throws(DiscreteDistributionError) {
    guard !samples.isEmpty else { throw .empty(what: "the sample") }
    for (row, sample) in samples.enumerated() where sample.count != names.count {
      throw .sampleWidth(row: row, expected: names.count, got: sample.count)
    }
    let variables = names.indices.map { v in
      DiscreteVariable(names[v], outcomes: Self.sortedAlphabet(Set(samples.map { $0[v] })))
    }
    var counts: [[String]: Double] = [:]
    for sample in samples { counts[sample, default: 0] += 1 }
    let entries = counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (outcomes: $0.key, probability: $0.value / Double(samples.count)) }
    try self.init(variables: variables, entries: entries, tolerance: 1e-9)
  }

  /// Normalizes checked, positive entries (or refuses a sum off 1) and sorts the support.
  private init(variables: [DiscreteVariable], entries: [(outcome: [Int], value: Double)], normalizing: Bool, tolerance: Double) throws(DiscreteDistributionError) {
    let total = entries.reduce(0.0) { $0 + $1.value }
    guard total > 0 else { throw .zeroTotal }
    if !normalizing, abs(total - 1) > tolerance { throw .notNormalized(sum: total, tolerance: tolerance) }
    let sorted = entries.sorted { $0.outcome.lexicographicallyPrecedes($1.outcome) }
    self.init(checkedVariables: variables, support: sorted.map(\.outcome), probabilities: sorted.map { $0.value / total })
  }

  /// Refuses no variables, an empty alphabet, or a name or outcome given twice.
  static func check(_ variables: [DiscreteVariable]) throws(DiscreteDistributionError) {
    guard !variables.isEmpty else { throw .empty(what: "the list of variables") }
    var names = Set<String>()
    for variable in variables {
      guard names.insert(variable.name).inserted else { throw .duplicate(what: "the variable name '\(variable.name)'") }
      guard !variable.outcomes.isEmpty else { throw .empty(what: "the alphabet of \(variable.name)") }
      var outcomes = Set<String>()
      for outcome in variable.outcomes where !outcomes.insert(outcome).inserted {
        throw .duplicate(what: "the outcome '\(outcome)' of \(variable.name)")
      }
    }
  }

  /// "(X=a, Y=b)".
  static func describe(_ outcome: [Int], _ variables: [DiscreteVariable]) -> String {
    "(" + zip(variables, outcome).map { "\($0.name)=\($0.outcomes[$1])" }.joined(separator: ", ") + ")"
  }

  /// Values sorted as numbers when all are numbers, otherwise as text.
  static func sortedAlphabet(_ values: Set<String>) -> [String] {
    let numbers = values.map { Double($0) }
    if numbers.allSatisfy({ $0 != nil }) {
      return zip(values, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map(\.0)
    }
    return values.sorted()
  }

  /// The position of the variable named `name`.
  public func index(of name: String) throws(DiscreteDistributionError) -> Int {
    guard let index = variables.firstIndex(where: { $0.name == name }) else {
      throw .unknownVariable(name: name, available: names)
    }
    return index
  }

  /// The positions of the variables named `names`.
  func indices(of names: [String]) throws(DiscreteDistributionError) -> [Int] {
    var result: [Int] = []
    for name in names { result.append(try index(of: name)) }
    return result
  }
}
