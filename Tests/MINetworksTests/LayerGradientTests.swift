import MINetworks
import MINumerics
import MITensor
import Testing
import _Differentiation

/// Layers' pullbacks (with respect to parameters and input) against central finite
/// differences in Double.
@Suite struct LayerGradientTests {
  static let activations: [Activation] = [
    .identity, .relu, .leakyRelu(slope: 0.1), .elu(alpha: 1), .gelu, .tanh, .sigmoid, .softplus,
  ]

  @Test(arguments: activations)
  func affinePrimitive(activation: Activation) {
    var generator = SeededGenerator(seed: 40)
    let x = Tensor<Double>(randomNormal: [5, 3], using: &generator)
    let w = Tensor<Double>(randomNormal: [4, 3], using: &generator)
    let b = Tensor<Double>(randomNormal: [4], using: &generator)
    checkLayerGradient(of: { x, w in affine(x, weight: w, bias: b, activation: activation) }, x, w)
    checkLayerGradient(of: { w, b in affine(x, weight: w, bias: b, activation: activation) }, w, b)
    // The fused primitive equals the composition of its parts.
    let composed = activation(matmul(x, w, transposingB: true) + b)
    let fused = affine(x, weight: w, bias: b, activation: activation)
    #expect(zip(composed.scalars, fused.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func mlpParametersAndInput() {
    var generator = SeededGenerator(seed: 41)
    let mlp = MLP<Double>(widths: [3, 7, 5, 2], activation: .tanh, using: &generator)
    let x = Tensor<Double>(randomNormal: [6, 3], using: &generator)
    checkModelGradient(mlp, x)
  }

  @Test func residualBlock() {
    var generator = SeededGenerator(seed: 42)
    var block = Residual<Double>(width: 4, hidden: 6, activation: .gelu, using: &generator)
    // Move the outer layer off zero so every path carries gradient.
    block.outer.weight = Tensor(randomNormal: [4, 6], using: &generator)
    let x = Tensor<Double>(randomNormal: [3, 4], using: &generator)
    checkModelGradient(block, x)
  }

  @Test func spectrallyNormalizedDense() {
    var generator = SeededGenerator(seed: 43)
    var layer = Dense<Double>(inputs: 4, outputs: 3, activation: .tanh, spectrallyNormalized: true, using: &generator)
    layer.updateSpectralEstimate(iterations: 3)
    let x = Tensor<Double>(randomNormal: [5, 4], using: &generator)
    checkModelGradient(layer, x)
  }

  @Test func powerIterationFindsTheLargestSingularValue() {
    // diag(3, 1) rotated: singular values 3 and 1.
    let c = 0.6, s = 0.8
    let weight = Tensor<Double>(rows: [[3 * c, -s], [3 * s, c]])
    var generator = SeededGenerator(seed: 44)
    var spectral = SpectralNormalization<Double>(outputs: 2, inputs: 2, using: &generator)
    spectral.powerIterate(weight, iterations: 50)
    #expect(abs(spectral.singularValue(of: weight) - 3) < 1e-9)
    let normalized = spectral.normalize(weight)
    spectral.powerIterate(normalized, iterations: 50)
    #expect(abs(spectral.singularValue(of: normalized) - 1) < 1e-9)
  }

  @Test func dropoutKeepsTheExpectationAndIsReproducible() {
    let x = Tensor<Double>(ones: [200, 50])
    let dropped = Dropout(probability: 0.3)(x, seed: 9)
    #expect(dropped == Dropout(probability: 0.3)(x, seed: 9))
    let zeros = dropped.scalars.filter { $0 == 0 }.count
    #expect(abs(Double(zeros) / 10_000 - 0.3) < 0.02)
    #expect(abs(dropped.mean().scalar - 1) < 0.03)
    // The gradient is the same mask.
    let g = gradient(at: x) { $0.droppingOut(probability: 0.3, seed: 9).sum() }
    #expect(g == dropped)
  }
}

/// Checks d(Σ R ⊙ f(a, b)) against finite differences in both arguments.
func checkLayerGradient(
  of f: @escaping @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double>,
  _ a: Tensor<Double>, _ b: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation
) {
  var generator = SeededGenerator(seed: 99)
  let weights = Tensor<Double>(randomNormal: f(a, b).shape, using: &generator)
  let loss: @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double> = { (f($0, $1) * weights).sum() }
  let (ga, gb) = gradient(at: a, b, of: loss)
  expectMatchesFiniteDifferences(ga, at: a, of: { loss($0, b).scalar }, sourceLocation: sourceLocation)
  expectMatchesFiniteDifferences(gb, at: b, of: { loss(a, $0).scalar }, sourceLocation: sourceLocation)
}

/// Checks a model's parameter gradients and input gradient against finite differences.
func checkModelGradient<Model: Layer>(
  _ model: Model, _ x: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation
) where Model.Scalar == Double {
  var generator = SeededGenerator(seed: 98)
  let weights = Tensor<Double>(randomNormal: model(x).shape, using: &generator)
  let (gModel, gInput) = gradient(at: model, x) { m, x in (m(x) * weights).sum() }
  expectMatchesFiniteDifferences(gInput, at: x, of: { (model($0) * weights).sum().scalar }, sourceLocation: sourceLocation)
  let gradients = gModel.namedParameters
  let parameters = model.namedParameters
  #expect(gradients.map(\.name) == parameters.map(\.name), sourceLocation: sourceLocation)
  for (index, (name, parameter)) in parameters.enumerated() {
    expectMatchesFiniteDifferences(gradients[index].tensor, at: parameter, of: { value in
      var perturbed = model
      perturbed.visitParameters(prefix: "") { n, p in if n == name { p = value } }
      return (perturbed(x) * weights).sum().scalar
    }, label: name, sourceLocation: sourceLocation)
  }
}

/// Central differences with h = 1e-5 against an analytic gradient, relative error ≤ 1e-6.
func expectMatchesFiniteDifferences(
  _ analytic: Tensor<Double>, at x: Tensor<Double>, of f: (Tensor<Double>) -> Double, label: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(analytic.shape == x.shape, "\(label): gradient shape \(analytic.shape) vs \(x.shape)", sourceLocation: sourceLocation)
  let h = 1e-5
  var worst = 0.0
  for i in 0..<x.scalarCount {
    var plus = x
    plus.withUnsafeMutableScalars { $0[i] += h }
    var minus = x
    minus.withUnsafeMutableScalars { $0[i] -= h }
    let numeric = (f(plus) - f(minus)) / (2 * h)
    let a = i < analytic.scalarCount ? analytic.scalars[i] : .nan
    worst = max(worst, abs(a - numeric) / max(1, abs(numeric)))
  }
  #expect(worst <= 1e-6, "\(label): largest relative error \(worst)", sourceLocation: sourceLocation)
}
