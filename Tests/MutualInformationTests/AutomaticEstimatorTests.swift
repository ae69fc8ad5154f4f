import MutualInformation
import Testing

/// `auto` chooses by the data and says why: discrete → Miller–Madow, labels with continuous
/// values → Ross, continuous → the Gaussian copula unless KSG finds clearly more.
@Suite struct AutomaticEstimatorTests {
  static func parameter(_ estimate: Estimate, _ name: String) -> String? {
    estimate.parameters.first { $0.name == name }.map { "\($0.value)" }
  }

  static func sample(_ id: String, count: Int = 3000, seed: UInt64 = 1) throws -> [Matrix] {
    try #require(BenchmarkSuite.task(id: id)).sampleVariables(count: count, seed: seed)
  }

  @Test func continuousGaussianDataTakeTheCopula() throws {
    let v = try Self.sample("multinormal-sparse-25-25-2-2.0")
    let estimate = try AutomaticEstimator().estimate(v[0], v[1])
    #expect(Self.parameter(estimate, "chosen") == "copula" && estimate.estimator == "auto → copula")
    #expect(estimate.value == (try GaussianCopulaEstimator().estimate(v[0], v[1]).value))
    #expect(Self.parameter(estimate, "reason")?.contains("monotone transforms of Gaussian data") == true)
  }

  /// Student-t with one degree of freedom: zero correlation, MI 0.22; KSG finds it, the copula does not.
  @Test func heavyTailsTakeKSG() throws {
    let v = try Self.sample("student-identity-1-1-1")
    let estimate = try AutomaticEstimator().estimate(v[0], v[1])
    #expect(Self.parameter(estimate, "chosen") == "ksg1", "\(estimate.parameters)")
    #expect(abs(estimate.value - 0.2242) < 0.06)
  }

  @Test func discreteAndLabelledData() throws {
    let bits = try Self.sample("discrete-bsc-0.1-0.5")
    let discrete = try AutomaticEstimator().estimate(bits[0], bits[1])
    #expect(Self.parameter(discrete, "chosen") == "miller-madow" && abs(discrete.value - 0.368) < 0.03)
    let mixed = try Self.sample("mixed-categorical-4")
    let labelled = try AutomaticEstimator().estimate(mixed[0], mixed[1])
    #expect(Self.parameter(labelled, "chosen") == "ross" && abs(labelled.value - 0.866) < 0.05, "\(labelled)")
    #expect(Self.parameter(labelled, "reason") == "X is discrete (4 classes) and the other side continuous")
  }

  @Test func conditionalAndTotalCorrelation() throws {
    let parity = try Self.sample("cmi-noisy-parity-0.1")
    let cmi = try AutomaticEstimator().estimate(parity[0], parity[1], given: parity[2])
    #expect(Self.parameter(cmi, "chosen") == "miller-madow" && abs(cmi.value - 0.368) < 0.03)
    let collider = try Self.sample("cmi-gaussian-collider-1.0")
    let gaussian = try AutomaticEstimator().estimate(collider[0], collider[1], given: collider[2])
    #expect(Self.parameter(gaussian, "chosen") == "copula" && abs(gaussian.value - 0.1438) < 0.04)
    let variables = try Self.sample("tc-multinormal-dense-5-0.5")
    let tc = try AutomaticEstimator().totalCorrelation(variables)
    #expect(Self.parameter(tc, "chosen") == "copula" && abs(tc.value - 0.837) < 0.06)
    let bits = try Self.sample("tc-noisy-parity-0.1")
    #expect(Self.parameter(try AutomaticEstimator().totalCorrelation(bits), "chosen") == "miller-madow")
  }

  @Test func badInputIsNamed() throws {
    let x = Matrix(column: [1, 2, 3, 4, 5, 6])
    let y = Matrix(column: [1, 2, 3])
    #expect(throws: EstimationError.mismatchedLengths(.x, 6, .y, 3)) { try AutomaticEstimator().estimate(x, y) }
    let nan = Matrix(column: [1, 2, .nan, 4, 5, 6])
    do {
      _ = try AutomaticEstimator().estimate(x, nan)
      Issue.record("NaN was estimated")
    } catch {
      guard case .nonFiniteValue(.y, row: 2, column: 0, _) = error else { Issue.record("\(error)"); return }
    }
    #expect(EstimatorRegistry.entry(named: "auto")?.capabilities == [.mutualInformation, .conditionalMutualInformation, .totalCorrelation])
  }
}
