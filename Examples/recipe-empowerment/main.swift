import Foundation
import MutualInformation

// Recipe for InfoPower, SLIM and MASD (empowerment and skill discovery) in the two-room world
// of the empowerment map, where each action slips to a random one 10% of the time.
let world = try Gridworld(
  map: [
    "###########",
    "#....#....#",
    "#....#....#",
    "#.........#",
    "#....#....#",
    "#....#....#",
    "###########",
  ],
  slip: 0.1)
let states = world.stateCount
var generator = SeededGenerator(seed: 7)

// 1. Variational empowerment: a source ω(a | s) over the 125 sequences of 3 actions and an
// inverse model q(a | s, s′), ascending E[log q(a | s, s′) − log ω(a | s)] at every cell.
var empowerment = try VariationalEmpowerment(
  environment: world, steps: 3,
  source: MLP<Float>(widths: [states, 125], using: &generator),
  inverse: MLP<Float>(widths: [2 * states, 256, 125], using: &generator),
  sourceOptimizer: Adam(learningRate: 1e-2), inverseOptimizer: Adam(learningRate: 1e-2))
for iteration in 0..<1000 {
  let decay = Float(1 - 0.9 * Double(iteration) / 1000)  // learning rates fall linearly to 10%
  empowerment.sourceOptimizer.learningRate = 1e-2 * decay
  empowerment.inverseOptimizer.learningRate = 1e-2 * decay
  _ = empowerment.step(states: Array(0..<states), using: &generator)
}
// Measured exactly: the bound, and the empowerment by Blahut–Arimoto on the true channel.
let cells = try (0..<states).map { try empowerment.evaluation(at: $0) }
let gaps = cells.map { $0.empowerment - $0.bound }
print(String(
  format: "empowerment: variational bound %.3f nats against exact %.3f on average over %d cells; largest gap %.3f",
  cells.map(\.bound).reduce(0, +) / Double(states), cells.map(\.empowerment).reduce(0, +) / Double(states), states, gaps.max()!))

// 2. Skill discovery: 8 skills of 4 steps from the doorway, rewarded by log q(z | s_T) − log p(z),
// the entropy bonus falling from 0.2 to 0. Two skills can settle on one region (a local
// optimum), so 3 runs are trained and the one with the best bound, the objective, is kept.
let doorway = world.state(of: Gridworld.Cell(x: 5, y: 3))!
var runs: [SkillDiscovery<MLP<Float>, MLP<Float>>] = []
for _ in 0..<3 {
  var skills = try SkillDiscovery(
    environment: world, start: doorway, skills: 8, horizon: 4,
    policy: MLP<Float>(widths: [states + 8 + 4, 64, 5], using: &generator),
    discriminator: MLP<Float>(widths: [states, 64, 8], using: &generator),
    policyOptimizer: Adam(learningRate: 1e-2), discriminatorOptimizer: Adam(learningRate: 1e-2))
  for iteration in 0..<1000 {
    skills.entropyWeight = 0.2 * (1 - Double(iteration) / 1000)
    _ = skills.step(episodesPerSkill: 32, using: &generator)
  }
  runs.append(skills)
}
let best = try runs.max { try $0.evaluation().discriminability < $1.evaluation().discriminability }!
// Measured exactly from the policy's distribution of final states, not by the discriminator.
let result = try best.evaluation()
print(String(
  format: "skills: I(Z; S_T) = %.3f nats (exact), discriminability %.3f, log 8 = %.3f",
  result.information, result.discriminability, result.ceiling))
