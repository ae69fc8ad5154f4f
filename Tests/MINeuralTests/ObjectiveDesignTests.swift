import Foundation
import MIClassical
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The objective design: score layouts checked when a critic meets a bound, the negative
/// samplers, the one trainer (its direction, and an objective with two models and two
/// optimizers), and the Jensen–Shannon divergence added as one file.
@Suite struct ObjectiveDesignTests {
  static var adam: Adam<Float> { Adam(learningRate: 1e-3) }

  static func critic() -> SeparableCritic<Float> {
    var generator = SeededGenerator(seed: 1)
    return SeparableCritic<Float>(xDimension: 3, yDimension: 2, hidden: [8], embedding: 4, using: &generator)
  }

  /// Incompatible pairs are refused when they are put together, with a message naming both.
  @Test func incompatibleCriticAndBoundAreRefusedAtConstruction() throws {
    var generator = SeededGenerator(seed: 2)
    let q = GaussianConditional<Float>(xDimension: 3, yDimension: 2, hidden: [8], using: &generator)
    func message(_ body: () throws -> Void) -> String? {
      do { try body() } catch let error as EstimationError { if case .incompatible(let text) = error { return text } } catch {}
      return nil
    }
    // InfoNCE reads critic scores, not log-densities.
    let density = message { _ = try CriticObjective(critic: q, bound: InfoNCE<Float>(), optimizer: Self.adam, criticName: "gaussian-conditional") }
    #expect(density?.contains("infonce") == true && density?.contains("log-densities") == true, "\(density ?? "accepted")")
    // TUBA needs a learned baseline; α-InfoNCE its extra row; CLUB log-densities.
    #expect(message { _ = try CriticObjective(critic: Self.critic(), bound: TUBA<Float>(), optimizer: Self.adam) }?.contains("baseline") == true)
    #expect(message { _ = try CriticObjective(critic: Self.critic(), bound: InterpolatedInfoNCE<Float>(), optimizer: Self.adam) } != nil)
    #expect(message { _ = try CriticObjective(critic: Self.critic(), bound: CLUB<Float>(), optimizer: Self.adam) } != nil)
    // The symmetric InfoNCE reads columns too: no sampled negatives.
    #expect(message {
      _ = try CriticObjective(critic: Self.critic(), bound: InfoNCE<Float>(symmetric: true), negatives: ShuffledNegatives(count: 2), optimizer: Self.adam)
    } != nil)
    // A density bound needs a density model, and a density model a density bound.
    #expect(message { _ = try ConditionalDensityObjective(model: q, bound: NWJ<Float>(), optimizer: Self.adam) } != nil)
    // The matching pairs are accepted.
    let baselined = BaselineCritic(inner: Self.critic(), yDimension: 2, hidden: [4], using: &generator)
    _ = try CriticObjective(critic: baselined, bound: TUBA<Float>(), optimizer: Self.adam)
    _ = try CriticObjective(critic: baselined, bound: TUBA<Float>(), negatives: ShuffledNegatives(count: 2), optimizer: Self.adam)
    let interpolating = BaselineCritic(inner: Self.critic(), yDimension: 2, hidden: [4], arrangement: .appendedRow, using: &generator)
    _ = try CriticObjective(critic: interpolating, bound: InterpolatedInfoNCE<Float>(), optimizer: Self.adam)
    _ = try ConditionalDensityObjective(model: q, bound: CLUB<Float>(), optimizer: Self.adam)
  }

  /// A critic without a sampled layout cannot take a sampler.
  @Test func interpolationCriticRefusesSampledNegatives() {
    var generator = SeededGenerator(seed: 3)
    let interpolating = BaselineCritic(inner: Self.critic(), yDimension: 2, hidden: [4], arrangement: .appendedRow, using: &generator)
    #expect(throws: EstimationError.self) {
      _ = try CriticObjective(
        critic: interpolating, bound: InterpolatedInfoNCE<Float>(), negatives: ShuffledNegatives(count: 2), optimizer: Self.adam)
    }
  }

  /// Sampled scores of any critic are the entries of its all-pairs matrix, with the
  /// gradient checked against finite differences, also against a queue's extra candidates.
  @Test func sampledScoresOfASeparableCriticIncludingAQueue() {
    var generator = SeededGenerator(seed: 4)
    let critic = SeparableCritic<Double>(
      xDimension: 3, yDimension: 2, hidden: [5], embedding: 3, activation: .tanh, learnsTemperature: true, using: &generator)
    let (x, y) = CriticTests.batch(6, seed: 5)
    var queue = QueueNegatives(capacity: 12)
    let batch = Batch(x: x, y: y)
    let first: NegativePairs<Double> = queue.negatives(for: batch)  // the queue is empty: shuffled offsets
    #expect(first.extraCandidates == nil && first.perRow == 5)
    let (x2, y2) = CriticTests.batch(6, seed: 6)
    let second: NegativePairs<Double> = queue.negatives(for: Batch(x: x2, y: y2))
    #expect(second.perRow == 6 && second.extraCandidates == y)  // the first batch's y's
    let sampled = critic.scores(x2, y2, negatives: second)
    let full = critic.scores(x2, y2.concatenated(with: y, alongAxis: 0))
    for i in 0..<6 {
      #expect(abs(sampled[i, 0] - full[i, i]) < 1e-12)
      for n in 0..<6 { #expect(abs(sampled[i, 1 + n] - full[i, 6 + n]) < 1e-12) }
    }
    checkCriticGradient(critic, x2, y2, negatives: second)
    _ = queue.negatives(for: Batch(x: x, y: y)) as NegativePairs<Double>
    #expect(queue.queuedCount == 12)
  }

  /// Negatives within a group stay in it; shuffled negatives are never the positive; a
  /// custom rule is used as given.
  @Test func samplers() {
    let k = 12
    let x = Tensor<Float>(zeros: [k, 1]), y = Tensor<Float>(zeros: [k, 1])
    let labels = (0..<k).map { $0 % 3 }
    var within = WithinGroupNegatives(count: 4, seed: 1)
    let grouped: NegativePairs<Float> = within.negatives(for: Batch(x: x, y: y, labels: labels))
    for i in 0..<k {
      for n in 0..<4 {
        let j = grouped.indices[i * 4 + n]
        #expect(j != i && labels[j] == labels[i])
      }
    }
    // The same groups from a discrete z instead of labels.
    let z = Tensor<Float>(shape: [k, 1], scalars: labels.map { Float($0) * 0.5 })
    var fromZ = WithinGroupNegatives(count: 4, seed: 1)
    let zGrouped: NegativePairs<Float> = fromZ.negatives(for: Batch(x: x, y: y, z: z))
    #expect(zGrouped.indices == grouped.indices)
    var shuffled = ShuffledNegatives(count: 5, seed: 2)
    let pairs: NegativePairs<Float> = shuffled.negatives(for: Batch(x: x, y: y))
    for i in 0..<k { #expect(Set(pairs.indices[(i * 5)..<(i * 5 + 5)]).count == 5 && !pairs.indices[(i * 5)..<(i * 5 + 5)].contains(i)) }
    var custom = CustomNegatives { _, count in (0..<count).map { [($0 + 1) % count] } }
    let next: NegativePairs<Float> = custom.negatives(for: Batch(x: x, y: y))
    #expect(next.indices == (0..<k).map { ($0 + 1) % k })
  }

  /// A toy objective: fit a scalar w to a target by gradient steps on (w − t)², reporting
  /// the value −(w − t)² (maximized, `.lower`) or (w − t)² (minimized, `.upper`), with a
  /// validation criterion that is best at step `bestAt` and worse after.
  struct Toy: TrainingObjective {
    typealias Scalar = Float
    var direction: BoundDirection
    var steps = 0
    let bestAt: Int
    var name: String { "toy" }
    var modelDescription: String { "none" }
    mutating func step(on batch: Batch<Float>) -> Double {
      steps += 1
      return 0
    }
    func trainingValue() -> Double { Double(steps) }
    func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
      let distance = Double(abs(steps - bestAt))
      return (Double(steps), direction == .lower ? -distance : distance)
    }
    func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
      HeldOutValues(values: [Double(steps)], candidatesPerRow: nil)
    }
  }

  /// Early stopping keeps the best criterion in the objective's direction: highest for a
  /// lower bound, lowest for an upper bound, and stops after `patience` worse validations.
  @Test func earlyStoppingFollowsTheDirection() throws {
    let data = Batch(x: Tensor<Float>(zeros: [20, 1]), y: Tensor<Float>(zeros: [20, 1]))
    let trainer = Trainer(batchSize: 4, steps: 100, evaluationInterval: 5, patience: 3)
    let evaluation = HeldOutEvaluation(chunkSize: 4, batchSize: 4)
    for direction in [BoundDirection.lower, .upper] {
      let outcome = try trainer.train(Toy(direction: direction, bestAt: 30), on: data, validation: data, evaluation: evaluation)
      #expect(outcome.bestStep == 30 && outcome.best.steps == 30, "\(direction)")
      #expect(outcome.stepsRun == 45, "\(direction)")
      #expect(outcome.log.count == 9)
    }
  }

  /// A min–max objective with two models and two optimizers runs on the unchanged trainer:
  /// min over u, max over v of f(u, v) = (u − 1)² + u·v − v², whose saddle point is
  /// (u, v) = (0.8, 0.4) with f = 0.2. Each of u and v is the output of its own one-unit
  /// layer with its own Adam, updated in turn within one step (descent for u, ascent for v).
  struct SaddlePoint: TrainingObjective {
    typealias Scalar = Float
    var player: Dense<Float>
    var adversary: Dense<Float>
    var playerOptimizer = Adam<Float>(learningRate: 2e-2)
    var adversaryOptimizer = Adam<Float>(learningRate: 2e-2)
    var name: String { "saddle" }
    var direction: BoundDirection { .upper }
    var modelDescription: String { "player and adversary" }
    static let one = Tensor<Float>(shape: [1, 1], scalars: [1])

    @differentiable(reverse)
    static func game(_ player: Dense<Float>, _ adversary: Dense<Float>) -> Tensor<Float> {
      let u = player(one).sum(), v = adversary(one).sum()
      return (u - 1).squared() + u * v - v.squared()
    }

    var u: Double { Double(player(Self.one).sum().scalar) }
    var v: Double { Double(adversary(Self.one).sum().scalar) }

    mutating func step(on batch: Batch<Float>) -> Double {
      let player = self.player
      let ascent = gradient(at: adversary) { a in -Self.game(player, a) }
      adversaryOptimizer.update(&adversary, along: ascent)
      let adversary = self.adversary
      let (value, descent) = valueWithGradient(at: player) { p in Self.game(p, adversary) }
      playerOptimizer.update(&self.player, along: descent)
      return Double(value.scalar)
    }
    func trainingValue() -> Double { Double(Self.game(player, adversary).scalar) }
    func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
      // The distance from the saddle, which training should shrink.
      (trainingValue(), abs(u - 0.8) + abs(v - 0.4))
    }
    func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
      HeldOutValues(values: [trainingValue()], candidatesPerRow: nil)
    }
  }

  @Test func minMaxObjectiveWithTwoModelsOnTheSameTrainer() throws {
    var generator = SeededGenerator(seed: 9)
    let objective = SaddlePoint(
      player: Dense(inputs: 1, outputs: 1, using: &generator), adversary: Dense(inputs: 1, outputs: 1, using: &generator))
    let data = Batch(x: Tensor<Float>(zeros: [8, 1]), y: Tensor<Float>(zeros: [8, 1]))
    let trainer = Trainer(batchSize: 4, steps: 1500, evaluationInterval: 50, patience: 10)
    let outcome = try trainer.train(objective, on: data, validation: data, evaluation: HeldOutEvaluation(chunkSize: 4, batchSize: 4))
    let best = outcome.best
    #expect(abs(best.u - 0.8) < 0.02 && abs(best.v - 0.4) < 0.02, "u = \(best.u), v = \(best.v)")
    #expect(abs(best.trainingValue() - 0.2) < 0.01)
  }

  /// The JSD bound at the optimal critic log r equals the Monte-Carlo JSD of the same
  /// pairs, ½ E_p[log(2r/(1 + r))] + ½ E_q[log(2/(1 + r))], computed with loops; it is 0 at
  /// a constant critic and its gradient matches finite differences.
  @Test func jensenShannonDivergenceBound() {
    let scores = BoundAtOptimalCriticTests.optimalScores(k: 300, d: 2, rho: 0.6, seed: 3)
    let k = 300
    var positive = 0.0, negative = 0.0
    for i in 0..<k {
      for j in 0..<k {
        let r = exp(scores[i, j])
        if i == j { positive += log(2 * r / (1 + r)) } else { negative += log(2 / (1 + r)) }
      }
    }
    let reference = 0.5 * positive / Double(k) + 0.5 * negative / Double(k * (k - 1))
    let bound = JensenShannonDivergence<Double>()
    #expect(abs(bound.value(scores) - reference) < 1e-9, "\(bound.value(scores)) vs \(reference)")
    #expect(reference > 0.05 && reference < log(2.0))
    #expect(abs(bound.value(Tensor<Double>(zeros: [5, 5]))) < 1e-12)
    var generator = SeededGenerator(seed: 5)
    #expect(BoundGradientTests.maximumGradientError(bound, Tensor<Double>(randomNormal: [6, 6], using: &generator)) < 1e-7)
    #expect(BoundGradientTests.maximumGradientError(bound, Tensor<Double>(randomNormal: [6, 3], using: &generator)) < 1e-7)
  }

  /// The registered `jsd` estimator trains and reports a value in [0, log 2] with its note.
  @Test func jensenShannonDivergenceEstimator() throws {
    let (x, y) = NeuralEstimatorTests.task.sample(count: 600, seed: 3)
    let preset = NeuralPreset(batchSize: 32, hidden: [32], embedding: 8, learningRate: 3e-3, steps: 200, evaluationInterval: 50)
    let estimate = try NeuralEstimator(bound: NeuralBoundKind(rawValue: "jsd")!, preset: preset, seed: 1).estimate(x, y)
    #expect(estimate.value > 0.02 && estimate.value <= log(2.0), "\(estimate.value)")
    #expect(estimate.warnings.contains { $0.description.contains("Jensen–Shannon divergence") })
  }
}
