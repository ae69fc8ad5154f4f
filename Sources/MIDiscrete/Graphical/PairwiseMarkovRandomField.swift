import Foundation

/// A pairwise Markov random field over discrete variables:
///
///     p(x) = (1/Z) Πᵢ φᵢ(xᵢ) Π_{(i,j) ∈ E} ψᵢⱼ(xᵢ, xⱼ),
///
/// with non-negative unary potentials φᵢ (one per outcome of each variable) and pairwise
/// potentials ψᵢⱼ (a table, rows xᵢ, columns xⱼ) on the edges of any graph. `exactInference()`
/// enumerates every configuration (the reference for small models); `BeliefPropagation`
/// runs loopy sum-product; `BetheFreeEnergy` scores pseudo-marginals.
public struct PairwiseMarkovRandomField: Sendable {
  /// One edge and its potential.
  public struct Edge: Sendable, Equatable {
    /// The positions of its two variables (first < second is not required).
    public var first: Int
    public var second: Int
    /// ψ(x_first, x_second), row-major: `potential[a * k_second + b]`.
    public var potential: [Double]
  }

  /// The variables and their alphabets.
  public let variables: [DiscreteVariable]
  /// φᵢ, one array per variable.
  public let unary: [[Double]]
  /// The edges.
  public let edges: [Edge]
  /// For each variable, the edges at it (positions in `edges`).
  public let incidentEdges: [[Int]]

  /// A field over `variables` with unary potentials (by variable name; missing ones are 1)
  /// and edges (two names and a table indexed [outcome of the first][outcome of the second]).
  ///
  /// - Throws: for an unknown variable name (naming the edge), an edge from a variable to
  ///   itself or given twice, a table of the wrong shape, a potential that is negative or
  ///   not finite, or one that is zero everywhere (no configuration would be possible).
  public init(
    variables: [DiscreteVariable], unary: [String: [Double]] = [:], edges: [(String, String, [[Double]])]
  ) throws(DiscreteDistributionError) {
    try JointDistribution.check(variables)
    let names = variables.map(\.name)
    let positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
    func position(_ name: String, _ context: String) throws(DiscreteDistributionError) -> Int {
      guard let index = positions[name] else {
        throw .invalidParameter(name: context, value: "'\(name)'", reason: "is not a variable of the field; the variables are \(names.joined(separator: ", "))")
      }
      return index
    }
    var unaryTables = variables.map { [Double](repeating: 1, count: $0.count) }
    for (name, table) in unary.sorted(by: { $0.key < $1.key }) {
      let v = try position(name, "unary potential")
      guard table.count == variables[v].count else {
        throw .invalidParameter(name: "unary potential of \(name)", value: "\(table.count) entries", reason: "\(name) has \(variables[v].count) outcomes")
      }
      try Self.checkPotential(table, "unary potential of \(name)")
      unaryTables[v] = table
    }
    var built: [Edge] = []
    var seen = Set<[Int]>()
    for (a, b, table) in edges {
      let context = "edge \(a)–\(b)"
      let (i, j) = (try position(a, context), try position(b, context))
      guard i != j else { throw .invalidParameter(name: context, value: "\(a)–\(a)", reason: "joins a variable to itself") }
      guard seen.insert([min(i, j), max(i, j)]).inserted else { throw .duplicate(what: "the \(context)") }
      guard table.count == variables[i].count, table.allSatisfy({ $0.count == variables[j].count }) else {
        throw .invalidParameter(
          name: "potential of the \(context)", value: "\(table.count) × \(table.first?.count ?? 0)",
          reason: "needs \(variables[i].count) rows (outcomes of \(a)) × \(variables[j].count) columns (outcomes of \(b))")
      }
      let flat = table.flatMap { $0 }
      try Self.checkPotential(flat, "potential of the \(context)")
      built.append(Edge(first: i, second: j, potential: flat))
    }
    self.variables = variables
    self.unary = unaryTables
    self.edges = built
    var incident = [[Int]](repeating: [], count: variables.count)
    for (e, edge) in built.enumerated() {
      incident[edge.first].append(e)
      incident[edge.second].append(e)
    }
    self.incidentEdges = incident
  }

  private static func checkPotential(_ values: [Double], _ name: String) throws(DiscreteDistributionError) {
    if let bad = values.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
      throw .invalidParameter(name: "\(name), entry \(bad)", value: "\(values[bad])", reason: "potentials must be finite and ≥ 0")
    }
    guard values.contains(where: { $0 > 0 }) else {
      throw .invalidParameter(name: name, value: "zero everywhere", reason: "no configuration would have positive probability")
    }
  }

  /// An Ising model on a width × height grid of ±1 spins (outcomes "-1", "+1"):
  /// ψ(s, t) = e^{J s t} on each edge between neighbours and φ(s) = e^{h s}, with the
  /// coupling J and field h of each edge and site given by the closures (row-major sites
  /// s₀ = (0, 0), s₁ = (1, 0), …).
  public static func isingGrid(
    width: Int, height: Int, coupling: (Int, Int) -> Double, field: (Int) -> Double
  ) throws(DiscreteDistributionError) -> PairwiseMarkovRandomField {
    let spins = [-1.0, 1.0]
    let variables = (0..<(width * height)).map { DiscreteVariable("s\($0)", outcomes: ["-1", "+1"]) }
    var unary: [String: [Double]] = [:]
    for site in 0..<(width * height) { unary["s\(site)"] = spins.map { exp(field(site) * $0) } }
    var edges: [(String, String, [[Double]])] = []
    for y in 0..<height {
      for x in 0..<width {
        let site = y * width + x
        for neighbour in [x + 1 < width ? site + 1 : nil, y + 1 < height ? site + width : nil].compactMap({ $0 }) {
          let j = coupling(site, neighbour)
          edges.append(("s\(site)", "s\(neighbour)", spins.map { s in spins.map { t in exp(j * s * t) } }))
        }
      }
    }
    return try PairwiseMarkovRandomField(variables: variables, unary: unary, edges: edges)
  }

  /// Exact marginals and log Z, by enumerating every configuration.
  public struct Marginals: Sendable {
    /// p(xᵢ) of each variable.
    public var unary: [[Double]]
    /// p(x_first, x_second) of each edge, row-major.
    public var pairwise: [[Double]]
    /// log Z.
    public var logPartition: Double
  }

  /// The exact marginals and log Z by enumeration (the reference for small models).
  ///
  /// - Complexity: O(Πᵢ kᵢ × (n + |E|)); refused above 2²⁴ configurations.
  public func exactInference() throws(DiscreteDistributionError) -> Marginals {
    let sizes = variables.map(\.count)
    let count = sizes.reduce(1.0) { $0 * Double($1) }
    guard count <= Double(1 << 24) else {
      throw .invalidParameter(name: "configurations", value: String(format: "%.3g", count), reason: "enumeration is limited to 2^24; use BeliefPropagation")
    }
    var unaryMarginals = sizes.map { [Double](repeating: 0, count: $0) }
    var pairMarginals = edges.map { [Double](repeating: 0, count: $0.potential.count) }
    // Log-weights first, to sum them stably.
    var logWeights: [Double] = []
    var configurations: [[Int]] = []
    var x = [Int](repeating: 0, count: sizes.count)
    for _ in 0..<Int(count) {
      var w = 0.0
      for (v, o) in x.enumerated() { w += log(unary[v][o]) }
      for edge in edges { w += log(edge.potential[x[edge.first] * sizes[edge.second] + x[edge.second]]) }
      logWeights.append(w)
      configurations.append(x)
      OutcomeIndex.advance(&x, sizes: sizes)
    }
    let top = logWeights.max()!
    let total = logWeights.reduce(0.0) { $0 + exp($1 - top) }
    for (c, configuration) in configurations.enumerated() {
      let p = exp(logWeights[c] - top) / total
      guard p > 0 else { continue }
      for (v, o) in configuration.enumerated() { unaryMarginals[v][o] += p }
      for (e, edge) in edges.enumerated() { pairMarginals[e][configuration[edge.first] * sizes[edge.second] + configuration[edge.second]] += p }
    }
    return Marginals(unary: unaryMarginals, pairwise: pairMarginals, logPartition: top + log(total))
  }
}
