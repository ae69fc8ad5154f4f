import Foundation
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// β-TCVAE (`TotalCorrelationAutoencoder`): its reconstruction loss and gradient, bad settings
/// and models, divergence. The effect it exists for, KSG's total correlation of the learned
/// code falling, is the disentanglement recipe's test (`disentanglementRecipe`).
@Suite struct TotalCorrelationAutoencoderTests {
  typealias VAE = TotalCorrelationAutoencoder<MLP<Float>, MLP<Float>>

  @Test func reconstructionLossMatchesALoopAndItsGradientIsChecked() {
    let (reconstruction, x) = (randomTensor([4, 3], seed: 41), randomTensor([4, 3], seed: 42))
    var reference = 0.0
    for i in 0..<4 { for j in 0..<3 { reference += pow(reconstruction[i, j] - x[i, j], 2) / (2 * 0.25 * 4) } }
    #expect(abs(VAE.reconstructionLoss(reconstruction, x, scale: 0.5).scalar - reference) < 1e-12)
    checkGradient(of: { VAE.reconstructionLoss($0, x, scale: 0.5) }, at: reconstruction)
  }

  static func vae(encoderWidths: [Int] = [4, 8, 4], decoderWidths: [Int] = [2, 8, 4], weight: Double = 1) throws -> VAE {
    var generator = SeededGenerator(seed: 1)
    return try VAE(
      encoder: MLP(widths: encoderWidths, activation: .relu, using: &generator), decoder: MLP(widths: decoderWidths, activation: .relu, using: &generator),
      totalCorrelationWeight: weight, encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
  }

  @Test func badSettingsAreRefused() throws {
    var generator = SeededGenerator(seed: 1)
    let mlp = MLP<Float>(widths: [4, 4], using: &generator)
    #expect(throws: EstimationError.self) { try Self.vae(weight: -1) }
    #expect(throws: EstimationError.self) {
      try VAE(encoder: mlp, decoder: mlp, totalCorrelationWeight: 1, priorWeight: .nan, encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
    }
    #expect(throws: EstimationError.self) {
      try VAE(encoder: mlp, decoder: mlp, totalCorrelationWeight: 1, reconstructionScale: 0, encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
    }
    #expect(throws: EstimationError.self) {
      try VAE(encoder: mlp, decoder: mlp, totalCorrelationWeight: 1, datasetSize: 1, encoderOptimizer: Adam(learningRate: 1e-3), decoderOptimizer: Adam(learningRate: 1e-3))
    }
  }

  @Test func aStepLowersTheLossAndReportsTheBatchTotalCorrelation() throws {
    var vae = try Self.vae()
    var generator = SeededGenerator(seed: 2)
    let x = Tensor<Float>(randomNormal: [64, 4], using: &generator)
    let batch = Batch(x: x, y: x)
    let first = vae.step(on: batch)
    for _ in 0..<50 { _ = vae.step(on: batch) }
    #expect(first.isFinite && vae.step(on: batch) < first)
    #expect(vae.trainingValue().isFinite)
  }

  @Test func aDivergingRunNamesTheStepAndTheQuantity() throws {
    var generator = SeededGenerator(seed: 3)
    let x = Tensor<Float>(randomNormal: [64, 4], using: &generator) * Float.nan
    let trainer = Trainer(batchSize: 32, steps: 10, evaluationInterval: 5, seed: 1)
    #expect {
      _ = try trainer.train(Self.vae(), on: Batch(x: x, y: x), validation: Batch(x: x, y: x), evaluation: HeldOutEvaluation(chunkSize: 64, batchSize: 32))
    } throws: { error in
      guard case EstimationError.trainingDiverged(let step, let quantity) = error else { return false }
      return step == 1 && quantity == "β-TCVAE loss (reconstruction + α·KL + γ·TC)"
    }
  }

  @Test func aCodeOfOneCoordinateStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var vae = try TotalCorrelationAutoencoderTests.vae(encoderWidths: [4, 2], decoderWidths: [1, 4])
      _ = vae.step(on: Batch(x: Tensor(zeros: [8, 4]), y: Tensor(zeros: [8, 4])))
    }
    ObjectiveInputErrorTests.expect(
      result, contains: "TotalCorrelationAutoencoder: the encoder gives 2 outputs; it must give 2·d with d ≥ 2 (the means, then the log-variances)")
  }

  @Test func aDecoderOfTheWrongWidthStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var vae = try TotalCorrelationAutoencoderTests.vae(decoderWidths: [2, 3])
      _ = vae.step(on: Batch(x: Tensor(zeros: [8, 4]), y: Tensor(zeros: [8, 4])))
    }
    ObjectiveInputErrorTests.expect(result, contains: "TotalCorrelationAutoencoder: the decoder gives 3 values per row for inputs of 4")
  }
}
