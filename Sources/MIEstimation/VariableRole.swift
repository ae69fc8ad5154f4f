/// Which variable of an estimation a problem concerns.
public enum VariableRole: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The first variable, X.
  case x
  /// The second variable, Y.
  case y
  /// The conditioning variable, Z.
  case z
  /// The i-th group (0-based) of a total-correlation estimate.
  case group(Int)

  /// One sentence that says what is wrong or what this is, and where.
  public var description: String {
    switch self {
    case .x: return "X"
    case .y: return "Y"
    case .z: return "Z"
    case .group(let index): return "group \(index)"
    }
  }
}
