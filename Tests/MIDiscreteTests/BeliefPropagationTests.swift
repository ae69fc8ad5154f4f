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
