import Foundation
import MIDiscrete
import Testing

/// Building, marginalizing and conditioning joint distributions, and the measures on cases
/// computed by hand and against a slow, obviously correct reference.
@Suite struct JointDistributionTests {
  static let bit = ["0", "1"]

  /// X uniform, Y = X flipped with probability ε.
  static func binarySymmetric(_ epsilon: Double) throws -> JointDistribution {
    try JointDistribution(
      variables: [DiscreteVariable("X", outcomes: bit), DiscreteVariable("Y", outcomes: bit)],
      probabilities: [(1 - epsilon) / 2, epsilon / 2, epsilon / 2, (1 - epsilon) / 2])
  }

  static func xor() throws -> JointDistribution {
    try JointDistribution(
      variables: ["X", "Y", "Z"].map { DiscreteVariable($0, outcomes: bit) },
      probabilities: [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0])
  }

  @Test func handComputedCases() throws {
    let log2 = log(2.0)
    // Binary symmetric channel with a uniform input: I = log 2 − H(ε).
    let e = 0.1
    let channel = try Self.binarySymmetric(e)
    let hb = -e * log(e) - (1 - e) * log(1 - e)
    #expect(abs(try channel.mutualInformation(between: ["X"], and: ["Y"]) - (log2 - hb)) < 1e-15)
    #expect(abs(try channel.conditionalEntropy(of: ["Y"], given: ["X"]) - hb) < 1e-15)
    #expect(abs(channel.entropy - (log2 + hb)) < 1e-15)
    // I(X; X) = H(X).
    #expect(abs(try channel.mutualInformation(between: ["X"], and: ["X"]) - log2) < 1e-15)
    // XOR: pairwise independent, jointly determined.
    let xor = try Self.xor()
    #expect(try xor.mutualInformation(between: ["X"], and: ["Y"]) == 0)
    #expect(abs(try xor.mutualInformation(between: ["X"], and: ["Y"], given: ["Z"]) - log2) < 1e-15)
    #expect(abs(try xor.mutualInformation(between: ["X", "Y"], and: ["Z"]) - log2) < 1e-15)
    #expect(abs(try xor.totalCorrelation() - log2) < 1e-15)
    #expect(abs(try xor.dualTotalCorrelation() - 2 * log2) < 1e-15)
    #expect(abs(try xor.coInformation() + log2) < 1e-15)
    // Two variables: co-information is the mutual information.
    #expect(abs(try channel.coInformation() - channel.mutualInformation(between: ["X"], and: ["Y"])) < 1e-15)
    // n copies of one fair bit: TC = (n − 1) log 2, DTC = log 2, co-information = log 2.
    let copies = try JointDistribution(
      variables: ["A", "B", "C", "D"].map { DiscreteVariable($0, outcomes: Self.bit) },
      entries: [(["0", "0", "0", "0"], 0.5), (["1", "1", "1", "1"], 0.5)])
    #expect(abs(try copies.totalCorrelation() - 3 * log2) < 1e-14)
    #expect(abs(try copies.dualTotalCorrelation() - log2) < 1e-14)
    #expect(abs(try copies.coInformation() - log2) < 1e-14)
  }

  /// I(X; Y | Z) = Σ p(x,y,z) log [p(z) p(x,y,z) / (p(x,z) p(y,z))] summed cell by cell on
  /// a dense random table, against the measure from marginal entropies.
  @Test func conditionalMutualInformationMatchesACellByCellSum() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    let (nx, ny, nz) = (3, 4, 2)
    var p = (0..<(nx * ny * nz)).map { _ in uniform() }
    p[5] = 0
    let total = p.reduce(0, +)
    p = p.map { $0 / total }
    func cell(_ x: Int, _ y: Int, _ z: Int) -> Double { p[(x * ny + y) * nz + z] }
    var reference = 0.0
    for x in 0..<nx {
      for y in 0..<ny {
        for z in 0..<nz where cell(x, y, z) > 0 {
          let pz = (0..<nx).flatMap { a in (0..<ny).map { b in cell(a, b, z) } }.reduce(0, +)
          let pxz = (0..<ny).map { cell(x, $0, z) }.reduce(0, +)
          let pyz = (0..<nx).map { cell($0, y, z) }.reduce(0, +)
          reference += cell(x, y, z) * log(pz * cell(x, y, z) / (pxz * pyz))
        }
      }
    }
    let d = try JointDistribution(
      variables: [
        DiscreteVariable("X", outcomes: ["a", "b", "c"]), DiscreteVariable("Y", outcomes: ["1", "2", "3", "4"]),
        DiscreteVariable("Z", outcomes: ["u", "v"]),
      ],
      probabilities: p)
    #expect(abs(try d.mutualInformation(between: ["X"], and: ["Y"], given: ["Z"]) - reference) < 1e-13)
    #expect(d.denseProbabilities.enumerated().allSatisfy { abs($0.element - p[$0.offset]) < 1e-16 })
  }

  @Test func marginalsConditionalsCountsAndSamples() throws {
    let xor = try Self.xor()
    let xz = try xor.marginal(["Z", "X"])
    #expect(xz.names == ["Z", "X"])
    #expect(xz.denseProbabilities == [0.25, 0.25, 0.25, 0.25])
    #expect(try xor.probability(of: ["X": "1", "Z": "0"]) == 0.25)
    let given = try xor.conditioned(on: ["Z": "1"])
    #expect(given.names == ["X", "Y"])
    #expect(given.denseProbabilities == [0, 0.5, 0.5, 0])
    // Given Z, X determines Y.
    #expect(abs(try given.mutualInformation(between: ["X"], and: ["Y"]) - log(2.0)) < 1e-15)

    let counts = try JointDistribution(
      variables: [DiscreteVariable("A", outcomes: ["x", "y"]), DiscreteVariable("B", outcomes: ["1", "2"])], counts: [3, 1, 0, 4])
    #expect(counts.denseProbabilities == [0.375, 0.125, 0, 0.5])
    #expect(counts.support.count == 3)

    let samples = try JointDistribution(names: ["n", "s"], samples: [["10", "b"], ["9", "a"], ["10", "b"], ["9", "b"]])
    #expect(samples.variables[0].outcomes == ["9", "10"])
    #expect(samples.variables[1].outcomes == ["a", "b"])
    #expect(samples.denseProbabilities == [0.25, 0.25, 0, 0.5])
  }

  @Test func badInputIsRefusedWithWhereItIs() throws {
    let two = [DiscreteVariable("X", outcomes: Self.bit), DiscreteVariable("Y", outcomes: Self.bit)]
    #expect(errorMessage { _ = try JointDistribution(variables: two, probabilities: [0.5, -0.1, 0.3, 0.3]) }.contains("entry 1 (X=0, Y=1) is -0.1"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, probabilities: [0.5, .nan, 0.3, 0.2]) }.contains("entry 1 (X=0, Y=1) is nan"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, probabilities: [0.5, 0.1, 0.3, 0.3]) }.contains("sum to 1.2"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, probabilities: [0.5, 0.5, 0]) }.contains("3 entries, but alphabets of sizes 2 × 2 need 4"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, counts: [0, 0, 0, 0]) }.contains("all zero"))
    #expect(errorMessage { _ = try JointDistribution(variables: [two[0], two[0]], probabilities: [1, 0, 0, 0]) }.contains("variable name 'X' appears twice"))
    #expect(errorMessage { _ = try JointDistribution(variables: [DiscreteVariable("X", outcomes: ["a", "a"])], probabilities: [0.5, 0.5]) }
      .contains("outcome 'a' of X appears twice"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, entries: [(["0", "2"], 1)]) }.contains("'2' is not an outcome of Y"))
    #expect(errorMessage { _ = try JointDistribution(variables: two, entries: [(["0", "1"], 0.5), (["0", "1"], 0.5)]) }.contains("(X=0, Y=1) appears twice"))
    let d = try Self.binarySymmetric(0)
    #expect(errorMessage { _ = try d.entropy(of: ["Q"]) }.contains("no variable named 'Q'; the variables are X, Y"))
    #expect(errorMessage { _ = try d.conditioned(on: ["X": "0", "Y": "1"]) }.contains("X=0, Y=1: it has probability 0"))
    #expect(errorMessage { _ = try JointDistribution(names: ["a", "b"], samples: [["1", "2"], ["1"]]) }.contains("sample row 1 has 1 values, but there are 2 variables"))
  }
}
