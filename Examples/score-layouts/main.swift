import MutualInformation

var generator = SeededGenerator(seed: 1)
let critic = SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [16], embedding: 8, using: &generator)
do {
  _ = try CriticObjective(critic: critic, bound: TUBA<Float>(), optimizer: Adam(learningRate: 1e-3))
} catch {
  print(error)  // the tuba bound reads scores in the layout 'all pairs with a baseline subtracted' or …
}
