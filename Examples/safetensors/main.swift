import MutualInformation

var generator = SeededGenerator(seed: 3)
var critic = MLP<Float>(widths: [20, 256, 256, 32], activation: .relu, using: &generator)
try critic.saveSafetensors(to: "critic.safetensors", metadata: ["bound": "infonce"])
try critic.loadSafetensors(from: "critic.safetensors")   // all names and shapes must match
