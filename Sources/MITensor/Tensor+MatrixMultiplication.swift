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
    switch (transposeA, transposeB) {
    case (false, false):  // C = A·B
      return (matmul(v, b, transposingB: true), matmul(a, v, transposingA: true))
    case (true, false):  // C = Aᵀ·B
      return (matmul(b, v, transposingB: true), matmul(a, v))
    case (false, true):  // C = A·Bᵀ
      return (matmul(v, b), matmul(v, a, transposingA: true))
    case (true, true):  // C = Aᵀ·Bᵀ
      return (matmul(b, v, transposingA: true, transposingB: true), matmul(v, a, transposingA: true, transposingB: true))
    }
  })
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
