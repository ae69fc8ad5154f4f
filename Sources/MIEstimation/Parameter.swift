/// The value of a parameter as recorded in an ``Estimate``.
public enum ParameterValue: Sendable, Equatable, Codable, CustomStringConvertible {
  /// A whole number, such as k.
  case integer(Int)
  /// A real number, such as the noise level.
  case real(Double)
  /// A word or phrase, such as the metric.
  case text(String)
  /// A switch, such as standardization.
  case flag(Bool)

  /// The value as written in reports: `3`, `1e-10`, `max-norm`, `true`.
  public var description: String {
    switch self {
    case .integer(let value): return String(value)
    case .real(let value): return "\(value)"
    case .text(let value): return value
    case .flag(let value): return value ? "true" : "false"
    }
  }
}

/// A named parameter or preprocessing setting that was actually used.
public struct Parameter: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The setting's name, such as `"k"` or `"noise"`.
  public var name: String
  /// Its value.
  public var value: ParameterValue

  /// A parameter named `name` with value `value`.
  public init(_ name: String, _ value: ParameterValue) {
    self.name = name
    self.value = value
  }

  /// `name = value`, as the command line prints it.
  public var description: String { "\(name) = \(value)" }
}
