import Foundation
import MutualInformation
import _Differentiation

// Recipe for a generator trained against the importance-sampling upper bound (IS-UB; the
// catalog's fairness in text generation): a generator G maps a context c ~ N(0, I₃) to an
// output s = G(c) that should stay close to the reference output c (the stand-in for an
// LM's fluency), while a frozen attribute classifier, known exactly here,
// p(a = 1 | s) = σ(3·s₃), reads a binary attribute from s. G minimizes
// ‖G(c) − c‖² + λ·IS-UB, IS-UB = E_s Σ_a p(a|s) log(p(a|s)/r(a)) ≥ I(S; A), with the proposal r
// from the attribute's counts under the reference outputs. Because p(a|s) is known, the
// exact I(S; A) = H(E_s p(a|s)) − E_s H(p(a|s)) of the generated outputs is computed on
// held-out contexts (never trained), beside the bound and the generator's fidelity.
func classifierLogits(_ s: Tensor<Float>) -> Tensor<Float> {
  let third = s.columns(2..<3) * 3
  return (third * 0).concatenated(with: third, alongAxis: 1)  // logits (0, 3·s₃)
}

func exactInformation(_ s: Tensor<Float>) -> Double {
  let p = s.columns(2..<3).scalars.map { 1 / (1 + exp(-3 * Double($0))) }
  func entropy(_ q: Double) -> Double { q <= 0 || q >= 1 ? 0 : -q * log(q) - (1 - q) * log(1 - q) }
  return entropy(p.reduce(0, +) / Double(p.count)) - p.map(entropy).reduce(0, +) / Double(p.count)
}

var data = SeededGenerator(seed: 1)
let reference = Tensor<Float>(randomNormal: [4000, 3], using: &data)
// The corpus: one attribute label a ~ p(a | s) per reference output.
var ones = 0
for value in reference.columns(2..<3).scalars where data.uniform() < 1 / (1 + exp(-3 * Double(value))) { ones += 1 }
let proposal = try ImportanceSamplingUpperBound<Float>.proposal(counts: [4000 - ones, ones])
let bound = try ImportanceSamplingUpperBound<Float>(proposal: proposal)
let test = Tensor<Float>(randomNormal: [2000, 3], using: &data)

for weight: Float in [0, 5] {
  var generator = SeededGenerator(seed: 2)
  var model = MLP<Float>(widths: [3, 32, 3], activation: .relu, using: &generator)
  var optimizer = Adam<Float>(learningRate: 3e-3)
  for step in 0..<1500 {
    let c = reference.rows((step * 128 % 3872)..<(step * 128 % 3872 + 128))
    let (_, gradient) = valueWithGradient(at: model) { g in
      let s = g(c)
      return (s - c).squared().sum(alongAxis: 1).mean() + weight * bound.objective(classifierLogits(s))
    }
    optimizer.update(&model, along: gradient)
  }
  let s = model(test)
  let fidelity = Double((s.columns(0..<2) - test.columns(0..<2)).squared().mean().scalar)
  print("λ = \(weight): IS-UB \(bound.value(classifierLogits(s))), exact I(S; A) \(exactInformation(s)) nats, error on s₁, s₂ \(fidelity)")
}
