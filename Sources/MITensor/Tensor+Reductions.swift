import _Differentiation

// Reductions over all scalars (a rank-0 result) or along one axis (the axis kept with
// size 1, so the result broadcasts back against the input: `x - x.max(alongAxis: 1)`).

extension Tensor {
  /// Checks `axis` and returns the shape split around it.
  func axisSplit(_ operation: String, _ axis: Int) -> (outer: Int, size: Int, inner: Int) {
    guard axis >= 0 && axis < rank else {
      shapeFailure(operation, "axis \(axis) is out of range for shape \(shape)")
    }
    return shape.split(around: axis)
  }

  /// Reduces along `axis` with `body`, which receives the scalars of one line (stride
  /// `inner`) and returns its value.
  @inline(__always)
  func reduceLines(
    _ operation: String, _ axis: Int,
    _ body: (UnsafePointer<Scalar>, _ count: Int, _ stride: Int) -> Scalar
  ) -> Tensor {
    let (outer, size, inner) = axisSplit(operation, axis)
    return Tensor(shape: shape.collapsing(axis)) { out in
      scalars.withUnsafeBufferPointer { s in
        for o in 0..<outer {
          for i in 0..<inner {
            out[o * inner + i] = body(s.baseAddress! + o * size * inner + i, size, inner)
          }
        }
      }
    }
  }

  /// Spreads a reduced tangent (shape with `axis` collapsed) back over `axis`, calling
  /// `body(line value, input pointer, output pointer, count, stride)` per line.
  @inline(__always)
  func expandLines(
    from reduced: Tensor, axis: Int,
    _ body: (Scalar, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int, Int) -> Void
  ) -> Tensor {
    let (outer, size, inner) = shape.split(around: axis)
    return Tensor(shape: shape) { out in
      scalars.withUnsafeBufferPointer { s in
        reduced.scalars.withUnsafeBufferPointer { r in
          for o in 0..<outer {
            for i in 0..<inner {
              let offset = o * size * inner + i
              body(r[o * inner + i], s.baseAddress! + offset, out + offset, size, inner)
            }
          }
        }
      }
    }
  }

  // MARK: Sum

  /// The sum of all scalars.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func sum() -> Tensor {
    var total: Scalar = 0
    for value in scalars { total += value }
    return Tensor(total)
  }

  @derivative(of: sum)
  @_specialize(where Scalar == Float)
  public func _vjpSum() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (sum(), { v in Tensor(repeating: v.materialized(as: []).scalars[0], shape: shape) })
  }

  /// The sums along `axis` (kept with size 1).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func sum(alongAxis axis: Int) -> Tensor {
    reduceLines("sum(alongAxis:)", axis) { p, count, stride in
      var total: Scalar = 0
      for j in 0..<count { total += p[j * stride] }
      return total
    }
  }

  @derivative(of: sum(alongAxis:))
  @_specialize(where Scalar == Float)
  public func _vjpSum(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = sum(alongAxis: axis)
    let (reducedShape, shape) = (value.shape, self.shape)
    return (value, { v in
      let v = v.materialized(as: reducedShape)
      return Tensor(zeros: shape).expandLines(from: v, axis: axis) { g, _, out, count, stride in
        for j in 0..<count { out[j * stride] = g }
      }
    })
  }

  // MARK: Mean

  /// The mean of all scalars.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func mean() -> Tensor {
    sum() / Scalar(Swift.max(scalars.count, 1))
  }

  /// The means along `axis` (kept with size 1).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func mean(alongAxis axis: Int) -> Tensor {
    sum(alongAxis: axis) / Scalar(Swift.max(shape[axis], 1))
  }

  // MARK: Max

  /// The largest scalar. Its gradient goes to the first position holding it.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func max() -> Tensor {
    guard let first = scalars.first else { shapeFailure("max()", "a tensor of shape \(shape) has no scalars") }
    var best = first
    for value in scalars where value > best { best = value }
    return Tensor(best)
  }

  @derivative(of: max)
  @_specialize(where Scalar == Float)
  public func _vjpMax() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = max()
    let position = scalars.firstIndex(of: value.scalars[0]) ?? 0
    let shape = self.shape
    return (value, { v in
      var gradient = Tensor(zeros: shape)
      gradient.scalars[position] = v.materialized(as: []).scalars[0]
      return gradient
    })
  }

  /// The largest scalars along `axis` (kept with size 1); each line's gradient goes to
  /// the first position holding its maximum.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func max(alongAxis axis: Int) -> Tensor {
    guard shape.rank > axis, axis >= 0, shape[axis] > 0 else {
      shapeFailure("max(alongAxis:)", "axis \(axis) of shape \(shape) is missing or empty")
    }
    return reduceLines("max(alongAxis:)", axis) { p, count, stride in
      var best = p[0]
      for j in 1..<Swift.max(count, 1) where p[j * stride] > best { best = p[j * stride] }
      return best
    }
  }

  @derivative(of: max(alongAxis:))
  @_specialize(where Scalar == Float)
  public func _vjpMax(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = max(alongAxis: axis)
    let input = self
    return (value, { v in
      let v = v.materialized(as: value.shape)
      // Mark the first maximum of each line, then scale by the line's tangent.
      let firsts = input.expandLines(from: value, axis: axis) { best, p, out, count, stride in
        var found = false
        for j in 0..<count {
          if !found && p[j * stride] == best {
            out[j * stride] = 1
            found = true
          } else {
            out[j * stride] = 0
          }
        }
      }
      return firsts.expandLines(from: v, axis: axis) { g, p, out, count, stride in
        for j in 0..<count { out[j * stride] = p[j * stride] * g }
      }
    })
  }

  // MARK: Log-sum-exp

  /// log Σ exp(xᵢ) over all scalars, computed stably as m + log Σ exp(xᵢ − m) with m the
  /// maximum. Its gradient is softmax(x).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func logSumExp() -> Tensor {
    reshaped(to: [scalars.count]).logSumExp(alongAxis: 0).reshaped(to: [])
  }

  /// log Σ exp along `axis` (kept with size 1), stably. Lines of −∞ give −∞.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func logSumExp(alongAxis axis: Int) -> Tensor {
    reduceLines("logSumExp(alongAxis:)", axis) { p, count, stride in
      Self.lineLogSumExp(p, count, stride)
    }
  }

  static func lineLogSumExp(_ p: UnsafePointer<Scalar>, _ count: Int, _ stride: Int) -> Scalar {
    guard count > 0 else { return -.infinity }
    var best = p[0]
    for j in 1..<Swift.max(count, 1) where p[j * stride] > best { best = p[j * stride] }
    if best == -.infinity || !best.isFinite { return best }
    var total: Scalar = 0
    for j in 0..<count { total += Scalar.exp(p[j * stride] - best) }
    return best + Scalar.log(total)
  }

  @derivative(of: logSumExp(alongAxis:))
  @_specialize(where Scalar == Float)
  public func _vjpLogSumExp(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = logSumExp(alongAxis: axis)
    let input = self
    return (value, { v in
      let v = v.materialized(as: value.shape)
      // ∂/∂xⱼ = vᵢ · exp(xⱼ − lseᵢ): combine the saved log-normalizer and the tangent.
      let scaled = input.expandLines(from: value, axis: axis) { lse, p, out, count, stride in
        for j in 0..<count { out[j * stride] = lse.isFinite ? Scalar.exp(p[j * stride] - lse) : 0 }
      }
      return scaled.expandLines(from: v, axis: axis) { g, p, out, count, stride in
        for j in 0..<count { out[j * stride] = p[j * stride] * g }
      }
    })
  }
}
