import _Differentiation

/// An elementwise nonlinearity, as a value: layers store one and apply it fused with their
/// affine map, and `callAsFunction` applies it to any tensor.
public enum Activation: Hashable, Sendable, CustomStringConvertible {
  /// f(x) = x.
  case identity
  /// max(x, 0).
  case relu
  /// x for x > 0, slope·x otherwise.
  case leakyRelu(slope: Double)
  /// x for x > 0, α(eˣ − 1) otherwise.
  case elu(alpha: Double)
  /// x·Φ(x), exact (erf) form.
  case gelu
  /// tanh x.
  case tanh
  /// 1 / (1 + e⁻ˣ).
  case sigmoid
  /// log(1 + eˣ).
  case softplus

  public var description: String {
    switch self {
    case .identity: "identity"
    case .relu: "relu"
    case .leakyRelu(let slope): "leakyRelu(slope: \(slope))"
    case .elu(let alpha): "elu(alpha: \(alpha))"
    case .gelu: "gelu"
    case .tanh: "tanh"
    case .sigmoid: "sigmoid"
    case .softplus: "softplus"
    }
  }

  /// Whether the derivative is a function of the output alone, so a pullback can drop the
  /// pre-activation (ReLU, tanh, sigmoid, identity, ELU).
  var derivativeNeedsInput: Bool {
    switch self {
    case .leakyRelu, .gelu, .softplus: true
    default: false
    }
  }

  /// f(x).
  @inline(__always)
  func value<Scalar: TensorScalar>(_ x: Scalar) -> Scalar {
    switch self {
    case .identity: return x
    case .relu: return x > 0 ? x : 0
    case .leakyRelu(let slope): return x > 0 ? x : Scalar(slope) * x
    case .elu(let alpha): return x > 0 ? x : Scalar(alpha) * Scalar.expm1(x)
    case .gelu: return x * Tensor<Scalar>.normalCDF(x)
    case .tanh: return Scalar.tanh(x)
    case .sigmoid: return Tensor<Scalar>.logistic(x)
    case .softplus: return Swift.max(x, 0) + Scalar.log1p(Scalar.exp(-Swift.abs(x)))
    }
  }

  /// f′ at input x with output y = f(x) (each case reads whichever is cheaper).
  @inline(__always)
  func derivative<Scalar: TensorScalar>(input x: Scalar, output y: Scalar) -> Scalar {
    switch self {
    case .identity: return 1
    case .relu: return y > 0 ? 1 : 0
    case .leakyRelu(let slope): return x > 0 ? 1 : Scalar(slope)
    case .elu(let alpha): return y > 0 ? 1 : y + Scalar(alpha)
    case .gelu:
      return Tensor<Scalar>.normalCDF(x) + x * Scalar.exp(-x * x / 2) * Scalar(0.39894228040143267794)
    case .tanh: return 1 - y * y
    case .sigmoid: return y * (1 - y)
    case .softplus: return Tensor<Scalar>.logistic(x)
    }
  }

  /// Replaces each value by f(value). One loop per case, so the loop body has no switch
  /// and compiles to straight-line (vectorizable) code.
  func apply<Scalar: TensorScalar>(_ values: UnsafeMutableBufferPointer<Scalar>) {
    switch self {
    case .identity: return
    case .relu:
      guard let p = values.baseAddress else { return }
      Scalar.rectify(p, count: values.count)
    case .leakyRelu(let slope):
      let s = Scalar(slope)
      guard let p = values.baseAddress else { return }
      for i in 0..<values.count {
        let v = p[i]
        p[i] = v > 0 ? v : s * v
      }
    case .tanh: for i in values.indices { values[i] = Scalar.tanh(values[i]) }
    default: for i in values.indices { values[i] = value(values[i]) }
    }
  }

  /// Multiplies each gradient by f′ at the matching input (`input`, when the derivative
  /// needs it) or output. One loop per case, as `apply`.
  func multiplyDerivative<Scalar: TensorScalar>(
    _ gradient: UnsafeMutableBufferPointer<Scalar>, input: UnsafeBufferPointer<Scalar>?,
    output: UnsafeBufferPointer<Scalar>
  ) {
    switch self {
    case .identity: return
    case .relu:
      guard let g = gradient.baseAddress, let y = output.baseAddress else { return }
      Scalar.zeroWhereNotPositive(g, y, count: gradient.count)
    case .tanh: for i in gradient.indices { gradient[i] *= 1 - output[i] * output[i] }
    case .sigmoid: for i in gradient.indices { gradient[i] *= output[i] * (1 - output[i]) }
    case .elu(let alpha):
      let a = Scalar(alpha)
      for i in gradient.indices { gradient[i] *= output[i] > 0 ? 1 : output[i] + a }
    case .leakyRelu(let slope):
      let s = Scalar(slope)
      for i in gradient.indices { gradient[i] *= input![i] > 0 ? 1 : s }
    case .gelu, .softplus:
      for i in gradient.indices { gradient[i] *= derivative(input: input![i], output: output[i]) }
    }
  }

  /// Applies the activation elementwise.
  @differentiable(reverse, wrt: x)
  @_specialize(where Scalar == Float)
  public func callAsFunction<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    if self == .identity { return x }
    var result = x
    result.withUnsafeMutableScalars { apply($0) }
    return result
  }

  @derivative(of: callAsFunction, wrt: x)
  @_specialize(where Scalar == Float)
  public func _vjpCallAsFunction<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (
    value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>
  ) {
    let y = callAsFunction(x)
    let needsInput = derivativeNeedsInput
    return (y, { v in
      var gradient = v.materialized(as: y.shape)
      gradient.withUnsafeMutableScalars { g in
        y.withUnsafeScalars { out in
          x.withUnsafeScalars { input in
            multiplyDerivative(g, input: needsInput ? input : nil, output: out)
          }
        }
      }
      return gradient
    })
  }
}
