/// How the two operands of an elementwise operation line up.
///
/// Supported, as in NumPy but deliberately narrower: equal shapes; either side a scalar
/// (one element); a matrix [m, n] with a row ([n] or [1, n]) or a column ([m, 1]). These
/// are the broadcasts that critics and bounds use (a bias row, a per-row log-normalizer,
/// a learnable temperature) and each has an exact, cheap pullback.
enum Broadcast {
  case same
  case rightScalar, leftScalar
  case rightRow, leftRow
  case rightColumn, leftColumn

  /// The broadcast of `lhs` against `rhs` and the result's shape; traps with both shapes
  /// and `operation`'s name when they do not line up.
  static func resolve(_ operation: String, _ lhs: TensorShape, _ rhs: TensorShape) -> (Broadcast, TensorShape) {
    if lhs == rhs { return (.same, lhs) }
    if rhs.count == 1 && rhs.rank <= max(lhs.rank, 1) { return (.rightScalar, lhs) }
    if lhs.count == 1 && lhs.rank <= max(rhs.rank, 1) { return (.leftScalar, rhs) }
    if lhs.rank == 2 && isRow(rhs, columns: lhs[1]) { return (.rightRow, lhs) }
    if rhs.rank == 2 && isRow(lhs, columns: rhs[1]) { return (.leftRow, rhs) }
    if lhs.rank == 2 && rhs == [lhs[0], 1] { return (.rightColumn, lhs) }
    if rhs.rank == 2 && lhs == [rhs[0], 1] { return (.leftColumn, rhs) }
    shapeFailure(
      operation,
      "shapes \(lhs) and \(rhs) do not broadcast (supported: equal shapes, a scalar, a row [n] or [1, n], a column [m, 1])"
    )
  }

  private static func isRow(_ shape: TensorShape, columns: Int) -> Bool {
    shape == [columns] || shape == [1, columns]
  }
}

extension Tensor {
  /// Applies `body` elementwise to `lhs` and `rhs`, broadcast as `Broadcast` describes.
  @inline(__always)
  static func elementwise(
    _ operation: String, _ lhs: Tensor, _ rhs: Tensor, _ body: (Scalar, Scalar) -> Scalar
  ) -> Tensor {
    let (kind, shape) = Broadcast.resolve(operation, lhs.shape, rhs.shape)
    let columns = shape.rank == 2 ? shape[1] : 1
    return Tensor(shape: shape) { out in
      lhs.withUnsafeScalars { l in
        rhs.withUnsafeScalars { r in
          let count = shape.count
          switch kind {
          case .same:
            for i in 0..<count { out[i] = body(l[i], r[i]) }
          case .rightScalar:
            let b = r[0]
            for i in 0..<count { out[i] = body(l[i], b) }
          case .leftScalar:
            let a = l[0]
            for i in 0..<count { out[i] = body(a, r[i]) }
          case .rightRow:
            for i in 0..<count { out[i] = body(l[i], r[i % columns]) }
          case .leftRow:
            for i in 0..<count { out[i] = body(l[i % columns], r[i]) }
          case .rightColumn:
            for i in 0..<count { out[i] = body(l[i], r[i / columns]) }
          case .leftColumn:
            for i in 0..<count { out[i] = body(l[i / columns], r[i]) }
          }
        }
      }
    }
  }

  /// Sums this tensor (of a broadcast result's shape) down to `target`, the shape of an
  /// operand that was broadcast: the pullback of broadcasting.
  func reduced(toBroadcastOperand target: TensorShape) -> Tensor {
    if shape == target { return self }
    if target.count == 1 {
      let total = withUnsafeScalars { Scalar.sum($0.baseAddress!, count: $0.count) }
      return Tensor(shape: target, scalars: [total])
    }
    let (rows, columns) = (shape[0], shape[1])
    if target == [rows, 1] {
      return Tensor(shape: target) { out in
        withUnsafeScalars { s in
          for i in 0..<rows {
            var total: Scalar = 0
            for j in 0..<columns { total += s[i * columns + j] }
            out[i] = total
          }
        }
      }
    }
    return Tensor(shape: target) { out in
      withUnsafeScalars { s in
        out.update(repeating: 0, count: columns)
        for i in 0..<rows {
          let row = s.baseAddress! + i * columns
          for j in 0..<columns { out[j] += row[j] }
        }
      }
    }
  }
}
