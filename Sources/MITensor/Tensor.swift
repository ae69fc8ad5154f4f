import _Differentiation

/// A dense, row-major array of scalars with a shape: the value that networks, critics and
/// MI bounds compute with.
///
/// `Tensor` is a value type with copy-on-write storage, so passing one around never copies
/// its scalars until one copy is mutated; freed storage is cached for reuse (see
/// `TensorMemory`). Every operation checks the
/// shapes of its operands and stops with a message naming the operation and the shapes.
///
/// It is `Differentiable` with itself as tangent: differentiate a loss with
/// `valueWithGradient(at:of:)`. Each primitive has a hand-written pullback next to it.
/// The tangent `zero` has no shape; addition treats it as the identity, and pullbacks
/// that receive it treat it as zeros of the shape they expect.
public struct Tensor<Scalar: TensorScalar>: Sendable {
  /// The size along each axis.
  @noDerivative public internal(set) var shape: TensorShape
  /// The scalars, shared between copies until one is written.
  @noDerivative var storage: TensorStorage<Scalar>
  /// True only for `Tensor.zero`, the shape-less additive identity of tangents.
  @noDerivative public internal(set) var isShapelessZero: Bool = false

  /// Creates a tensor from its shape and its scalars in row-major order.
  public init(shape: TensorShape, scalars: [Scalar]) {
    guard shape.count == scalars.count else {
      shapeFailure("Tensor(shape:scalars:)", "shape \(shape) needs \(shape.count) scalars, got \(scalars.count)")
    }
    self.shape = shape
    self.storage = TensorStorage(count: scalars.count)
    scalars.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { storage.base.initialize(from: base, count: source.count) }
    }
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
    self.shape = shape
    self.storage = TensorStorage(count: shape.count)
    if shape.count > 0 { body(storage.base) }
  }

  /// The scalars in row-major order (the last axis varies fastest): a read-only view that
  /// shares the tensor's storage (O(1) to take; `Array(t.scalars)` copies).
  @noDerivative public var scalars: ScalarView { ScalarView(storage: storage) }

  /// The number of axes.
  @noDerivative public var rank: Int { shape.rank }
  /// The number of scalars.
  @noDerivative public var scalarCount: Int { storage.count }

  /// The only scalar of a tensor with one element (a loss, for instance).
  @noDerivative public var scalar: Scalar {
    guard scalarCount == 1 else {
      shapeFailure("Tensor.scalar", "a tensor of shape \(shape) has \(scalarCount) scalars, not 1")
    }
    return withUnsafeScalars { $0[0] }
  }

  /// The scalar at a row and column of a matrix.
  public subscript(row: Int, column: Int) -> Scalar {
    guard rank == 2, row >= 0, row < shape[0], column >= 0, column < shape[1] else {
      shapeFailure("Tensor[row, column]", "index [\(row), \(column)] is outside shape \(shape)")
    }
    return withUnsafeScalars { $0[row * shape[1] + column] }
  }

  /// Calls `body` with the scalars to modify in place (copying them first if another
  /// tensor shares them). The pointer is valid only inside `body`.
  public mutating func withUnsafeMutableScalars<R>(_ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
    if !isKnownUniquelyReferenced(&storage) { storage = TensorStorage(copying: storage) }
    var buffer = UnsafeMutableBufferPointer(start: storage.base, count: storage.count)
    return try withExtendedLifetime(storage) { try body(&buffer) }
  }

  /// Calls `body` with the scalars; the pointer is valid only inside `body`.
  public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
    try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
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

extension Tensor {
  /// A tensor's scalars as a random-access collection, without copying them.
  public struct ScalarView: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, Sendable,
    CustomStringConvertible
  {
    let storage: TensorStorage<Scalar>

    init(storage: TensorStorage<Scalar>) { self.storage = storage }

    /// A view of new storage holding `elements` (so `t.scalars == [1, 2]` reads naturally).
    public init(arrayLiteral elements: Scalar...) {
      storage = TensorStorage(count: elements.count)
      for (i, value) in elements.enumerated() { storage.base[i] = value }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    /// The scalar at `position` (checked against the bounds).
    public subscript(position: Int) -> Scalar {
      guard position >= 0 && position < storage.count else {
        shapeFailure("Tensor.scalars[\(position)]", "index out of range for \(storage.count) scalars")
      }
      return storage.base[position]
    }

    public static func == (lhs: ScalarView, rhs: ScalarView) -> Bool { lhs.elementsEqual(rhs) }

    public var description: String { "[" + map { "\($0)" }.joined(separator: ", ") + "]" }
  }
}

extension Tensor: Equatable {
  /// Tensors are equal when their shapes and scalars are; the shape-less zero equals any
  /// tensor of zeros.
  @_specialize(where Scalar == Float)
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    if lhs.isShapelessZero || rhs.isShapelessZero {
      return lhs.withUnsafeScalars { $0.allSatisfy { $0 == 0 } } && rhs.withUnsafeScalars { $0.allSatisfy { $0 == 0 } }
    }
    guard lhs.shape == rhs.shape else { return false }
    return lhs.withUnsafeScalars { a in rhs.withUnsafeScalars { b in a.elementsEqual(b) } }
  }
}

extension Tensor: CustomStringConvertible {
  /// The shape and, for small tensors, the scalars.
  public var description: String {
    if isShapelessZero { return "Tensor(zero)" }
    let shown = withUnsafeScalars { $0.prefix(12).map { "\($0)" }.joined(separator: ", ") }
    return "Tensor(shape: \(shape), scalars: [\(shown)\(scalarCount > 12 ? ", …" : "")])"
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
    lhs.withUnsafeMutableScalars { out in
      rhs.withUnsafeScalars { source in
        for i in 0..<out.count { out[i] += source[i] }
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
