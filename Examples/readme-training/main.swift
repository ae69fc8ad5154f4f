import Foundation
import MutualInformation
import _Differentiation

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
try g.saveSafetensors(to: "encoder.safetensors")  // loads in PyTorch as layers.0.weight, layers.0.bias, …
