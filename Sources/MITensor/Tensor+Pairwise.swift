import _Differentiation

extension Tensor {
  /// Each row divided by its Euclidean norm, xᵢ / max(‖xᵢ‖, ε), as PyTorch's
  /// `F.normalize`; rows shorter than ε are scaled by 1/ε instead of blowing up.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func l2NormalizedRows(epsilon: Scalar = 1e-12) -> Tensor {
    let (rows, columns) = matrixSize("l2NormalizedRows(epsilon:)")
    return Tensor(shape: shape) { out in
      withUnsafeScalars { s in
        for i in 0..<rows {
          let row = s.baseAddress! + i * columns
          var total: Scalar = 0
          for j in 0..<columns { total += row[j] * row[j] }
          let scale = 1 / Swift.max(total.squareRoot(), epsilon)
          for j in 0..<columns { out[i * columns + j] = row[j] * scale }
        }
      }
    }
  }

  @derivative(of: l2NormalizedRows, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpL2NormalizedRows(epsilon: Scalar) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let input = self
    let value = l2NormalizedRows(epsilon: epsilon)
    return (value, { v in
      let v = v.materialized(as: value.shape)
      let (rows, columns) = (input.shape[0], input.shape[1])
      // With n = ‖x‖ > ε: ∂ = (v − y(y·v)) / n. Below ε the scale is the constant 1/ε.
      return Tensor(shape: input.shape) { out in
        input.withUnsafeScalars { x in
          value.withUnsafeScalars { y in
            v.withUnsafeScalars { g in
              for i in 0..<rows {
                let base = i * columns
                var squares: Scalar = 0
                var dot: Scalar = 0
                for j in 0..<columns {
                  squares += x[base + j] * x[base + j]
                  dot += y[base + j] * g[base + j]
                }
                let norm = squares.squareRoot()
                if norm > epsilon {
                  for j in 0..<columns { out[base + j] = (g[base + j] - y[base + j] * dot) / norm }
                } else {
                  for j in 0..<columns { out[base + j] = g[base + j] / epsilon }
                }
              }
            }
          }
        }
      }
    })
  }
}

/// Score matrices between the rows of two batches: `scores[i][j]` compares xᵢ with yⱼ.
/// Every MI bound over a batch reduces such a K×K matrix.
public enum PairwiseScores {
  /// xᵢ·yⱼ: the separable critic's scores, `x · yᵀ`.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public static func dotProducts<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    matmul(x, y, transposingB: true)
  }

  /// cos(xᵢ, yⱼ) / τ: dot products of L2-normalized rows divided by a temperature, as in
  /// SimCLR (Chen et al. 2020).
  @differentiable(reverse, wrt: (x, y))
  @_specialize(where Scalar == Float)
  public static func cosineSimilarities<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, temperature: Scalar = 1
  ) -> Tensor<Scalar> {
    matmul(x.l2NormalizedRows(), y.l2NormalizedRows(), transposingB: true) / temperature
  }

  /// ‖xᵢ − yⱼ‖² = ‖xᵢ‖² + ‖yⱼ‖² − 2xᵢ·yⱼ (negate it for a distance-based critic).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public static func squaredDistances<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let xx = x.squared().sum(alongAxis: 1)  // [m, 1], broadcast as a column
    let yy = y.squared().sum(alongAxis: 1).reshaped(to: [y.shape[0]])  // [n], broadcast as a row
    let cross = matmul(x, y, transposingB: true) * Scalar(-2)
    return (cross + xx) + yy
  }
}
