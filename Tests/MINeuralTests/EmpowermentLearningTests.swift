import Foundation
import MIDiscrete
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The variational empowerment bound and skill discovery: their losses against loops and
/// finite differences, their effect on small worlds measured exactly (Blahut–Arimoto and the
/// policy's exact distribution of final states), bad settings. The two-room recipe's test is
/// `empowermentRecipe`.
@Suite struct EmpowermentLearningTests {
  /// A corridor of `length` cells without slip.
  static func corridor(_ length: Int) throws -> Gridworld { try Gridworld(map: [String(repeating: ".", count: length)]) }

  @Test func boundMatchesALoopAndItsGradientIsChecked() {
    let (b, m, draws) = (2, 3, 2)
    let source = randomTensor([b, m], seed: 3)
    let inverse = randomTensor([b * m * draws, m], seed: 4)
    let selection = Tensor<Double>(shape: [b * m * draws, m], scalars: (0..<(b * m * draws * m)).map { index in
      let (row, column) = (index / m, index % m)
      return (row / draws) % m == column ? 1 : 0
    })
    var reference = 0.0
    for state in 0..<b {
      let logits = (0..<m).map { source[state, $0] }
      let logNormalizer = log(logits.map(exp).reduce(0, +))
      for a in 0..<m {
        let logOmega = logits[a] - logNormalizer
        var logQ = 0.0
        for d in 0..<draws {
          let row = (state * m + a) * draws + d
          let q = (0..<m).map { inverse[row, $0] }
          logQ += (q[a] - log(q.map(exp).reduce(0, +))) / Double(draws)
        }
        reference += exp(logOmega) * (logQ - logOmega) / Double(b)
      }
    }
    let value = VariationalEmpowerment<MLP<Float>, MLP<Float>>.bound(sourceLogits: source, inverseLogits: inverse, selection: selection)
    #expect(abs(value.scalar - reference) < 1e-12)
    checkGradient(
      of: { VariationalEmpowerment<MLP<Float>, MLP<Float>>.bound(sourceLogits: $0, inverseLogits: $1, selection: selection) },
      at: source, inverse)
  }

  @Test func policyLossMatchesALoopAndItsGradientIsChecked() {
    let logits = randomTensor([4, 3], seed: 5)
    let actions = [0, 2, 1, 2]
    let chosen = Tensor<Double>(shape: [4, 3], scalars: (0..<12).map { actions[$0 / 3] == $0 % 3 ? 1 : 0 })
    let weights = Tensor<Double>(shape: [4, 1], scalars: [0.5, -0.25, 0.1, 0.3])
    var reference = 0.0
    for row in 0..<4 {
      let l = (0..<3).map { logits[row, $0] }
      let logP = l.map { $0 - log(l.map(exp).reduce(0, +)) }
      reference -= weights[row, 0] * logP[actions[row]] + 0.05 * -logP.map { exp($0) * $0 }.reduce(0, +)
    }
    let loss = SkillDiscovery<MLP<Float>, MLP<Float>>.policyLoss(logits: logits, chosen: chosen, weights: weights, entropyWeight: 0.05)
    #expect(abs(loss.scalar - reference) < 1e-12)
    checkGradient(
      of: { SkillDiscovery<MLP<Float>, MLP<Float>>.policyLoss(logits: $0, chosen: chosen, weights: weights, entropyWeight: 0.05) },
      at: logits)
  }

  /// In a 3-cell corridor one action reaches log 3 nats from the middle and log 2 from the
  /// ends; the learned bound gets within 0.03 of each, below the learned source's exact
  /// information, itself below the capacity.
  @Test func boundApproachesTheEmpowermentOfACorridor() throws {
    let world = try Self.corridor(3)
    var generator = SeededGenerator(seed: 11)
    var learner = try VariationalEmpowerment(
      environment: world, steps: 1,
      source: MLP<Float>(widths: [3, 5], using: &generator), inverse: MLP<Float>(widths: [6, 32, 5], using: &generator),
      sourceOptimizer: Adam(learningRate: 3e-2), inverseOptimizer: Adam(learningRate: 3e-2))
    for _ in 0..<300 { _ = learner.step(states: [0, 1, 2], using: &generator) }
    for (state, truth) in [(0, log(2.0)), (1, log(3.0)), (2, log(2.0))] {
      let e = try learner.evaluation(at: state)
      #expect(abs(e.empowerment - truth) < 1e-6)
      #expect(e.bound <= e.sourceInformation + 1e-6 && e.sourceInformation <= e.empowerment + 1e-6, "\(e)")
      #expect(e.bound > truth - 0.03, "state \(state): \(e)")
    }
    let omega = learner.sourceDistribution(at: 1)
    #expect(omega.count == 5 && abs(omega.reduce(0, +) - 1) < 1e-5)
  }

  /// Two skills of two steps from the middle of a 5-cell corridor: the learned policies end
  /// apart, I(Z; S_T) (exact) near log 2, and the discriminator's bound below it.
  @Test func skillsBecomeDistinguishableInACorridor() throws {
    let world = try Self.corridor(5)
    var generator = SeededGenerator(seed: 13)
    var skills = try SkillDiscovery(
      environment: world, start: 2, skills: 2, horizon: 2,
      policy: MLP<Float>(widths: [5 + 2 + 2, 16, 5], using: &generator), discriminator: MLP<Float>(widths: [5, 16, 2], using: &generator),
      policyOptimizer: Adam(learningRate: 3e-2), discriminatorOptimizer: Adam(learningRate: 3e-2), entropyWeight: 0.05)
    let before = try skills.evaluation()
    for _ in 0..<200 { _ = skills.step(episodesPerSkill: 16, using: &generator) }
    let after = try skills.evaluation()
    #expect(after.information > 0.95 * log(2.0) && after.information > before.information, "\(before) → \(after)")
    #expect(after.discriminability <= after.information + 1e-6 && after.discriminability > 0.9 * log(2.0), "\(after)")
    for z in 0..<2 { #expect(abs(skills.finalStateDistribution(skill: z).reduce(0, +) - 1) < 1e-5) }
    #expect(abs(skills.actionProbabilities(state: 2, skill: 0, time: 0).reduce(0, +) - 1) < 1e-5)
  }

  @Test func badSettingsAreRefusedByName() throws {
    let world = try Self.corridor(3)
    var generator = SeededGenerator(seed: 1)
    let (source, inverse) = (MLP<Float>(widths: [3, 5], using: &generator), MLP<Float>(widths: [6, 5], using: &generator))
    func message(_ body: () throws -> Void) -> String {
      do { try body() } catch { return "\(error)" }
      return "no error"
    }
    #expect(message {
      _ = try VariationalEmpowerment(environment: world, steps: 0, source: source, inverse: inverse, sourceOptimizer: Adam(), inverseOptimizer: Adam())
    }.contains("steps"))
    #expect(message {
      _ = try VariationalEmpowerment(environment: world, steps: 2, source: source, inverse: inverse, sourceOptimizer: Adam(), inverseOptimizer: Adam())
    }.contains("1×25"))
    let policy = MLP<Float>(widths: [3 + 2 + 2, 5], using: &generator), discriminator = MLP<Float>(widths: [3, 2], using: &generator)
    func skills(start: Int = 1, count: Int = 2, horizon: Int = 2, beta: Double = 0.01) throws {
      _ = try SkillDiscovery(
        environment: world, start: start, skills: count, horizon: horizon, policy: policy, discriminator: discriminator,
        policyOptimizer: Adam(), discriminatorOptimizer: Adam(), entropyWeight: beta)
    }
    #expect(message { try skills() } == "no error")
    #expect(message { try skills(start: 3) }.contains("start"))
    #expect(message { try skills(count: 1) }.contains("at least 2 skills"))
    #expect(message { try skills(horizon: 0) }.contains("horizon"))
    #expect(message { try skills(beta: .nan) }.contains("entropyWeight"))
    #expect(message {
      _ = try SkillDiscovery(
        environment: world, start: 1, skills: 3, horizon: 2, policy: MLP<Float>(widths: [3 + 3 + 2, 5], using: &generator),
        discriminator: discriminator, policyOptimizer: Adam(), discriminatorOptimizer: Adam())
    }.contains("discriminator = output shape [1, 2]"))
  }
}
