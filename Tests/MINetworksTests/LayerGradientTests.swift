import MINetworks
import MINumerics
import MITensor
import MITestSupport
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
