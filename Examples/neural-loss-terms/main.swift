import MutualInformation
import _Differentiation

// x has 4 features; the target y depends on x₀, the sensitive attribute s is x₁.
var generator = SeededGenerator(seed: 1)
var encoder = MLP<Float>(widths: [4, 32, 8], activation: .relu, using: &generator)
var critic = SeparableCritic<Float>(xDimension: 8, yDimension: 1, hidden: [32], embedding: 8, using: &generator)
var q = GaussianConditional<Float>(xDimension: 8, yDimension: 1, hidden: [32], using: &generator)  // q(s | z)
var encoderOptimizer = Adam<Float>(learningRate: 2e-3)
var criticOptimizer = Adam<Float>(learningRate: 2e-3)
var qOptimizer = Adam<Float>(learningRate: 2e-3)
let infoNCE = InfoNCE<Float>(), club = CLUB<Float>()
let weight: Float = 1  // how strongly to remove s

func batch(_ size: Int, using generator: inout SeededGenerator) -> (x: Tensor<Float>, y: Tensor<Float>, s: Tensor<Float>) {
  let x = Tensor<Float>(randomNormal: [size, 4], using: &generator)
  let y = x.columns(0..<1) + Tensor<Float>(randomNormal: [size, 1], standardDeviation: 0.5, using: &generator)
  return (x, y, x.columns(1..<2))
}

for _ in 0..<400 {
  let (x, y, s) = batch(128, using: &generator)
  // 1. Fit q(s|z) by likelihood to the current representation (the encoder is fixed here).
  let z = encoder(x)
  qOptimizer.update(&q, along: gradient(at: q) { q in q.negativeLogLikelihood(z, s) })
  // 2. The model's loss: maximize I(z; y) through InfoNCE, minimize I(z; s) through CLUB.
  let (_, (dEncoder, dCritic)) = valueWithGradient(at: encoder, critic) { encoder, critic in
    let z = encoder(x)
    return -infoNCE.objective(critic.scores(z, y)) + weight * club.objective(q.scores(z, s))
  }
  encoderOptimizer.update(&encoder, along: dEncoder)
  criticOptimizer.update(&critic, along: dCritic)
}

// On fresh data: what z keeps about y, what CLUB (through q) says it holds about s, and what
// an independent estimator (KSG, never trained here) finds it holds about s.
let (x, y, s) = batch(512, using: &generator)
let z = encoder(x)
let leak = try KSGEstimator().estimate(Matrix(rows: 512, columns: 8, storage: z.scalars.map(Double.init)),
                                       Matrix(rows: 512, columns: 1, storage: s.scalars.map(Double.init)))
print("InfoNCE I(z; y) ≥", infoNCE.value(critic.scores(z, y)), "nats; CLUB I(z; s) ≤", club.value(q.scores(z, s)), "nats")
print("KSG I(z; s) =", leak.value, "nats")
