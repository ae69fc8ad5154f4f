import Foundation
import MIClassical
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// InfoNCE with a momentum key encoder and a queue: its ceiling is log(K + Q), so on a
/// high-MI task where batch-only InfoNCE saturates at log K, the queued bound exceeds log K.
@Suite struct MomentumContrastiveTests {
  /// x, y ∈ ℝ¹⁰ with I(X; Y) = 6 nats (0.6 per coordinate).
  static func data(count n: Int, seed: UInt64) -> Batch<Float> {
    var generator = SeededGenerator(seed: seed)
    let rho = Float((1 - exp(-1.2)).squareRoot())
    let x = Tensor<Float>(randomNormal: [n, 10], using: &generator)
    let noise = Tensor<Float>(randomNormal: [n, 10], using: &generator)
    return Batch(x: x, y: x * rho + noise * (1 - rho * rho).squareRoot())
  }

  static func encoder(_ generator: inout SeededGenerator) -> MLP<Float> {
    MLP<Float>(widths: [10, 64, 16], activation: .relu, initialization: .uniformFanIn, using: &generator)
  }

  @Test func theQueueLiftsTheBoundAboveLogK() throws {
    let (training, test) = (Self.data(count: 4000, seed: 1), Self.data(count: 1024, seed: 2))
    let trainer = Trainer(batchSize: 16, steps: 800, evaluationInterval: 800, patience: 1, seed: 3)
    let evaluation = HeldOutEvaluation(chunkSize: 1024, batchSize: 16)
    var generator = SeededGenerator(seed: 4)
    let queued = try MomentumContrastiveObjective(
      query: Self.encoder(&generator), key: Self.encoder(&generator), queueLength: 512, momentum: 0.9, optimizer: Adam(learningRate: 2e-3))
    let withQueue = try trainer.train(queued, on: training, validation: test, evaluation: evaluation)
    #expect(withQueue.best.queuedCount == 512)
    generator = SeededGenerator(seed: 4)
    let critic = SeparableCritic(g: Self.encoder(&generator), h: Self.encoder(&generator))
    let plain = try trainer.train(
      try CriticObjective(critic: critic, bound: InfoNCE<Float>(), optimizer: Adam(learningRate: 2e-3)),
      on: training, validation: test, evaluation: evaluation)
    let (queuedValue, plainValue) = (withQueue.log.last!.trainingValue, plain.log.last!.trainingValue)
    #expect(plainValue <= log(16.0) + 1e-6)
    #expect(queuedValue > log(16.0) + 0.5, "queued \(queuedValue), batch-only \(plainValue), log K = \(log(16.0))")
  }

  @Test func refusesBadSettings() {
    var generator = SeededGenerator(seed: 5)
    let (g, h) = (Self.encoder(&generator), Self.encoder(&generator))
    #expect(throws: EstimationError.self) { try MomentumContrastiveObjective(query: g, key: h, queueLength: 0, optimizer: Adam(learningRate: 1e-3)) }
    #expect(throws: EstimationError.self) { try MomentumContrastiveObjective(query: g, key: h, queueLength: 8, momentum: 1, optimizer: Adam(learningRate: 1e-3)) }
    let narrow = MLP<Float>(widths: [10, 8], using: &generator)
    #expect(throws: EstimationError.self) { try MomentumContrastiveObjective(query: g, key: narrow, queueLength: 8, optimizer: Adam(learningRate: 1e-3)) }
  }
}
