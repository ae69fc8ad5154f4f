import _Differentiation
import MINumerics

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
      withUnsafeScalars { s in
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
      withUnsafeScalars { s in
        reduced.withUnsafeScalars { r in
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
    Tensor(withUnsafeScalars { Scalar.sum($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: $0.count) })
  }

  @derivative(of: sum)
  @_specialize(where Scalar == Float)
  public func _vjpSum() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (sum(), { v in Tensor(repeating: v.materialized(as: []).scalar, shape: shape) })
  }

  /// The sums along `axis` (kept with size 1).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func sum(alongAxis axis: Int) -> Tensor {
    let (outer, size, inner) = axisSplit("sum(alongAxis:)", axis)
    if inner == 1 {
      return reduceLines("sum(alongAxis:)", axis) { p, count, _ in Scalar.sum(p, count: count) }
    }
    // Lines with a stride: add whole rows of `inner` contiguous scalars instead.
    return Tensor(shape: shape.collapsing(axis)) { out in
      out.update(repeating: 0, count: outer * inner)
      withUnsafeScalars { s in
        for o in 0..<outer {
          let target = out + o * inner
          for j in 0..<size {
            let row = s.baseAddress! + (o * size + j) * inner
            for i in 0..<inner { target[i] += row[i] }
          }
        }
      }
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
    sum() / Scalar(Swift.max(scalarCount, 1))
  }

  /// The means along `axis` (kept with size 1).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func mean(alongAxis axis: Int) -> Tensor {
    sum(alongAxis: axis) / Scalar(Swift.max(shape[axis], 1))
  }

  // MARK: Max

  /// The largest scalar (NaN if any scalar is NaN, as in PyTorch). Its gradient goes to the
  /// first position holding it.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func max() -> Tensor {
    guard scalarCount > 0 else { shapeFailure("max()", "a tensor of shape \(shape) has no scalars") }
    return Tensor(withUnsafeScalars { Scalar.maximum($0.baseAddress!, count: $0.count) })
  }

  @derivative(of: max)
  @_specialize(where Scalar == Float)
  public func _vjpMax() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = max()
    let best = value.scalar
    let position = withUnsafeScalars { $0.firstIndex(of: best) } ?? 0
    let shape = self.shape
    return (value, { v in
      var gradient = Tensor(zeros: shape)
      let g = v.materialized(as: []).scalar
      gradient.withUnsafeMutableScalars { $0[position] = g }
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
      if stride == 1 { return Scalar.maximum(p, count: count) }
      var best = p[0]
      for j in 0..<count {
        let value = p[j * stride]
        if value.isNaN { return value }
        if value > best { best = value }
      }
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
    reshaped(to: [scalarCount]).logSumExp(alongAxis: 0).reshaped(to: [])
  }

  /// log Σ exp along `axis` (kept with size 1), stably. Lines of −∞ give −∞.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func logSumExp(alongAxis axis: Int) -> Tensor {
    let (outer, size, inner) = axisSplit("logSumExp(alongAxis:)", axis)
    if inner == 1 && outer >= 2 && outer * size >= Self.parallelLineThreshold {
      // Contiguous lines (the rows of a score matrix), many scalars: the rows in parallel.
      return Tensor(shape: shape.collapsing(axis)) { out in
        withUnsafeScalars { s in
          let (source, target) = (LineSource(base: s.baseAddress!), DisjointWrites(out))
          parallelFor(count: outer, serialThreshold: 2) { rows in
            let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: size)
            defer { scratch.deallocate() }
            for o in rows { target.write(Self.contiguousLineLogSumExp(source.base + o * size, size, scratch: scratch), at: o) }
          }
        }
      }
    }
    let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: Swift.max(size, 1))
    defer { scratch.deallocate() }
    return reduceLines("logSumExp(alongAxis:)", axis) { p, count, stride in
      Self.lineLogSumExp(p, count, stride, scratch: scratch)
    }
  }

  /// m + log Σ exp(xⱼ − m) for one line, m its maximum; `scratch` holds `count` scalars.
  static func lineLogSumExp(
    _ p: UnsafePointer<Scalar>, _ count: Int, _ stride: Int, scratch: UnsafeMutablePointer<Scalar>
  ) -> Scalar {
    guard count > 0 else { return -.infinity }
    for j in 0..<count { scratch[j] = p[j * stride] }
    let best = Scalar.maximum(scratch, count: count)
    if !best.isFinite { return best }
    for j in 0..<count { scratch[j] -= best }
    Scalar.exp(scratch, into: scratch, count: count)
    return best + Scalar.log(Scalar.sum(scratch, count: count))
  }

  /// Below this many scalars a reduction along contiguous lines runs on one thread.
  static var parallelLineThreshold: Int { 1 << 15 }

  /// `lineLogSumExp` for a line of stride 1, read in place.
  static func contiguousLineLogSumExp(_ p: UnsafePointer<Scalar>, _ count: Int, scratch: UnsafeMutablePointer<Scalar>) -> Scalar {
    guard count > 0 else { return -.infinity }
    let best = Scalar.maximum(p, count: count)
    if !best.isFinite { return best }
    for j in 0..<count { scratch[j] = p[j] - best }
    Scalar.exp(scratch, into: scratch, count: count)
    return best + Scalar.log(Scalar.sum(scratch, count: count))
  }

  @derivative(of: logSumExp(alongAxis:))
  @_specialize(where Scalar == Float)
  public func _vjpLogSumExp(alongAxis axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let value = logSumExp(alongAxis: axis)
    let input = self
    let (outer, size, inner) = shape.split(around: axis)
    if inner == 1 && outer >= 2 && outer * size >= Self.parallelLineThreshold {
      // Contiguous lines: vᵢ · exp(xⱼ − lseᵢ) in one pass per row, the rows in parallel.
      return (value, { v in
        let v = v.materialized(as: value.shape)
        return Tensor(shape: input.shape) { out in
          input.withUnsafeScalars { s in
            value.withUnsafeScalars { lse in
              v.withUnsafeScalars { g in
                let (source, target) = (LineSource(base: s.baseAddress!), DisjointWrites(out))
                let (normalizers, tangents) = (LineSource(base: lse.baseAddress!), LineSource(base: g.baseAddress!))
                parallelFor(count: outer, serialThreshold: 2) { rows in
                  for o in rows {
                    let (p, line, normalizer, tangent) = (source.base + o * size, target.base + o * size, normalizers.base[o], tangents.base[o])
                    guard normalizer.isFinite else {
                      line.update(repeating: 0, count: size)
                      continue
                    }
                    for j in 0..<size { line[j] = p[j] - normalizer }
                    Scalar.exp(line, into: line, count: size)
                    for j in 0..<size { line[j] *= tangent }
                  }
                }
              }
            }
          }
        }
      })
    }
    return (value, { v in
      let v = v.materialized(as: value.shape)
      // ∂/∂xⱼ = vᵢ · exp(xⱼ − lseᵢ): combine the saved log-normalizer and the tangent.
      let scaled = input.expandLines(from: value, axis: axis) { lse, p, out, count, stride in
        guard lse.isFinite else {
          for j in 0..<count { out[j * stride] = 0 }
          return
        }
        if stride == 1 {
          for j in 0..<count { out[j] = p[j] - lse }
          Scalar.exp(out, into: out, count: count)
        } else {
          for j in 0..<count { out[j * stride] = Scalar.exp(p[j * stride] - lse) }
        }
      }
      return scaled.expandLines(from: v, axis: axis) { g, p, out, count, stride in
        for j in 0..<count { out[j * stride] = p[j * stride] * g }
      }
    })
  }
}

/// A read-only pointer shared by the parallel chunks of a reduction (they only read it).
private struct LineSource<Scalar>: @unchecked Sendable {
  let base: UnsafePointer<Scalar>
}
