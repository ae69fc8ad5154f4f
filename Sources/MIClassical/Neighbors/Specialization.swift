import MIEstimation
/// A dimension known at compile time, so that the per-coordinate loops of the neighbour
/// search unroll (measured: the k-NN query is the hot path of every KSG estimate).
/// ``RuntimeDimension`` falls back to the value known only at run time.
protocol StaticDimension: SendableMetatype {
  static func value(_ runtime: Int) -> Int
}

enum Dimension1: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 1 } }
enum Dimension2: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 2 } }
enum Dimension3: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 3 } }
enum Dimension4: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 4 } }
enum Dimension5: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 5 } }
enum Dimension6: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 6 } }
enum Dimension8: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 8 } }
enum Dimension10: StaticDimension { @inline(__always) static func value(_: Int) -> Int { 10 } }
enum RuntimeDimension: StaticDimension { @inline(__always) static func value(_ runtime: Int) -> Int { runtime } }

/// Work that is generic over a compile-time dimension.
protocol DimensionVisitor {
  associatedtype Result
  func visit<D: StaticDimension>(_ dimension: D.Type) -> Result
}

/// Calls `visitor.visit` with the static dimension type for `d` (or ``RuntimeDimension``);
/// each case names a concrete type, so each gets its own specialized code.
@inline(__always)
func withStaticDimension<V: DimensionVisitor>(_ d: Int, _ visitor: V) -> V.Result {
  switch d {
  case 1: return visitor.visit(Dimension1.self)
  case 2: return visitor.visit(Dimension2.self)
  case 3: return visitor.visit(Dimension3.self)
  case 4: return visitor.visit(Dimension4.self)
  case 5: return visitor.visit(Dimension5.self)
  case 6: return visitor.visit(Dimension6.self)
  case 8: return visitor.visit(Dimension8.self)
  case 10: return visitor.visit(Dimension10.self)
  default: return visitor.visit(RuntimeDimension.self)
  }
}

/// Strict (`<`) or inclusive (`≤`) radius tests as a type, so counting loops carry no flag.
protocol RadiusTest: SendableMetatype {
  static func inside(_ distance: Double, _ radius: Double) -> Bool
  /// Whether a box at least `near` away is entirely outside.
  static func outside(near: Double, _ radius: Double) -> Bool
  static var isStrict: Bool { get }
}

enum StrictlyWithin: RadiusTest {
  @inline(__always) static func inside(_ distance: Double, _ radius: Double) -> Bool { distance < radius }
  @inline(__always) static func outside(near: Double, _ radius: Double) -> Bool { near >= radius }
  static var isStrict: Bool { true }
}

enum WithinOrOn: RadiusTest {
  @inline(__always) static func inside(_ distance: Double, _ radius: Double) -> Bool { distance <= radius }
  @inline(__always) static func outside(near: Double, _ radius: Double) -> Bool { near > radius }
  static var isStrict: Bool { false }
}
