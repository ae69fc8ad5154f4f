import MutualInformation

// Recipe for the information plane of the variational information bottleneck (ITHP; Alemi
// et al. 2017): four Gaussian clusters in the plane with their labels (H(Y) = log 4 = 1.386
// nats). For each β an encoder 2→32→(μ, log σ²) ∈ ℝ²×ℝ² and a decoder 2→16→4 minimize
// CE + β·KL(q(z|x) ‖ N(0, I)). On held-out samples it prints the two bounds the objective
// gives, the rate KL ≥ I(Z; X) and H(Y) − CE ≤ I(Z; Y), and, from one sample z of q(z|x) per
// input, what estimators that were never trained find: KSG's I(Z; X) and Ross's I(Z; Y).
func samples(_ count: Int, seed: UInt64) -> Batch<Float> {
  var generator = SeededGenerator(seed: seed)
  let centres: [(Double, Double)] = [(-2, -2), (-2, 2), (2, -2), (2, 2)]
  var x: [Float] = [], labels: [Int] = []
  for i in 0..<count {
    let (cx, cy) = centres[i % 4]
    x += [Float(cx + 0.7 * generator.normal()), Float(cy + 0.7 * generator.normal())]
    labels.append(i % 4)
  }
  let inputs = Tensor<Float>(shape: [count, 2], scalars: x)
  return Batch(x: inputs, y: inputs, labels: labels)
}

func matrix(_ t: Tensor<Float>) -> Matrix { Matrix(rows: t.shape[0], columns: t.shape[1], storage: t.scalars.map(Double.init)) }

let (training, validation, test) = (samples(2000, seed: 1), samples(800, seed: 2), samples(1000, seed: 3))
let trainer = Trainer(batchSize: 128, steps: 600, evaluationInterval: 100, patience: 600, seed: 3)
print("beta,rate,ksg_zx,relevance,ross_zy")
for beta in [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0] {
  var generator = SeededGenerator(seed: 4)
  let bottleneck = try VariationalInformationBottleneck(
    encoder: MLP<Float>(widths: [2, 32, 4], activation: .relu, using: &generator),
    decoder: MLP<Float>(widths: [2, 16, 4], activation: .relu, using: &generator),
    beta: beta, encoderOptimizer: Adam(learningRate: 3e-3), decoderOptimizer: Adam(learningRate: 3e-3), seed: 5)
  let best = try trainer.train(bottleneck, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 800, batchSize: 128)).best
  let plane = best.informationPlane(on: test)
  let (mean, logVariance) = best.posterior(test.x)
  var noise = SeededGenerator(seed: 6)
  let z = mean + (logVariance * 0.5).exp() * Tensor(randomNormal: mean.shape, using: &noise)
  let zx = try KSGEstimator().estimate(matrix(z), matrix(test.x)).value
  let zy = try RossEstimator().estimate(matrix(z), Matrix(rows: test.count, columns: 1, storage: test.labels!.map(Double.init))).value
  print("\(beta),\(plane.rate),\(max(0, zx)),\(plane.relevance),\(max(0, zy))")
}
