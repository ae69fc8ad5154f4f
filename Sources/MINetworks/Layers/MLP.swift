import MINumerics
import MITensor
import _Differentiation

/// A multilayer perceptron: dense layers of the given widths, a shared hidden activation,
/// and a (by default linear) output layer.
///
/// `MLP(widths: [20, 256, 256, 32], activation: .relu, ...)` is 20→256→256→32 with ReLU
/// after the two hidden layers. The forward pass and its pullback loop over the layers
/// inside one primitive (no differentiation of a `for` loop by the compiler).
public struct MLP<Scalar: TensorScalar>: Layer {
  /// The dense layers, input side first.
  public var layers: [Dense<Scalar>]

  /// Creates an MLP from its layers, which must chain (each layer's inputs equal the
  /// previous layer's outputs).
  public init(layers: [Dense<Scalar>]) {
    guard !layers.isEmpty else { ContractViolation.trap("MLP(layers:): needs at least one layer") }
    for i in 1..<layers.count where layers[i].inputCount != layers[i - 1].outputCount {
      ContractViolation.trap("MLP(layers:): layer \(i) takes \(layers[i].inputCount) inputs but layer \(i - 1) gives \(layers[i - 1].outputCount)")
    }
    self.layers = layers
  }

  /// Creates an MLP with `widths.count − 1` dense layers, initialized reproducibly.
  /// - Parameters:
  ///   - widths: input width, hidden widths, output width (at least two entries).
  ///   - activation: after every hidden layer.
  ///   - outputActivation: after the last layer (identity: a linear read-out).
  ///   - spectrallyNormalized: spectral normalization on every layer (Lipschitz critics).
  ///   - initialization: the weights' scheme (default: the one recommended for each layer's
  ///     activation).
  public init(
    widths: [Int], activation: Activation = .relu, outputActivation: Activation = .identity,
    spectrallyNormalized: Bool = false, initialization: Initialization? = nil, using generator: inout SeededGenerator
  ) {
    guard widths.count >= 2 else { ContractViolation.trap("MLP(widths:): needs input and output widths, got \(widths)") }
    var layers: [Dense<Scalar>] = []
    for i in 0..<(widths.count - 1) {
      let last = i == widths.count - 2
      layers.append(Dense(
        inputs: widths[i], outputs: widths[i + 1], activation: last ? outputActivation : activation,
        initialization: initialization, spectrallyNormalized: spectrallyNormalized, using: &generator))
    }
    self.init(layers: layers)
  }

  /// The widths from input to output.
  public var widths: [Int] { [layers[0].inputCount] + layers.map(\.outputCount) }

  /// The layers applied in order, f_L(…f_1(x)).
  @differentiable(reverse)
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    var x = input
    for layer in layers { x = layer.callAsFunctionWithoutDerivative(x) }
    return x
  }

  @derivative(of: callAsFunction)
  public func _vjpCallAsFunction(_ input: Tensor<Scalar>) -> (
    value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> (TangentVector, Tensor<Scalar>)
  ) {
    var x = input
    var pullbacks: [(Tensor<Scalar>) -> (Dense<Scalar>.TangentVector, Tensor<Scalar>)] = []
    pullbacks.reserveCapacity(layers.count)
    for layer in layers {
      let (y, pullback) = valueWithPullback(at: layer, x) { layer, x in layer(x) }
      pullbacks.append(pullback)
      x = y
    }
    return (x, { v in
      var gradients = [Dense<Scalar>.TangentVector](repeating: .zero, count: pullbacks.count)
      var upstream = v
      for index in pullbacks.indices.reversed() {
        let (layerGradient, inputGradient) = pullbacks[index](upstream)
        gradients[index] = layerGradient
        upstream = inputGradient
      }
      return (TangentVector(layers: .init(gradients)), upstream)
    })
  }

  /// The derivative with respect to the parameters alone, for an input that is data: the
  /// first layer skips its input gradient (one product of the batch by its weight).
  @derivative(of: callAsFunction, wrt: self)
  public func _vjpCallAsFunctionParameters(_ input: Tensor<Scalar>) -> (
    value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> TangentVector
  ) {
    let (first, firstPullback) = valueWithPullback(at: layers[0]) { layer in layer(input) }
    var x = first
    var pullbacks: [(Tensor<Scalar>) -> (Dense<Scalar>.TangentVector, Tensor<Scalar>)] = []
    pullbacks.reserveCapacity(layers.count - 1)
    for layer in layers.dropFirst() {
      let (y, pullback) = valueWithPullback(at: layer, x) { layer, x in layer(x) }
      pullbacks.append(pullback)
      x = y
    }
    return (x, { v in
      var gradients = [Dense<Scalar>.TangentVector](repeating: .zero, count: pullbacks.count + 1)
      var upstream = v
      for index in pullbacks.indices.reversed() {
        let (layerGradient, inputGradient) = pullbacks[index](upstream)
        gradients[index + 1] = layerGradient
        upstream = inputGradient
      }
      gradients[0] = firstPullback(upstream)
      return TangentVector(layers: .init(gradients))
    })
  }

  /// Refines every layer's spectral-normalization estimate (see `Dense`).
  public mutating func updateSpectralEstimates(iterations: Int = 1) {
    for i in layers.indices { layers[i].updateSpectralEstimate(iterations: iterations) }
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    for i in layers.indices {
      layers[i].visitParameters(prefix: Self.qualified(Self.qualified(prefix, "layers"), String(i)), visitor)
    }
  }
}

extension Dense {
  /// The forward pass outside differentiation (MLP's primitive calls it per layer).
  func callAsFunctionWithoutDerivative(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    self(input)
  }
}

extension MLP {
  /// The gradient of an MLP: one `Dense.TangentVector` per layer.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// One gradient per layer (empty for the zero tangent).
    public var layers: Array<Dense<Scalar>.TangentVector>.DifferentiableView

    /// Creates a gradient from the layers' gradients.
    public init(layers: Array<Dense<Scalar>.TangentVector>.DifferentiableView) {
      self.layers = layers
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      layers.visitParameters(prefix: MLP.qualified(prefix, "layers"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    // The zero tangent of the array view is empty: nothing to move.
    guard offset.layers.base.count == layers.count else { return }
    for i in layers.indices { layers[i].move(by: offset.layers.base[i]) }
  }
}
