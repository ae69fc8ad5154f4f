import _Differentiation

// Elementwise arithmetic with broadcasting (see `Broadcast`), and with plain scalars.
// Pullbacks of a broadcast operand sum the incoming tangent back to the operand's shape.

extension Tensor {
  @derivative(of: +)
  @_specialize(where Scalar == Float)
  public static func _vjpAdd(_ lhs: Tensor, _ rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    let (ls, rs) = (lhs.shape, rhs.shape)
    let value = lhs + rhs
    let shape = value.shape
    return (value, { v in
      let v = v.materialized(as: shape)
      return (v.reduced(toBroadcastOperand: ls), v.reduced(toBroadcastOperand: rs))
    })
  }

  @derivative(of: -)
  @_specialize(where Scalar == Float)
  public static func _vjpSubtract(_ lhs: Tensor, _ rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    let (ls, rs) = (lhs.shape, rhs.shape)
    let value = lhs - rhs
    let shape = value.shape
    return (value, { v in
      let v = v.materialized(as: shape)
      return (v.reduced(toBroadcastOperand: ls), (-v).reduced(toBroadcastOperand: rs))
    })
  }

  /// Elementwise product (Hadamard) with broadcasting.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    elementwise("*", lhs, rhs) { $0 * $1 }
  }

  @derivative(of: *)
  @_specialize(where Scalar == Float)
  public static func _vjpMultiply(_ lhs: Tensor, _ rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    let value = lhs * rhs
    let shape = value.shape
    return (value, { v in
      let v = v.materialized(as: shape)
      return (
        elementwise("*", v, rhs) { $0 * $1 }.reduced(toBroadcastOperand: lhs.shape),
        elementwise("*", v, lhs) { $0 * $1 }.reduced(toBroadcastOperand: rhs.shape)
      )
    })
  }

  /// Elementwise quotient with broadcasting.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    elementwise("/", lhs, rhs) { $0 / $1 }
  }

  @derivative(of: /)
  @_specialize(where Scalar == Float)
  public static func _vjpDivide(_ lhs: Tensor, _ rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    let value = lhs / rhs
    let shape = value.shape
    return (value, { v in
      let v = v.materialized(as: shape)
      let dl = elementwise("/", v, rhs) { $0 / $1 }
      // d(l/r)/dr = −(l/r)/r: v/r (already dl) times the forward value.
      let dr = elementwise("*", dl, value) { -$0 * $1 }
      return (dl.reduced(toBroadcastOperand: lhs.shape), dr.reduced(toBroadcastOperand: rhs.shape))
    })
  }

  /// Elementwise negation.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public static prefix func - (operand: Tensor) -> Tensor {
    operand.map { -$0 }
  }

  @derivative(of: -)
  @_specialize(where Scalar == Float)
  public static func _vjpNegate(_ operand: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = operand.shape
    return (-operand, { v in -v.materialized(as: shape) })
  }

  /// Applies `body` to every scalar (not differentiable by itself; ops build on it).
  @inline(__always)
  func map(_ body: (Scalar) -> Scalar) -> Tensor {
    Tensor(shape: shape) { out in
      withUnsafeScalars { s in
        for i in s.indices { out[i] = body(s[i]) }
      }
    }
  }

  /// Combines two tensors of the same shape scalar by scalar (for pullbacks).
  @inline(__always)
  func zipMap(_ other: Tensor, _ body: (Scalar, Scalar) -> Scalar) -> Tensor {
    Tensor(shape: shape) { out in
      withUnsafeScalars { a in
        other.withUnsafeScalars { b in
          for i in a.indices { out[i] = body(a[i], b[i]) }
        }
      }
    }
  }
}

// MARK: - With plain scalars (differentiable with respect to the tensor)

extension Tensor {
  /// Adds `rhs` to every scalar.
  @differentiable(reverse, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 + rhs } }

  @derivative(of: +, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func _vjpAddScalar(_ lhs: Tensor, _ rhs: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = lhs.shape
    return (lhs + rhs, { v in v.materialized(as: shape) })
  }

  /// Subtracts `rhs` from every scalar.
  @differentiable(reverse, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs + (-rhs) }

  /// Multiplies every scalar by `rhs`.
  @differentiable(reverse, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 * rhs } }

  @derivative(of: *, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func _vjpMultiplyScalar(_ lhs: Tensor, _ rhs: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = lhs.shape
    return (lhs * rhs, { v in v.materialized(as: shape) * rhs })
  }

  /// Multiplies every scalar of `rhs` by `lhs`.
  @differentiable(reverse, wrt: rhs)
  @_specialize(where Scalar == Float)
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs * lhs }

  /// Divides every scalar by `rhs`.
  @differentiable(reverse, wrt: lhs)
  @_specialize(where Scalar == Float)
  public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs * (1 / rhs) }
}
