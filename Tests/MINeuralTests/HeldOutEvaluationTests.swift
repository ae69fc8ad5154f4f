import Foundation
import MIClassical
import MIDistributions
@testable import MINeural
import MINumerics
import MITensor
import Testing

/// Held-out evaluation: chunks, row blocks against all of a chunk's samples, and the
/// rearrangement to the positive-first layout, checked against loops over the full matrix.
@Suite struct HeldOutEvaluationTests {
  @Test func positivesMoveToColumnZero() {
    // Rows 2, 3, 4 of a chunk of 6: positives at columns 2, 3, 4.
    let scores = Tensor<Float>(shape: [3, 6], scalars: (0..<18).map(Float.init))
    let arranged = HeldOutEvaluation.positivesFirst(scores, firstPositive: 2)
    #expect(arranged.scalars.map { Int($0) } == [2, 0, 1, 3, 4, 5, 9, 6, 7, 8, 10, 11, 16, 12, 13, 14, 15, 17])
  }

  @Test func chunksAndBlocks() {
    #expect(HeldOutEvaluation.chunks(count: 600, size: 1024) == [0..<600])
    #expect(HeldOutEvaluation.chunks(count: 2500, size: 1024) == [0..<1250, 1250..<2500])
    #expect(HeldOutEvaluation.chunks(count: 2047, size: 1024) == [0..<2047])
    #expect(HeldOutEvaluation.chunks(count: 3, size: 1024) == [0..<3])
    #expect(HeldOutEvaluation.blockCount(chunk: 3) == 1)
    #expect(HeldOutEvaluation.blockCount(chunk: 5) == 2)
    #expect(HeldOutEvaluation.blockCount(chunk: 600) == 8)
    #expect(HeldOutEvaluation.blockCount(chunk: 2047) == 64)
    for size in [4, 9, 100, 1023, 2047] {
      let blocks = HeldOutEvaluation.blockCount(chunk: size)
      #expect(size / blocks >= 2 && (size + blocks - 1) / blocks * size <= 65_536 + size, "\(size)")
    }
  }

  /// The block values of InfoNCE and NWJ equal the per-row reductions of the full E×E
  /// matrix, computed in Double with loops.
  @Test func blockValuesMatchLoopsOverTheFullMatrix() {
    var generator = SeededGenerator(seed: 1)
    let critic = SeparableCritic<Float>(xDimension: 3, yDimension: 2, hidden: [8], embedding: 4, using: &generator)
    let n = 45  // chunks of 22 (one row dropped), 8 blocks each
    let x = Tensor<Float>(randomNormal: [n, 3], using: &generator)
    let y = Tensor<Float>(randomNormal: [n, 2], using: &generator)
    let evaluation = HeldOutEvaluation(chunkSize: 20, batchSize: 8)
    let infonce = evaluation.values(of: InfoNCE<Float>(), critic: critic, x, y)
    let nwj = evaluation.values(of: NWJ<Float>(), critic: critic, x, y)
    #expect(infonce.count == 16 && nwj.count == 16)
    var expectedInfoNCE: [Double] = [], expectedNWJ: [Double] = []
    for chunk in [0..<22, 22..<44] {
      let full = critic.scores(x.rows(chunk), y.rows(chunk))
      let e = chunk.count
      for block in 0..<8 {
        var rowTerms = 0.0, positives = 0.0, negatives = 0.0
        let rows = (block * e / 8)..<((block + 1) * e / 8)
        for i in rows {
          let total = (0..<e).reduce(0.0) { $0 + exp(Double(full[i, $1])) }
          rowTerms += Double(full[i, i]) - log(total / Double(e))
          positives += Double(full[i, i])
          for j in 0..<e where j != i { negatives += exp(Double(full[i, j])) }
        }
        expectedInfoNCE.append(rowTerms / Double(rows.count))
        expectedNWJ.append(positives / Double(rows.count) - exp(-1) * negatives / Double(rows.count * (e - 1)))
      }
    }
    for (value, expected) in zip(infonce, expectedInfoNCE) { #expect(abs(value - expected) < 1e-4, "\(value) vs \(expected)") }
    for (value, expected) in zip(nwj, expectedNWJ) { #expect(abs(value - expected) < 1e-4, "\(value) vs \(expected)") }
  }

  /// Square-matrix bounds keep batches of the training batch size.
  @Test func squareBoundsUseTrainingBatches() {
    var generator = SeededGenerator(seed: 2)
    let q = GaussianConditional<Float>(xDimension: 3, yDimension: 2, hidden: [8], using: &generator)
    let x = Tensor<Float>(randomNormal: [40, 3], using: &generator)
    let y = Tensor<Float>(randomNormal: [40, 2], using: &generator)
    let values = HeldOutEvaluation(chunkSize: 40, batchSize: 8).values(of: CLUB<Float>(), critic: q, x, y)
    #expect(values.count == 5)
    #expect(abs(values[1] - CLUB<Float>().value(q.scores(x.rows(8..<16), y.rows(8..<16)))) < 1e-9)
  }

  /// A joint critic that samples negatives in training scores every pair when evaluated;
  /// a baselined critic subtracts b(yⱼ) from every column of a rectangular block.
  @Test func allPairScoresOfSamplingAndBaselinedCritics() {
    var generator = SeededGenerator(seed: 3)
    let joint = JointCritic<Float>(xDimension: 3, yDimension: 2, hidden: [8], using: &generator)
    let x = Tensor<Float>(randomNormal: [6, 3], using: &generator)
    let y = Tensor<Float>(randomNormal: [6, 2], using: &generator)
    let full = joint.scores(x, y)
    #expect(joint.scores(x, y, negatives: ShuffledNegatives.pairs(rows: 6, count: 2, seed: 1)).shape == [6, 3])
    #expect(joint.allPairScores(x, y) == full)
    let baselined = BaselineCritic(inner: joint, yDimension: 2, hidden: [4], using: &generator)
    let block = baselined.allPairScores(x.rows(1..<3), y)
    let b = baselined.baseline(y)
    #expect(block.shape == [2, 6])
    let interpolating = BaselineCritic(inner: joint, yDimension: 2, hidden: [4], arrangement: .appendedRow, using: &generator)
    #expect(interpolating.allPairScores(x, y) == full)
    #expect(interpolating.scores(x, y).shape == [7, 6])
    for i in 0..<2 {
      for j in 0..<6 { #expect(abs(block[i, j] - (full[i + 1, j] - b[j, 0])) < 1e-5) }
    }
  }

  /// Scored against a whole test chunk, InfoNCE passes the training batch's log K: at
  /// 10 nats with K = 16 in training, the estimate exceeds log 16 (and stays below log E).
  @Test func evaluationOnChunksLiftsInfoNCEAboveTheTrainingCeiling() throws {
    let task = CorrelatedGaussian.sparse(
      dimensionX: 5, dimensionY: 5, interacting: 5, correlation: CorrelatedGaussian.correlation(forMutualInformation: 2))
    let (x, y) = task.sample(count: 800, seed: 8)
    let preset = NeuralPreset(batchSize: 16, hidden: [64], embedding: 16, learningRate: 3e-3, steps: 300, evaluationInterval: 50)
    let estimate = try NeuralEstimator(bound: .infonce, preset: preset, seed: 9).estimate(x, y)
    #expect(estimate.value > log(16.0) + 0.5 && estimate.value <= log(120.0) + 1e-6, "\(estimate.value)")
    #expect(estimate.parameters.contains(Parameter("candidates per row", .integer(120))))
    #expect(estimate.parameters.contains(Parameter("test blocks", .integer(8))))
  }

  /// Early stopping selects JS and SMILE critics on the JS objective they are trained on,
  /// every other bound on its value.
  @Test func validationCriteria() {
    var generator = SeededGenerator(seed: 4)
    let scores = Tensor<Float>(randomNormal: [6, 6], using: &generator) * 3
    let js = Double(JensenShannon<Float>().objective(scores).scalar)
    #expect(JensenShannon<Float>().validationCriterion(scores) == js)
    #expect(SMILE<Float>(clip: 1).validationCriterion(scores) == js)
    #expect(SMILE<Float>(clip: 1).value(scores) != js)
    #expect(NWJ<Float>().validationCriterion(scores) == NWJ<Float>().value(scores))
    #expect(InfoNCE<Float>().validationCriterion(scores) == InfoNCE<Float>().value(scores))
  }

  @Test func badEvaluationSize() {
    let (x, y) = NeuralEstimatorTests.task.sample(count: 200, seed: 10)
    #expect(throws: EstimationError.invalidParameter(
      name: "evaluation batch size", value: "1",
      reason: "held-out chunks need at least 2 samples (one positive and one negative per row)")) {
      try NeuralEstimator(preset: NeuralPreset(batchSize: 8, evaluationBatchSize: 1)).estimate(x, y)
    }
  }
}
