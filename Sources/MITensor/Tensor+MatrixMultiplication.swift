import _Differentiation

/// The matrix product op(a) · op(b), where op transposes its operand when asked.
///
/// Float runs the cache-blocked, packed AVX2/FMA kernel of `_MIKernels` on all cores;
/// transposed operands cost nothing extra (the packing reads them in place).
/// - Complexity: O(m·n·k).
@differentiable(reverse)
@_specialize(where Scalar == Float)
public func matmul<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
  transposingA transposeA: Bool = false, transposingB transposeB: Bool = false
) -> Tensor<Scalar> {
  let name = "matmul"
  let (ar, ac) = a.matrixSize("\(name): left operand")
  let (br, bc) = b.matrixSize("\(name): right operand")
  let (m, k) = transposeA ? (ac, ar) : (ar, ac)
  let (k2, n) = transposeB ? (bc, br) : (br, bc)
  guard k == k2 else {
    shapeFailure(
      name,
      "shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not agree: inner dimensions \(k) and \(k2)"
    )
  }
  return Tensor(shape: [m, n]) { c in
    a.withUnsafeScalars { ap in
      b.withUnsafeScalars { bp in
        if k == 0 {
          c.update(repeating: 0, count: m * n)
          return
        }
        Scalar.multiplyMatrices(
          transposingA: transposeA, transposingB: transposeB, m: m, n: n, k: k,
          ap.baseAddress!, bp.baseAddress!, beta: 0, into: c)
      }
    }
  }
}

@derivative(of: matmul)
@_specialize(where Scalar == Float)
public func _vjpMatmul<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
  transposingA transposeA: Bool, transposingB transposeB: Bool
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>)) {
  let value = matmul(a, b, transposingA: transposeA, transposingB: transposeB)
  let shape = value.shape
  return (value, { v in
    let v = v.materialized(as: shape)
    return (
      matmulLeftGradient(v, b, transposingA: transposeA, transposingB: transposeB),
      matmulRightGradient(v, a, transposingA: transposeA, transposingB: transposeB)
    )
  })
}

/// The derivative with respect to the left operand alone: when the right one is a constant
/// (`withoutDerivative`, a queue of keys, data), its gradient, as costly as the product, is
/// not computed.
@derivative(of: matmul, wrt: a)
@_specialize(where Scalar == Float)
public func _vjpMatmulLeft<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
  transposingA transposeA: Bool, transposingB transposeB: Bool
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  let value = matmul(a, b, transposingA: transposeA, transposingB: transposeB)
  let shape = value.shape
  return (value, { v in matmulLeftGradient(v.materialized(as: shape), b, transposingA: transposeA, transposingB: transposeB) })
}

/// The derivative with respect to the right operand alone (the left one a constant).
@derivative(of: matmul, wrt: b)
@_specialize(where Scalar == Float)
public func _vjpMatmulRight<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
  transposingA transposeA: Bool, transposingB transposeB: Bool
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  let value = matmul(a, b, transposingA: transposeA, transposingB: transposeB)
  let shape = value.shape
  return (value, { v in matmulRightGradient(v.materialized(as: shape), a, transposingA: transposeA, transposingB: transposeB) })
}

/// ∂/∂a of op(a)·op(b) along v: v·op(b)ᵀ, transposed back when a is.
@_specialize(where Scalar == Float)
func matmulLeftGradient<Scalar: TensorScalar>(
  _ v: Tensor<Scalar>, _ b: Tensor<Scalar>, transposingA transposeA: Bool, transposingB transposeB: Bool
) -> Tensor<Scalar> {
  switch (transposeA, transposeB) {
  case (false, false): matmul(v, b, transposingB: true)  // C = A·B
  case (true, false): matmul(b, v, transposingB: true)  // C = Aᵀ·B
  case (false, true): matmul(v, b)  // C = A·Bᵀ
  case (true, true): matmul(b, v, transposingA: true, transposingB: true)  // C = Aᵀ·Bᵀ
  }
}

/// ∂/∂b of op(a)·op(b) along v: op(a)ᵀ·v, transposed back when b is.
@_specialize(where Scalar == Float)
func matmulRightGradient<Scalar: TensorScalar>(
  _ v: Tensor<Scalar>, _ a: Tensor<Scalar>, transposingA transposeA: Bool, transposingB transposeB: Bool
) -> Tensor<Scalar> {
  switch (transposeA, transposeB) {
  case (false, false): matmul(a, v, transposingA: true)
  case (true, false): matmul(a, v)
  case (false, true): matmul(v, a, transposingA: true)
  case (true, true): matmul(v, a, transposingA: true, transposingB: true)
  }
}

extension Tensor {
  /// The same scalars with a new shape of the same element count.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func reshaped(to newShape: TensorShape) -> Tensor {
    guard newShape.count == scalarCount else {
      shapeFailure("reshaped(to:)", "cannot reshape \(shape) (\(scalarCount) scalars) to \(newShape) (\(newShape.count))")
    }
    var result = self
    result.shape = newShape
    return result
  }

  @derivative(of: reshaped)
  @_specialize(where Scalar == Float)
  public func _vjpReshaped(to newShape: TensorShape) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let original = shape
    return (reshaped(to: newShape), { v in v.materialized(as: newShape).reshaped(to: original) })
  }

  /// The transpose of a matrix.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func transposed() -> Tensor {
    let (rows, columns) = matrixSize("transposed()")
    return Tensor(shape: [columns, rows]) { out in
      withUnsafeScalars { s in
        // Blocked so both sides stay in cache.
        let block = 32
        for i0 in stride(from: 0, to: rows, by: block) {
          for j0 in stride(from: 0, to: columns, by: block) {
            for i in i0..<min(i0 + block, rows) {
              for j in j0..<min(j0 + block, columns) { out[j * rows + i] = s[i * columns + j] }
            }
          }
        }
      }
    }
  }

  @derivative(of: transposed)
  @_specialize(where Scalar == Float)
  public func _vjpTransposed() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let (rows, columns) = matrixSize("transposed()")
    return (transposed(), { v in v.materialized(as: [columns, rows]).transposed() })
  }
}
