import Foundation
import MIDiscrete
import Testing

/// Pairwise Markov random fields: exact enumeration, loopy belief propagation and the Bethe
/// free energy with its MIME decomposition.
@Suite struct BeliefPropagationTests {
  /// A tree: a chain a – b – c with a branch b – d, mixed alphabets, random positive potentials.
  static func tree() throws -> PairwiseMarkovRandomField {
    var state: UInt64 = 5
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) + 0.05
    }
    let sizes = ["a": 2, "b": 3, "c": 2, "d": 4]
    let variables = ["a", "b", "c", "d"].map { DiscreteVariable($0, outcomes: (0..<sizes[$0]!).map(String.init)) }
    func table(_ r: Int, _ c: Int) -> [[Double]] { (0..<r).map { _ in (0..<c).map { _ in uniform() * 3 } } }
    return try PairwiseMarkovRandomField(
      variables: variables, unary: ["a": [1, 2.5], "d": [0.5, 1, 1, 3]],
      edges: [("a", "b", table(2, 3)), ("c", "b", table(2, 3)), ("b", "d", table(3, 4))])
  }

  @Test func onATreeBeliefPropagationIsExact() throws {
    let field = try Self.tree()
    let exact = try field.exactInference()
    let bp = try BeliefPropagation().run(on: field)
    #expect(bp.converged && bp.iterations < 20, "\(bp.iterations)")
    for (ours, truth) in zip(bp.unary, exact.unary) { #expect(zip(ours, truth).allSatisfy { abs($0 - $1) < 1e-9 }, "\(ours) vs \(truth)") }
    for (ours, truth) in zip(bp.pairwise, exact.pairwise) { #expect(zip(ours, truth).allSatisfy { abs($0 - $1) < 1e-9 }) }
    #expect(abs(bp.betheFreeEnergy + exact.logPartition) < 1e-9, "F = \(bp.betheFreeEnergy), −log Z = \(-exact.logPartition)")
    // Damping changes the path, not the fixed point.
    let damped = try BeliefPropagation(damping: 0.5).run(on: field)
    #expect(damped.converged && abs(damped.betheFreeEnergy + exact.logPartition) < 1e-8)
  }

  /// F = U − H_Bethe = U − Σ H(bᵢ) + Σ Iᵢⱼ for pseudo-marginals that are not even consistent.
  @Test func theMIMEDecompositionEqualsTheBetheFreeEnergy() throws {
    let coupling: (Int, Int) -> Double = { i, j in 0.3 * Double((i + j) % 3) - 0.2 }
    let siteField: (Int) -> Double = { site in 0.1 * Double(site % 4) }
    let field = try PairwiseMarkovRandomField.isingGrid(width: 3, height: 3, coupling: coupling, field: siteField)
    let unary: [[Double]] = (0..<9).map { (v: Int) -> [Double] in [0.2 + 0.05 * Double(v), 0.8 - 0.05 * Double(v)] }
    let pairwise: [[Double]] = field.edges.indices.map { (e: Int) -> [Double] in
      let raw: [Double] = [1.0 + Double(e % 3), 2.0, 0.5 + Double(e % 2), 1.5]
      let total = raw.reduce(0, +)
      return raw.map { $0 / total }
    }
    let parts = BetheFreeEnergy.decomposition(of: field, unary: unary, pairwise: pairwise)
    let direct = parts.energy - parts.betheEntropy
    let mime = parts.energy - parts.marginalEntropy + parts.pairwiseInformation
    #expect(abs(direct - mime) < 1e-12, "\(direct) vs \(mime)")
    #expect(abs(BetheFreeEnergy.value(of: field, unary: unary, pairwise: pairwise) - direct) < 1e-12)
  }

  /// A 3 × 3 ferromagnetic grid (loops): BP converges, its marginals within 0.01 of the
  /// exact ones and its Bethe free energy within 0.02 of −log Z.
  @Test func onAGridBeliefPropagationIsClose() throws {
    let siteField: (Int) -> Double = { site in 0.1 * Double(site % 3) - 0.05 }
    let field = try PairwiseMarkovRandomField.isingGrid(width: 3, height: 3, coupling: { _, _ in 0.25 }, field: siteField)
    let exact = try field.exactInference()
    let bp = try BeliefPropagation().run(on: field)
    #expect(bp.converged)
    let error = zip(bp.unary, exact.unary).map { abs($0[1] - $1[1]) }.max()!
    #expect(error < 0.01, "largest marginal error \(error)")
    #expect(abs(bp.betheFreeEnergy + exact.logPartition) < 0.02, "F = \(bp.betheFreeEnergy), −log Z = \(-exact.logPartition)")
    // Binary fields take a specialized path; with damping it reaches the same fixed point.
    let damped = try BeliefPropagation(damping: 0.3).run(on: field)
    #expect(damped.converged && damped.iterations > bp.iterations)
    #expect(zip(damped.unary, bp.unary).allSatisfy { abs($0[1] - $1[1]) < 1e-8 })
    // A ternary spin in the middle sends the grid through the general path: same answer as enumeration.
    var variables = field.variables
    variables[4] = DiscreteVariable("s4", outcomes: ["-1", "0", "+1"])
    let spins = [-1.0, 0.0, 1.0]
    var edges: [(String, String, [[Double]])] = []
    for edge in field.edges {
      let (a, b) = (field.variables[edge.first].name, field.variables[edge.second].name)
      let rows = variables[edge.first].count
      let columns = variables[edge.second].count
      let left = rows == 3 ? spins : [-1.0, 1.0]
      let right = columns == 3 ? spins : [-1.0, 1.0]
      edges.append((a, b, left.map { s in right.map { t in exp(0.25 * s * t) } }))
    }
    let mixed = try PairwiseMarkovRandomField(variables: variables, edges: edges)
    let mixedExact = try mixed.exactInference()
    let mixedBP = try BeliefPropagation().run(on: mixed)
    #expect(mixedBP.converged)
    #expect(zip(mixedBP.unary, mixedExact.unary).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) < 0.01 } })
  }

  /// A frustrated binary field (a 5 × 6 grid of random couplings of both signs, random
  /// fields, and a hub joined to 6 sites, degree > 4) through the one-number-per-message path,
  /// against the general path (forced by an isolated ternary variable of uniform potential,
  /// whose belief is uniform and whose Bethe term is −log 3): the same iterations, residuals,
  /// beliefs and free energy, with and without damping. And the lazily nested beliefs can be
  /// replaced.
  @Test func binaryFieldsMatchTheGeneralPath() throws {
    var state: UInt64 = 17
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    let (width, height) = (5, 6)
    let names = (0..<(width * height)).map { "s\($0)" } + ["hub"]
    var edges: [(String, String, [[Double]])] = []
    func coupling() -> [[Double]] {
      let j = 1.6 * uniform() - 0.8
      return [[exp(j), exp(-j)], [exp(-j), exp(j)]]
    }
    for y in 0..<height {
      for x in 0..<width {
        let site = y * width + x
        if x + 1 < width { edges.append((names[site], names[site + 1], coupling())) }
        if y + 1 < height { edges.append((names[site], names[site + width], coupling())) }
      }
    }
    for site in [0, 7, 12, 18, 23, 29] { edges.append(("hub", names[site], coupling())) }
    let unary = Dictionary(uniqueKeysWithValues: names.map { ($0, [exp(0.3 * uniform()), exp(0.3 * uniform())]) })
    let binary = try PairwiseMarkovRandomField(variables: names.map { DiscreteVariable($0, outcomes: ["-", "+"]) }, unary: unary, edges: edges)
    let general = try PairwiseMarkovRandomField(
      variables: binary.variables + [DiscreteVariable("t", outcomes: ["a", "b", "c"])], unary: unary, edges: edges)
    for damping in [0.0, 0.4] {
      let solver = BeliefPropagation(damping: damping, maximumIterations: 400)
      let (fast, slow) = (try solver.run(on: binary), try solver.run(on: general))
      #expect(fast.iterations == slow.iterations && fast.converged == slow.converged, "\(fast.iterations) vs \(slow.iterations)")
      #expect(zip(fast.residuals, slow.residuals).allSatisfy { abs($0 - $1) < 1e-12 })
      #expect(zip(fast.unary, slow.unary).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) < 1e-12 } })
      #expect(zip(fast.pairwise, slow.pairwise).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) < 1e-12 } })
      #expect(abs(fast.betheFreeEnergy - (slow.betheFreeEnergy + log(3.0))) < 1e-10, "\(fast.betheFreeEnergy) vs \(slow.betheFreeEnergy)")
      #expect(abs(fast.betheFreeEnergy - BetheFreeEnergy.value(of: binary, unary: fast.unary, pairwise: fast.pairwise)) < 1e-10)
    }
    var result = try BeliefPropagation().run(on: binary)
    let pairwise = result.pairwise
    result.unary[0] = [0.5, 0.5]
    #expect(result.unary[0] == [0.5, 0.5] && result.pairwise == pairwise)
  }

  /// Binary stars (trees) whose leaves disagree about the hub almost surely (fields 10⁻⁹⁰
  /// against 1, couplings 10⁻⁹⁰ off the diagonal): the messages into the hub are ~10⁻⁹⁰ for
  /// one outcome or the other, so a cavity's products would underflow to 0 for both outcomes
  /// (hubs of 4 and 8 edges: both paths of the sweep). And a chain of hard equality
  /// constraints (zero potentials). Belief propagation stays exact on all.
  @Test func binaryPathSurvivesUnderflowAndHardConstraints() throws {
    let strong: [[Double]] = [[1, 1e-90], [1e-90, 1]]
    func star(_ count: Int) throws -> PairwiseMarkovRandomField {
      let leaves = (1...count).map { "leaf\($0)" }
      return try PairwiseMarkovRandomField(
        variables: (["hub"] + leaves).map { DiscreteVariable($0, outcomes: ["0", "1"]) },
        unary: Dictionary(uniqueKeysWithValues: leaves.enumerated().map { ($1, $0 % 2 == 0 ? [1, 1e-90] : [1e-90, 1 + 0.1 * Double($0)]) }),
        edges: leaves.map { ("hub", $0, strong) })
    }
    let chain = try PairwiseMarkovRandomField(
      variables: ["a", "b", "c", "d"].map { DiscreteVariable($0, outcomes: ["0", "1"]) }, unary: ["a": [1, 3], "d": [2, 1]],
      edges: [("a", "b", [[1, 0], [0, 1]]), ("b", "c", [[1, 0], [0, 1]]), ("c", "d", [[1, 0.5], [0, 1]])])
    for field in [try star(4), try star(8), chain] {
      let exact = try field.exactInference()
      let bp = try BeliefPropagation().run(on: field)
      #expect(bp.converged)
      for (ours, truth) in zip(bp.unary, exact.unary) { #expect(zip(ours, truth).allSatisfy { abs($0 - $1) < 1e-9 }, "\(ours) vs \(truth)") }
      #expect(abs(bp.betheFreeEnergy + exact.logPartition) < 1e-9, "F = \(bp.betheFreeEnergy), −log Z = \(-exact.logPartition)")
    }
  }

  @Test func badFieldsAreRefusedNamingWhere() {
    let two = [DiscreteVariable("a", outcomes: ["0", "1"]), DiscreteVariable("b", outcomes: ["0", "1"])]
    let ok = [[1.0, 2.0], [2.0, 1.0]]
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "z", ok)]) }.contains("edge a–z = 'z': is not a variable of the field"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "b", [[0, 0], [0, 0]])]) }.contains("potential of the edge a–b = zero everywhere"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, unary: ["a": [0, 0]], edges: []) }.contains("unary potential of a = zero everywhere"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "a", ok)]) }.contains("joins a variable to itself"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "b", ok), ("b", "a", ok)]) }.contains("edge b–a appears twice"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "b", [[1, 2, 3], [1, 2, 3]])]) }.contains("needs 2 rows (outcomes of a) × 2 columns"))
    #expect(errorMessage { _ = try PairwiseMarkovRandomField(variables: two, edges: [("a", "b", [[1, -2], [1, 2]])]) }.contains("entry 1 = -2.0"))
    #expect(errorMessage {
      _ = try BeliefPropagation(damping: 1).run(on: PairwiseMarkovRandomField(variables: two, edges: [("a", "b", ok)]))
    }.contains("damping = 1.0"))
  }
}
