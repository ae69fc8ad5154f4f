import Foundation
import MutualInformation
import Testing
import _Differentiation

/// The README's training example, run as written (with a temporary path for the file), so
/// that the documentation cannot drift from the tensor and network API.
@Suite("README training example")
struct ReadmeTrainingExampleTests {
  @Test func infoNCEExampleLearnsAndSaves() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }

    // --- README example starts here ---
    // Two encoders and the InfoNCE loss on correlated Gaussians: y = 0.8x + 0.6ε in 2-D,
    // so I(X;Y) = −2·½·log(1 − 0.8²) ≈ 1.02 nats.
    var generator = SeededGenerator(seed: 1)
    var g = MLP<Float>(widths: [2, 64, 16], activation: .relu, using: &generator)
    var h = MLP<Float>(widths: [2, 64, 16], activation: .relu, using: &generator)
    var optimizerG = Adam<Float>(learningRate: 3e-3)
    var optimizerH = Adam<Float>(learningRate: 3e-3)
    let schedule = WarmupSchedule(steps: 20, then: CosineSchedule(initial: 3e-3, final: 3e-4, steps: 280))
    let batch = 128
    var bound: Float = 0

    for step in 0..<300 {
      let x = Tensor<Float>(randomNormal: [batch, 2], using: &generator)
      let y = x * 0.8 + Tensor<Float>(randomNormal: [batch, 2], using: &generator) * 0.6
      let (loss, (dg, dh)) = valueWithGradient(at: g, h) { g, h in
        let scores = matmul(g(x), h(y), transposingB: true)  // scores[i][j] = g(xᵢ)·h(yⱼ)
        return scores.logSumExp(alongAxis: 1).mean() - scores.diagonal().mean()
      }
      bound = log(Float(batch)) - loss.scalar  // the InfoNCE lower bound on I(X;Y)
      optimizerG.learningRate = Float(schedule.learningRate(at: step))
      optimizerH.learningRate = optimizerG.learningRate
      optimizerG.update(&g, along: dg)
      optimizerH.update(&h, along: dh)
    }
    print("InfoNCE bound after training:", bound, "nats (true 1.02)")
    try g.saveSafetensors(to: path)  // loads in PyTorch as layers.0.weight, layers.0.bias, …
    // --- README example ends here ---

    // A single batch's bound is noisy (sd ≈ 0.1 at K = 128); it must be close to the
    // truth from below.
    #expect(bound > 0.7 && bound < 1.25, "bound \(bound)")
    var reloaded = MLP<Float>(widths: [2, 64, 16], activation: .relu, using: &generator)
    try reloaded.loadSafetensors(from: path)
    #expect(reloaded.namedParameters.map(\.tensor) == g.namedParameters.map(\.tensor))
  }
}
