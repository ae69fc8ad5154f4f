import _Differentiation

// Activation functions, elementwise, each with its pullback.

extension Tensor {
  /// max(x, 0). The derivative at 0 is taken as 0.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func relu() -> Tensor { Activation.relu(self) }

  @derivative(of: relu)
  @_specialize(where Scalar == Float)
  public func _vjpRelu() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = relu()
    // The output alone decides the mask: y > 0 exactly where x > 0.
    return (value, { v in v.materialized(as: value.shape).zipMap(value) { g, y in y > 0 ? g : 0 } })
  }

  /// x for x > 0, `slope`·x otherwise (Maas et al. 2013).
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func leakyRelu(slope: Scalar = 0.01) -> Tensor { map { $0 > 0 ? $0 : slope * $0 } }

  @derivative(of: leakyRelu, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpLeakyRelu(slope: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (leakyRelu(slope: slope), { v in
      v.materialized(as: input.shape).zipMap(input) { g, x in x > 0 ? g : slope * g }
    })
  }

  /// x for x > 0, α(eˣ − 1) otherwise (Clevert et al. 2016).
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func elu(alpha: Scalar = 1) -> Tensor { map { $0 > 0 ? $0 : alpha * Scalar.expm1($0) } }

  @derivative(of: elu, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpElu(alpha: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = elu(alpha: alpha)
    let input = self
    return (value, { v in
      // For x ≤ 0 the derivative αeˣ equals y + α.
      let g = v.materialized(as: input.shape)
      return Tensor(shape: input.shape) { out in
        input.withUnsafeScalars { x in
          g.withUnsafeScalars { g in
            value.withUnsafeScalars { y in
              for i in 0..<x.count { out[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + alpha) }
            }
          }
        }
      }
    })
  }

  /// x·Φ(x) with Φ the standard normal CDF, the exact GELU (Hendrycks & Gimpel 2016),
  /// as PyTorch's default `nn.GELU()`.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func gelu() -> Tensor { map { $0 * Self.normalCDF($0) } }

  static func normalCDF(_ x: Scalar) -> Scalar { (1 + Scalar.erf(x * Scalar(0.70710678118654752440))) / 2 }

  @derivative(of: gelu)
  @_specialize(where Scalar == Float)
  public func _vjpGelu() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (gelu(), { v in
      v.materialized(as: input.shape).zipMap(input) { g, x in
        let density = Scalar.exp(-x * x / 2) * Scalar(0.39894228040143267794)
        return g * (Self.normalCDF(x) + x * density)
      }
    })
  }

  /// The hyperbolic tangent.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func tanh() -> Tensor { map { Scalar.tanh($0) } }

  @derivative(of: tanh)
  @_specialize(where Scalar == Float)
  public func _vjpTanh() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = tanh()
    return (value, { v in v.materialized(as: value.shape).zipMap(value) { g, y in g * (1 - y * y) } })
  }

  /// The logistic function 1 / (1 + e⁻ˣ), computed without overflow for either sign.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func sigmoid() -> Tensor { map(Self.logistic) }

  static func logistic(_ x: Scalar) -> Scalar {
    if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
    let e = Scalar.exp(x)
    return e / (1 + e)
  }

  @derivative(of: sigmoid)
  @_specialize(where Scalar == Float)
  public func _vjpSigmoid() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = sigmoid()
    return (value, { v in v.materialized(as: value.shape).zipMap(value) { g, y in g * y * (1 - y) } })
  }

  /// log(1 + eˣ), computed as max(x, 0) + log1p(e^{−|x|}) so it neither overflows nor
  /// loses precision. Its derivative is the logistic function.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func softplus() -> Tensor { map { Swift.max($0, 0) + Scalar.log1p(Scalar.exp(-Swift.abs($0))) } }

  @derivative(of: softplus)
  @_specialize(where Scalar == Float)
  public func _vjpSoftplus() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (softplus(), { v in v.materialized(as: input.shape).zipMap(input) { g, x in g * Self.logistic(x) } })
  }
}
