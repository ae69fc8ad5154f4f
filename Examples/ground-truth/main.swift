import MutualInformation

let task = Transformed(CorrelatedGaussian.sparse(dimensionX: 3, dimensionY: 3, interacting: 2, correlation: 0.8), both: .halfCube)
let (x, y) = task.sample(count: 10_000, seed: 42)
let error = try KSGEstimator().estimate(x, y).value - task.mutualInformation
print("truth", task.mutualInformation, "nats; KSG error", error)
