import MINumerics
/// The shape of a tensor: its size along each axis, outermost first (row-major).
///
/// Up to four axes are stored inline, so creating a tensor allocates nothing for its
/// shape; a rank above four is a programming error reported by name. The empty shape
/// `[]` is a scalar (one element).
public struct TensorShape: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral,
  CustomStringConvertible
{
  /// The largest rank a tensor may have.
  public static let maximumRank = 4

  var d0 = 0, d1 = 0, d2 = 0, d3 = 0
  /// The number of axes.
  public let rank: Int

  /// Creates a shape from the sizes of its axes; every size must be non-negative.
  public init(_ dimensions: [Int]) {
    guard dimensions.count <= Self.maximumRank else {
      ContractViolation.trap("TensorShape: rank \(dimensions.count) of \(dimensions) exceeds the maximum of \(Self.maximumRank)")
    }
    for size in dimensions where size < 0 {
      ContractViolation.trap("TensorShape: negative size \(size) in \(dimensions)")
    }
    rank = dimensions.count
    for (axis, size) in dimensions.enumerated() { self[axis] = size }
  }

  public init(arrayLiteral elements: Int...) { self.init(elements) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { rank }

  /// The size along `axis`.
  public subscript(axis: Int) -> Int {
    get {
      switch axis {
      case 0: d0
      case 1: d1
      case 2: d2
      default: d3
      }
    }
    set {
      switch axis {
      case 0: d0 = newValue
      case 1: d1 = newValue
      case 2: d2 = newValue
      default: d3 = newValue
      }
    }
  }

  /// The number of elements: the product of the sizes (1 for a scalar).
  public var count: Int {
    var product = 1
    for axis in 0..<rank { product *= self[axis] }
    return product
  }

  /// The sizes as an array.
  public var dimensions: [Int] { (0..<rank).map { self[$0] } }

  public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }

  public static func == (lhs: TensorShape, rhs: TensorShape) -> Bool {
    guard lhs.rank == rhs.rank else { return false }
    for axis in 0..<lhs.rank where lhs[axis] != rhs[axis] { return false }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rank)
    for axis in 0..<rank { hasher.combine(self[axis]) }
  }

  /// The shape split around `axis`: the product of the sizes before it, its size, and the
  /// product of the sizes after it. Reductions and softmax along an axis walk this view.
  func split(around axis: Int) -> (outer: Int, size: Int, inner: Int) {
    var outer = 1
    var inner = 1
    for a in 0..<axis { outer *= self[a] }
    for a in (axis + 1)..<rank { inner *= self[a] }
    return (outer, self[axis], inner)
  }

  /// This shape with `axis` set to size 1.
  func collapsing(_ axis: Int) -> TensorShape {
    var result = self
    result[axis] = 1
    return result
  }
}
