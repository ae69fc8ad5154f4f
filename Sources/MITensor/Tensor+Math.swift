import _Differentiation

// Elementwise elementary functions. Each pullback reuses the forward value where the
// derivative is expressed through it (exp, sqrt) and otherwise captures the input only.

extension Tensor {
  /// eˣ elementwise.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func exp() -> Tensor {
    Tensor(shape: shape) { out in
      withUnsafeScalars { Scalar.exp($0.baseAddress!, into: out, count: $0.count) }
    }
  }

  @derivative(of: exp)
  @_specialize(where Scalar == Float)
  public func _vjpExp() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = exp()
    return (value, { v in v.materialized(as: value.shape).zipMap(value) { $0 * $1 } })
  }

  /// The natural logarithm elementwise (−∞ at 0, NaN below).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func log() -> Tensor { map { Scalar.log($0) } }

  @derivative(of: log)
  @_specialize(where Scalar == Float)
  public func _vjpLog() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (log(), { v in v.materialized(as: input.shape).zipMap(input) { $0 / $1 } })
  }

  /// log(1 + x) elementwise, accurate near 0.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func log1p() -> Tensor { map { Scalar.log1p($0) } }

  @derivative(of: log1p)
  @_specialize(where Scalar == Float)
  public func _vjpLog1p() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (log1p(), { v in v.materialized(as: input.shape).zipMap(input) { $0 / (1 + $1) } })
  }

  /// √x elementwise.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func squareRoot() -> Tensor { map { $0.squareRoot() } }

  @derivative(of: squareRoot)
  @_specialize(where Scalar == Float)
  public func _vjpSquareRoot() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = squareRoot()
    return (value, { v in v.materialized(as: value.shape).zipMap(value) { $0 / (2 * $1) } })
  }

  /// x² elementwise.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func squared() -> Tensor { map { $0 * $0 } }

  @derivative(of: squared)
  @_specialize(where Scalar == Float)
  public func _vjpSquared() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (squared(), { v in v.materialized(as: input.shape).zipMap(input) { 2 * $0 * $1 } })
  }

  /// |x| elementwise; the derivative at 0 is taken as 0.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func magnitude() -> Tensor { map { Swift.abs($0) } }

  @derivative(of: magnitude)
  @_specialize(where Scalar == Float)
  public func _vjpMagnitude() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (magnitude(), { v in
      v.materialized(as: input.shape).zipMap(input) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }
    })
  }

  /// Each scalar limited to [lower, upper]. The gradient passes where lower ≤ x ≤ upper
  /// and is 0 where the value was clipped.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func clamped(to lower: Scalar, _ upper: Scalar) -> Tensor {
    guard lower <= upper else { shapeFailure("clamped(to:_:)", "lower bound \(lower) exceeds upper bound \(upper)") }
    return map { Swift.min(Swift.max($0, lower), upper) }
  }

  @derivative(of: clamped, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpClamped(to lower: Scalar, _ upper: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    return (clamped(to: lower, upper), { v in
      v.materialized(as: input.shape).zipMap(input) { g, x in x >= lower && x <= upper ? g : 0 }
    })
  }
}
