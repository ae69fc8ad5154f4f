import MINumerics
import MITensor
import _Differentiation

/// A fully connected layer, y = f(x·Wᵀ + b), computed by the fused `affine` primitive.
///
/// `weight` is [outputs, inputs] and `bias` [outputs], as PyTorch's `nn.Linear`, so a
/// state dict loads without transposition.
public struct Dense<Scalar: TensorScalar>: Layer {
  /// The weight matrix, [outputs, inputs].
  public var weight: Tensor<Scalar>
  /// The bias, [outputs].
  public var bias: Tensor<Scalar>
  /// The nonlinearity applied after the affine map.
  @noDerivative public var activation: Activation
  /// When set, the weight is divided by its estimated largest singular value on every
  /// call (spectral normalization, Miyato et al. 2018), making the layer 1-Lipschitz
  /// (times the activation's Lipschitz constant).
  @noDerivative public var spectralNormalization: SpectralNormalization<Scalar>?

  /// Creates a layer with the given weight and bias.
  public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation = .identity) {
    self.weight = weight
    self.bias = bias
    self.activation = activation
  }

  /// Creates a layer with weights drawn by `initialization` (by default the one
  /// recommended for `activation`) and a zero bias.
  public init(
    inputs: Int, outputs: Int, activation: Activation = .identity,
    initialization: Initialization? = nil, spectrallyNormalized: Bool = false,
    using generator: inout SeededGenerator
  ) {
    guard inputs > 0 && outputs > 0 else {
      ContractViolation.trap("Dense(inputs: \(inputs), outputs: \(outputs)): sizes must be positive")
    }
    let scheme = initialization ?? .recommended(for: activation)
    self.weight = scheme.weight(inputs: inputs, outputs: outputs, using: &generator)
    self.bias = Tensor(zeros: [outputs])
    self.activation = activation
    if spectrallyNormalized {
      spectralNormalization = SpectralNormalization(outputs: outputs, inputs: inputs, using: &generator)
    }
  }

  /// The number of input features.
  public var inputCount: Int { weight.shape[1] }
  /// The number of output features.
  public var outputCount: Int { weight.shape[0] }

  /// f(x·Wᵀ + b), with W spectrally normalized when that is enabled.
  @differentiable(reverse)
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    if let spectral = spectralNormalization {
      return affine(input, weight: spectral.normalize(weight), bias: bias, activation: activation)
    }
    return affine(input, weight: weight, bias: bias, activation: activation)
  }

  /// Runs `iterations` steps of power iteration on the current weight, refining the
  /// singular-vector estimates that spectral normalization divides by (call once per
  /// training step, as PyTorch does in training mode). Does nothing when disabled.
  public mutating func updateSpectralEstimate(iterations: Int = 1) {
    spectralNormalization?.powerIterate(weight, iterations: iterations)
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    visitor(Self.qualified(prefix, "weight"), &weight)
    visitor(Self.qualified(prefix, "bias"), &bias)
  }
}

extension Dense {
  /// The gradient of a dense layer: one tensor per parameter.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂loss/∂weight, [outputs, inputs].
    public var weight: Tensor<Scalar>
    /// ∂loss/∂bias, [outputs].
    public var bias: Tensor<Scalar>

    /// Creates a gradient from its two tensors.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>) {
      self.weight = weight
      self.bias = bias
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      visitor(Dense.qualified(prefix, "weight"), &weight)
      visitor(Dense.qualified(prefix, "bias"), &bias)
    }
  }

  public mutating func move(by offset: TangentVector) {
    weight.move(by: offset.weight)
    bias.move(by: offset.bias)
  }
}
