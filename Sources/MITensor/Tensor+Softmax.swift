import _Differentiation

extension Tensor {
  /// exp(xⱼ − logΣexp(x)) along `axis` (the last by default): each line sums to 1.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func softmax(alongAxis axis: Int = -1) -> Tensor {
    let axis = axis < 0 ? rank + axis : axis
    let (outer, size, inner) = axisSplit("softmax(alongAxis:)", axis)
    // exp(x − max) / Σ exp(x − max): exact ratios, no cancellation against a large log-sum.
    return Tensor(shape: shape) { out in
      withUnsafeScalars { s in
        for o in 0..<outer {
          for i in 0..<inner {
            let base = o * size * inner + i
            var best = -Scalar.infinity
            for j in 0..<size where s[base + j * inner] > best { best = s[base + j * inner] }
            var total: Scalar = 0
            for j in 0..<size {
              let e = best == -.infinity ? 0 : Scalar.exp(s[base + j * inner] - best)
              out[base + j * inner] = e
              total += e
            }
            for j in 0..<size { out[base + j * inner] /= total }
          }
        }
      }
    }
  }

  @derivative(of: softmax, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpSoftmax(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let axis = axis < 0 ? rank + axis : axis
    let value = softmax(alongAxis: axis)
    return (value, { v in
      // ∂ = y ⊙ (v − Σⱼ vⱼyⱼ) per line.
      let v = v.materialized(as: value.shape)
      let (outer, size, inner) = value.shape.split(around: axis)
      return Tensor(shape: value.shape) { out in
        value.withUnsafeScalars { y in
          v.withUnsafeScalars { g in
            for o in 0..<outer {
              for i in 0..<inner {
                let base = o * size * inner + i
                var dot: Scalar = 0
                for j in 0..<size { dot += g[base + j * inner] * y[base + j * inner] }
                for j in 0..<size {
                  let at = base + j * inner
                  out[at] = y[at] * (g[at] - dot)
                }
              }
            }
          }
        }
      }
    })
  }

  /// xⱼ − logΣexp(x) along `axis` (the last by default), stably.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
    let axis = axis < 0 ? rank + axis : axis
    let lse = logSumExp(alongAxis: axis)
    return expandLines(from: lse, axis: axis) { l, p, out, count, stride in
      for j in 0..<count { out[j * stride] = p[j * stride] - l }
    }
  }

  @derivative(of: logSoftmax, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpLogSoftmax(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let axis = axis < 0 ? rank + axis : axis
    let value = logSoftmax(alongAxis: axis)
    return (value, { v in
      // ∂ = v − softmax · Σⱼ vⱼ per line; softmax = exp(log-softmax).
      let v = v.materialized(as: value.shape)
      let (outer, size, inner) = value.shape.split(around: axis)
      return Tensor(shape: value.shape) { out in
        value.withUnsafeScalars { y in
          v.withUnsafeScalars { g in
            for o in 0..<outer {
              for i in 0..<inner {
                let base = o * size * inner + i
                var total: Scalar = 0
                for j in 0..<size { total += g[base + j * inner] }
                for j in 0..<size {
                  let at = base + j * inner
                  out[at] = g[at] - Scalar.exp(y[at]) * total  // scalar exp: strided lines
                }
              }
            }
          }
        }
      }
    })
  }
}
