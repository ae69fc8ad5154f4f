import Foundation
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The variational information bottleneck: the rate's KL against a loop and finite
/// differences, the information plane traced by β (the rate, an upper bound on I(Z; X), falls
/// as β grows), and bad input.
@Suite struct VariationalInformationBottleneckTests {
  typealias VIB = VariationalInformationBottleneck<MLP<Float>, MLP<Float>>

  @Test func rateMatchesALoopAndItsGradientIsChecked() {
    let (mean, logVariance) = (randomTensor([4, 3], seed: 101), randomTensor([4, 3], seed: 102, scale: 0.5))
    var reference = 0.0
    for i in 0..<4 {
      for j in 0..<3 { reference += 0.5 * (mean[i, j] * mean[i, j] + exp(logVariance[i, j]) - logVariance[i, j] - 1) / 4 }
    }
    #expect(abs(VIB.kullbackLeibler(mean: mean, logVariance: logVariance).scalar - reference) < 1e-12)
    checkGradient(of: { VIB.kullbackLeibler(mean: $0, logVariance: $1).reshaped(to: [1]) }, at: mean, logVariance)
  }

  /// Four Gaussian clusters in the plane with their labels (H(Y) = log 4): as β grows from
  /// 10⁻³ to 1 the held-out rate falls, and with little β the decoder's bound on I(Z; Y)
  /// approaches H(Y).
  @Test func betaTracesTheInformationPlane() throws {
    func data(_ n: Int, seed: UInt64) -> Batch<Float> {
      var generator = SeededGenerator(seed: seed)
      let centres: [(Double, Double)] = [(-2, -2), (-2, 2), (2, -2), (2, 2)]
      var x = [Float](), labels = [Int]()
      for i in 0..<n {
        let (cx, cy) = centres[i % 4]
        x += [Float(cx + 0.7 * generator.normal()), Float(cy + 0.7 * generator.normal())]
        labels.append(i % 4)
      }
      return Batch(x: Tensor(shape: [n, 2], scalars: x), y: Tensor(shape: [n, 2], scalars: x), labels: labels)
    }
    let (training, validation) = (data(2000, seed: 1), data(800, seed: 2))
    let trainer = Trainer(batchSize: 128, steps: 600, evaluationInterval: 100, patience: 10, seed: 3)
    var plane: [(beta: Double, relevance: Double, rate: Double)] = []
    for beta in [0.001, 0.1, 1.0] {
      var generator = SeededGenerator(seed: 4)
      let vib = try VIB(
        encoder: MLP(widths: [2, 32, 4], activation: .relu, using: &generator), decoder: MLP(widths: [2, 16, 4], activation: .relu, using: &generator),
        beta: beta, encoderOptimizer: Adam(learningRate: 3e-3), decoderOptimizer: Adam(learningRate: 3e-3), seed: 5)
      let best = try trainer.train(vib, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 800, batchSize: 128)).best
      let point = best.informationPlane(on: validation)
      plane.append((beta, point.relevance, point.rate))
    }
    #expect(plane[0].rate > plane[1].rate && plane[1].rate > plane[2].rate, "\(plane)")
    #expect(plane[0].relevance > log(4.0) - 0.2 && plane[0].relevance <= log(4.0) + 1e-9, "\(plane)")
  }

  @Test func badInputIsRefused() async throws {
    var generator = SeededGenerator(seed: 1)
    #expect(throws: EstimationError.self) {
      try VIB(encoder: MLP(widths: [2, 4], using: &generator), decoder: MLP(widths: [2, 2], using: &generator), beta: -1,
              encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
    }
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      var vib = try VIB(encoder: MLP(widths: [2, 3], using: &generator), decoder: MLP(widths: [1, 2], using: &generator), beta: 1,
                        encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
      _ = vib.step(on: Batch(x: Tensor(ones: [4, 2]), y: Tensor(ones: [4, 2]), labels: [0, 1, 0, 1]))
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("VariationalInformationBottleneck: the encoder gives 3 outputs; it must give 2·d"), "\(text)")
  }
}
