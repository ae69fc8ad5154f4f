import _Differentiation

/// A dense, row-major array of scalars with a shape: the value that networks, critics and
/// MI bounds compute with.
///
/// `Tensor` is a value type with copy-on-write storage (a Swift array), so passing one
/// around never copies its scalars until one copy is mutated. Every operation checks the
/// shapes of its operands and stops with a message naming the operation and the shapes.
///
/// It is `Differentiable` with itself as tangent: differentiate a loss with
/// `valueWithGradient(at:of:)`. Each primitive has a hand-written pullback next to it.
/// The tangent `zero` has no shape; addition treats it as the identity, and pullbacks
/// that receive it treat it as zeros of the shape they expect.
public struct Tensor<Scalar: TensorScalar>: Sendable {
  /// The size along each axis.
  @noDerivative public internal(set) var shape: TensorShape
  /// The elements in row-major order (the last axis varies fastest).
  @noDerivative public internal(set) var scalars: [Scalar]
  /// True only for `Tensor.zero`, the shape-less additive identity of tangents.
  @noDerivative public internal(set) var isShapelessZero: Bool = false

  /// Creates a tensor from its shape and its scalars in row-major order.
  public init(shape: TensorShape, scalars: [Scalar]) {
    guard shape.count == scalars.count else {
      shapeFailure("Tensor(shape:scalars:)", "shape \(shape) needs \(shape.count) scalars, got \(scalars.count)")
    }
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a scalar (rank-0) tensor.
  public init(_ value: Scalar) {
    self.init(shape: [], scalars: [value])
  }

  /// Creates a vector (rank-1 tensor).
  public init(_ vector: [Scalar]) {
    self.init(shape: [vector.count], scalars: vector)
  }

  /// Creates a matrix from its rows, which must all have the same length.
  public init(rows: [[Scalar]]) {
    let columns = rows.first?.count ?? 0
    for (index, row) in rows.enumerated() where row.count != columns {
      shapeFailure("Tensor(rows:)", "row \(index) has \(row.count) scalars, row 0 has \(columns)")
    }
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// Creates a tensor of `shape` whose scalars are written by `body` into uninitialized
  /// storage (it must initialize all `shape.count` of them).
  init(shape: TensorShape, unsafeUninitialized body: (UnsafeMutablePointer<Scalar>) -> Void) {
    let count = shape.count
    self.shape = shape
    self.scalars = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 { body(buffer.baseAddress!) }
      initialized = count
    }
  }

  /// The number of axes.
  public var rank: Int { shape.rank }
  /// The number of scalars.
  public var scalarCount: Int { scalars.count }

  /// The only scalar of a tensor with one element (a loss, for instance).
  public var scalar: Scalar {
    guard scalars.count == 1 else {
      shapeFailure("Tensor.scalar", "a tensor of shape \(shape) has \(scalars.count) scalars, not 1")
    }
    return scalars[0]
  }

  /// The scalar at a row and column of a matrix.
  public subscript(row: Int, column: Int) -> Scalar {
    guard rank == 2, row >= 0, row < shape[0], column >= 0, column < shape[1] else {
      shapeFailure("Tensor[row, column]", "index [\(row), \(column)] is outside shape \(shape)")
    }
    return scalars[row * shape[1] + column]
  }

  /// Replaces the scalars in place, keeping the shape; `body` receives them mutably.
  public mutating func withUnsafeMutableScalars<R>(_ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer(body)
  }

  /// Calls `body` with a pointer to the scalars.
  public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// The matrix's number of rows and columns; traps, naming `operation`, unless rank is 2.
  func matrixSize(_ operation: @autoclosure () -> String) -> (rows: Int, columns: Int) {
    guard rank == 2 else { shapeFailure(operation(), "needs a matrix (rank 2), got shape \(shape)") }
    return (shape[0], shape[1])
  }

  /// This tensor, or zeros of `expected` shape if it is the shape-less zero tangent.
  /// Pullbacks call it on the incoming tangent.
  func materialized(as expected: TensorShape) -> Tensor {
    if isShapelessZero { return Tensor(zeros: expected) }
    return self
  }
}

extension Tensor: Equatable {
  /// Tensors are equal when their shapes and scalars are; the shape-less zero equals any
  /// tensor of zeros.
  @_specialize(where Scalar == Float)
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    if lhs.isShapelessZero || rhs.isShapelessZero {
      return lhs.scalars.allSatisfy { $0 == 0 } && rhs.scalars.allSatisfy { $0 == 0 }
    }
    return lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
  }
}

extension Tensor: CustomStringConvertible {
  /// The shape and, for small tensors, the scalars.
  public var description: String {
    if isShapelessZero { return "Tensor(zero)" }
    let shown = scalars.prefix(12).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), scalars: [\(shown)\(scalars.count > 12 ? ", …" : "")])"
  }
}

extension Tensor: AdditiveArithmetic {
  /// The shape-less additive identity: `zero + t == t` for every `t`.
  public static var zero: Tensor {
    var result = Tensor(0)
    result.isShapelessZero = true
    return result
  }

  /// Elementwise sum with broadcasting (see `Broadcast`); the shape-less zero is the identity.
  @_specialize(where Scalar == Float)
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    if lhs.isShapelessZero { return rhs }
    if rhs.isShapelessZero { return lhs }
    return elementwise("+", lhs, rhs) { $0 + $1 }
  }

  /// Elementwise difference with broadcasting.
  @_specialize(where Scalar == Float)
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    if rhs.isShapelessZero { return lhs }
    if lhs.isShapelessZero { return -rhs }
    return elementwise("-", lhs, rhs) { $0 - $1 }
  }

  /// Adds `rhs` in place when the shapes agree (copying the scalars only if they are shared).
  @_specialize(where Scalar == Float)
  public static func += (lhs: inout Tensor, rhs: Tensor) {
    if rhs.isShapelessZero { return }
    guard !lhs.isShapelessZero, lhs.shape == rhs.shape else {
      lhs = lhs + rhs
      return
    }
    lhs.scalars.withUnsafeMutableBufferPointer { out in
      rhs.scalars.withUnsafeBufferPointer { source in
        for i in out.indices { out[i] += source[i] }
      }
    }
  }
}

extension Tensor: Differentiable {
  public typealias TangentVector = Tensor

  /// Adds `offset` (a tangent) to this tensor.
  public mutating func move(by offset: Tensor) {
    self += offset
  }
}
