import _Differentiation

/// A boolean array with a shape: which scalars of a tensor an operation keeps or replaces.
///
/// Bounds use masks to separate positive pairs (the diagonal of a score matrix) from
/// negatives, and to exclude pairs from a log-sum-exp by filling them with −∞.
public struct TensorMask: Equatable, Sendable {
  /// The shape of the tensors this mask applies to.
  public let shape: TensorShape
  /// One flag per scalar, row-major.
  public let flags: [Bool]

  /// Creates a mask from its shape and flags.
  public init(shape: TensorShape, flags: [Bool]) {
    guard shape.count == flags.count else {
      shapeFailure("TensorMask(shape:flags:)", "shape \(shape) needs \(shape.count) flags, got \(flags.count)")
    }
    self.shape = shape
    self.flags = flags
  }

  /// The n×n mask that is true on the diagonal.
  public static func diagonal(size: Int) -> TensorMask {
    var flags = [Bool](repeating: false, count: size * size)
    for i in 0..<size { flags[i * size + i] = true }
    return TensorMask(shape: [size, size], flags: flags)
  }

  /// True where this mask is false.
  public var inverted: TensorMask { TensorMask(shape: shape, flags: flags.map { !$0 }) }

  /// The number of true flags.
  public var trueCount: Int { flags.reduce(0) { $0 + ($1 ? 1 : 0) } }
}

extension Tensor {
  /// A mask that is true where `predicate` holds for the scalar.
  public func mask(where predicate: (Scalar) -> Bool) -> TensorMask {
    TensorMask(shape: shape, flags: withUnsafeScalars { $0.map(predicate) })
  }

  /// 1 where `mask` is true and 0 elsewhere.
  public init(_ mask: TensorMask) {
    self.init(shape: mask.shape, scalars: mask.flags.map { $0 ? 1 : 0 })
  }

  /// This tensor with `value` wherever `mask` is true (−∞ excludes entries from a
  /// log-sum-exp). The gradient is 0 at the replaced entries.
  @differentiable(reverse, wrt: self)
  public func replacing(with value: Scalar, where mask: TensorMask) -> Tensor {
    guard mask.shape == shape else {
      shapeFailure("replacing(with:where:)", "mask shape \(mask.shape) differs from tensor shape \(shape)")
    }
    return Tensor(shape: shape) { out in
      withUnsafeScalars { s in
        mask.flags.withUnsafeBufferPointer { flags in
          for i in 0..<s.count { out[i] = flags[i] ? value : s[i] }
        }
      }
    }
  }

  @derivative(of: replacing, wrt: self)
  public func _vjpReplacing(with value: Scalar, where mask: TensorMask) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let shape = self.shape
    return (replacing(with: value, where: mask), { v in
      v.materialized(as: shape).replacing(with: 0, where: mask)
    })
  }
}
