import MutualInformation

// Train an InfoNCE critic on correlated Gaussians with the toolkit's trainer.
let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.9).sample(count: 2000, seed: 1)
func tensor(_ m: Matrix) -> Tensor<Float> { Tensor(shape: [m.rows, m.columns], scalars: m.storage.map { Float($0) }) }
let data = Batch(x: tensor(x), y: tensor(y))
var generator = SeededGenerator(seed: 2)
let critic = SeparableCritic<Float>(xDimension: 1, yDimension: 1, hidden: [32], embedding: 8, using: &generator)
let objective = try CriticObjective(critic: critic, bound: InfoNCE<Float>(), optimizer: Adam(learningRate: 3e-3))
let trainer = Trainer(batchSize: 64, steps: 600, evaluationInterval: 100)
let outcome = try trainer.train(objective, on: data, validation: data, evaluation: HeldOutEvaluation(chunkSize: 256, batchSize: 64))
let value = outcome.best.evaluate(on: data, evaluation: HeldOutEvaluation(chunkSize: 256, batchSize: 64)).values
print(value.reduce(0, +) / Double(value.count))  // near the true 0.830 nats
