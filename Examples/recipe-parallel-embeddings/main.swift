import MutualInformation

// Recipe for parallel embeddings kept diverse (PDF, SepCLR): two independent factors
// s = (s₁, s₂) reach both the input x = (s₁ + ε₁, s₂ + ε₂, ε₃, ε₄) and the target y = s + ε′.
// An encoder 4→32→4 gives two heads u, v ∈ ℝ², each trained to keep InfoNCE with a target
// embedding e = g(y) ∈ ℝ², without and with CLUB(u; v) on a Gaussian q(v|u) refitted for five
// steps before each encoder step. KSG, never trained, measures on held-out samples the
// information between the heads, I(u; v), and what each keeps about the target, I(u; y)
// and I(v; y).
func samples(_ count: Int, seed: UInt64) -> Batch<Float> {
  var generator = SeededGenerator(seed: seed)
  var x: [Float] = [], y: [Float] = []
  for _ in 0..<count {
    let (s1, s2) = (generator.normal(), generator.normal())
    x += [s1 + 0.3 * generator.normal(), s2 + 0.3 * generator.normal(), generator.normal(), generator.normal()].map { Float($0) }
    y += [s1 + 0.3 * generator.normal(), s2 + 0.3 * generator.normal()].map { Float($0) }
  }
  return Batch(x: Tensor(shape: [count, 4], scalars: x), y: Tensor(shape: [count, 2], scalars: y))
}

func matrix(_ t: Tensor<Float>) -> Matrix { Matrix(rows: t.shape[0], columns: t.shape[1], storage: t.scalars.map(Double.init)) }

let (training, validation, test) = (samples(3000, seed: 1), samples(600, seed: 2), samples(1000, seed: 3))
let trainer = Trainer(batchSize: 128, steps: 1500, evaluationInterval: 100, patience: 300, seed: 4)
for weight in [0.0, 2.0] {
  var generator = SeededGenerator(seed: 5)
  let club = try ConditionalDensityTerm(
    conditional: GaussianConditional(xDimension: 2, yDimension: 2, hidden: [32], using: &generator),
    optimizer: Adam(learningRate: 3e-3), steps: 5)
  let objective = try ParallelEmbeddings(
    encoder: MLP<Float>(widths: [4, 32, 4], activation: .relu, using: &generator),
    target: MLP<Float>(widths: [2, 16, 2], activation: .relu, using: &generator),
    penalty: club, weight: weight,
    encoderOptimizer: Adam(learningRate: 3e-3), targetOptimizer: Adam(learningRate: 3e-3))
  let best = try trainer.train(objective, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 600, batchSize: 128)).best
  let (u, v) = best.heads(test.x)
  let ksg = KSGEstimator()
  let between = try ksg.estimate(matrix(u), matrix(v)).value
  let (uKeeps, vKeeps) = (try ksg.estimate(matrix(u), matrix(test.y)).value, try ksg.estimate(matrix(v), matrix(test.y)).value)
  print("λ = \(weight): I(u; v) = \(between), I(u; y) = \(uKeeps), I(v; y) = \(vKeeps) nats (KSG)")
}
