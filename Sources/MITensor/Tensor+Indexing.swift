import MINumerics
import _Differentiation

// Concatenation, slicing, gathering and the diagonal: the data movement that critics
// and bounds need (joint inputs [x, y], shuffled negatives, positive pairs on the diagonal).

extension Tensor {
  /// This matrix and `other` side by side (axis 1) or stacked (axis 0).
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func concatenated(with other: Tensor, alongAxis axis: Int) -> Tensor {
    let (r1, c1) = matrixSize("concatenated(with:alongAxis:)")
    let (r2, c2) = other.matrixSize("concatenated(with:alongAxis:)")
    switch axis {
    case 0:
      guard c1 == c2 else {
        shapeFailure("concatenated(with:alongAxis: 0)", "shapes \(shape) and \(other.shape) differ in columns")
      }
      return Tensor(shape: [r1 + r2, c1]) { out in
        withUnsafeScalars { a in if let base = a.baseAddress { out.initialize(from: base, count: a.count) } }
        other.withUnsafeScalars { b in if let base = b.baseAddress { (out + r1 * c1).initialize(from: base, count: b.count) } }
      }
    case 1:
      guard r1 == r2 else {
        shapeFailure("concatenated(with:alongAxis: 1)", "shapes \(shape) and \(other.shape) differ in rows")
      }
      return Tensor(shape: [r1, c1 + c2]) { out in
        withUnsafeScalars { a in
          other.withUnsafeScalars { b in
            for i in 0..<r1 {
              let row = out + i * (c1 + c2)
              for j in 0..<c1 { row[j] = a[i * c1 + j] }
              for j in 0..<c2 { row[c1 + j] = b[i * c2 + j] }
            }
          }
        }
      }
    default:
      shapeFailure("concatenated(with:alongAxis:)", "axis \(axis) must be 0 or 1 for matrices \(shape) and \(other.shape)")
    }
  }

  @derivative(of: concatenated)
  @_specialize(where Scalar == Float)
  public func _vjpConcatenated(with other: Tensor, alongAxis axis: Int) -> (
    value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)
  ) {
    let value = concatenated(with: other, alongAxis: axis)
    let (r1, c1) = (shape[0], shape[1])
    let (r2, c2) = (other.shape[0], other.shape[1])
    return (value, { v in
      let v = v.materialized(as: value.shape)
      if axis == 0 { return (v.rows(0..<r1), v.rows(r1..<(r1 + r2))) }
      return (v.columns(0..<c1), v.columns(c1..<(c1 + c2)))
    })
  }

  /// The rows in `range` of a matrix.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func rows(_ range: Range<Int>) -> Tensor {
    let (rows, columns) = matrixSize("rows(_:)")
    guard range.lowerBound >= 0 && range.upperBound <= rows else {
      shapeFailure("rows(_:)", "range \(range) is outside the \(rows) rows of shape \(shape)")
    }
    return Tensor(shape: [range.count, columns]) { out in
      withUnsafeScalars { s in out.initialize(from: s.baseAddress! + range.lowerBound * columns, count: range.count * columns) }
    }
  }

  @derivative(of: rows, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpRows(_ range: Range<Int>) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    let value = rows(range)
    return (value, { v in
      let v = v.materialized(as: value.shape)
      var gradient = Tensor(zeros: shape)
      gradient.withUnsafeMutableScalars { g in
        v.withUnsafeScalars { source in
          if let base = source.baseAddress { (g.baseAddress! + range.lowerBound * shape[1]).update(from: base, count: source.count) }
        }
      }
      return gradient
    })
  }

  /// The columns in `range` of a matrix.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func columns(_ range: Range<Int>) -> Tensor {
    let (rows, columns) = matrixSize("columns(_:)")
    guard range.lowerBound >= 0 && range.upperBound <= columns else {
      shapeFailure("columns(_:)", "range \(range) is outside the \(columns) columns of shape \(shape)")
    }
    let width = range.count
    return Tensor(shape: [rows, width]) { out in
      withUnsafeScalars { s in
        for i in 0..<rows {
          for j in 0..<width { out[i * width + j] = s[i * columns + range.lowerBound + j] }
        }
      }
    }
  }

  @derivative(of: columns, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpColumns(_ range: Range<Int>) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    let value = columns(range)
    return (value, { v in
      let v = v.materialized(as: value.shape)
      let (rows, columns, width) = (shape[0], shape[1], range.count)
      var gradient = Tensor(zeros: shape)
      gradient.withUnsafeMutableScalars { g in
        v.withUnsafeScalars { source in
          for i in 0..<rows {
            for j in 0..<width { g[i * columns + range.lowerBound + j] = source[i * width + j] }
          }
        }
      }
      return gradient
    })
  }

  /// The rows at `indices`, in that order (repeats allowed): row i of the result is row
  /// `indices[i]`. The pullback adds each row's tangent back where it came from.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func gatheringRows(at indices: [Int]) -> Tensor {
    let (rows, columns) = matrixSize("gatheringRows(at:)")
    for (position, index) in indices.enumerated() where index < 0 || index >= rows {
      shapeFailure("gatheringRows(at:)", "index \(index) at position \(position) is outside the \(rows) rows of shape \(shape)")
    }
    return Tensor(shape: [indices.count, columns]) { out in
      withUnsafeScalars { s in
        for (i, index) in indices.enumerated() {
          (out + i * columns).initialize(from: s.baseAddress! + index * columns, count: columns)
        }
      }
    }
  }

  @derivative(of: gatheringRows, wrt: self)
  @_specialize(where Scalar == Float)
  public func _vjpGatheringRows(at indices: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    let value = gatheringRows(at: indices)
    return (value, { v in
      let v = v.materialized(as: value.shape)
      let columns = shape[1]
      var gradient = Tensor(zeros: shape)
      gradient.withUnsafeMutableScalars { g in
        v.withUnsafeScalars { source in
          for (i, index) in indices.enumerated() {
            for j in 0..<columns { g[index * columns + j] += source[i * columns + j] }
          }
        }
      }
      return gradient
    })
  }

  /// The diagonal of a square matrix, as a vector.
  @differentiable(reverse)
  @_specialize(where Scalar == Float)
  public func diagonal() -> Tensor {
    let (rows, columns) = matrixSize("diagonal()")
    guard rows == columns else { shapeFailure("diagonal()", "needs a square matrix, got shape \(shape)") }
    return Tensor(shape: [rows]) { out in
      withUnsafeScalars { s in
        for i in 0..<rows { out[i] = s[i * columns + i] }
      }
    }
  }

  @derivative(of: diagonal)
  @_specialize(where Scalar == Float)
  public func _vjpDiagonal() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let size = shape[0]
    return (diagonal(), { v in
      let v = v.materialized(as: [size])
      var gradient = Tensor(zeros: [size, size])
      gradient.withUnsafeMutableScalars { g in
        v.withUnsafeScalars { source in
          for i in 0..<size { g[i * size + i] = source[i] }
        }
      }
      return gradient
    })
  }
}

extension Tensor {
  /// The rows in a uniformly random order drawn from `generator` (Fisher–Yates): shuffled
  /// negatives for a critic, or a shuffled batch. Returns the permutation too: inside a
  /// differentiable function, use `gatheringRows(at: permutation)`.
  public func shufflingRows(using generator: inout SeededGenerator) -> (tensor: Tensor, permutation: [Int]) {
    let (rows, _) = matrixSize("shufflingRows(using:)")
    let permutation = generator.permutation(of: rows)
    return (gatheringRows(at: permutation), permutation)
  }
}
