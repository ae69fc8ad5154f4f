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

  /// The bound from embeddings equals a loop over rows and candidates, with and without a
  /// queue, and its gradient with respect to the queries and keys (the queue a constant)
  /// matches finite differences in Double.
  @Test func boundMatchesALoopAndItsGradientIsChecked() {
    let (queries, keys, queued) = (randomTensor([5, 3], seed: 21), randomTensor([5, 3], seed: 22), randomTensor([7, 3], seed: 23))
    let temperature = 0.7
    func reference(_ queued: Tensor<Double>) -> Double {
      let (q, k, extra) = (queries.scalars, keys.scalars, queued.scalars)
      let candidates = (0..<5).map { Array(k[($0 * 3)..<($0 * 3 + 3)]) } + (0..<queued.shape[0]).map { Array(extra[($0 * 3)..<($0 * 3 + 3)]) }
      var total = 0.0
      for i in 0..<5 {
        let row = Array(q[(i * 3)..<(i * 3 + 3)])
        let scores = candidates.map { c in zip(row, c).map { $0 * $1 }.reduce(0, +) / temperature }
        let top = scores.max()!
        total += scores[i] - (top + log(scores.map { exp($0 - top) }.reduce(0, +)))
      }
      return total / 5 + log(Double(candidates.count))
    }
    let empty = Tensor<Double>(zeros: [0, 3])
    for extra in [empty, queued] {
      let value = MomentumContrastiveObjective.queuedInfoNCE(queries: queries, keys: keys, queued: extra, temperature: temperature).scalar
      #expect(abs(value - reference(extra)) < 1e-12, "queue of \(extra.shape[0]): \(value) against \(reference(extra))")
      checkGradient(of: { q, k in MomentumContrastiveObjective.queuedInfoNCE(queries: q, keys: k, queued: extra, temperature: temperature) }, at: queries, keys)
    }
  }

  /// The queue keeps the last Q keys of the momentum encoder: after more than Q rows have
  /// passed, the newest batch's keys are in it and the oldest batch's are not.
  @Test func theQueueKeepsTheNewestKeys() throws {
    var generator = SeededGenerator(seed: 6)
    var objective = try MomentumContrastiveObjective(
      query: Self.encoder(&generator), key: Self.encoder(&generator), queueLength: 20, momentum: 0.5, optimizer: Adam(learningRate: 1e-2))
    let batches = (0..<4).map { Self.data(count: 8, seed: 30 + UInt64($0)) }
    var keysOf: [[Float]] = []
    for batch in batches {
      _ = objective.step(on: batch)
      objective.afterStep(on: batch)
      keysOf.append(Array(objective.momentumKey(batch.y).scalars))
    }
    #expect(objective.queuedCount == 20)
    let queued = Array(objective.queuedKeys.scalars)
    let rows = Set((0..<20).map { queued[($0 * 16)..<($0 * 16 + 16)].map(\.bitPattern) })
    let newest = Set((0..<8).map { keysOf[3][($0 * 16)..<($0 * 16 + 16)].map(\.bitPattern) })
    let oldest = Set((0..<8).map { keysOf[0][($0 * 16)..<($0 * 16 + 16)].map(\.bitPattern) })
    #expect(newest.isSubset(of: rows))
    #expect(oldest.isDisjoint(with: rows))
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
