/// A named discrete variable and its alphabet: the outcomes it can take, in a fixed order
/// (the order of the table's axes and of every report).
public struct DiscreteVariable: Sendable, Hashable, Codable {
  /// The variable's name, unique within a distribution.
  public var name: String
  /// Its outcomes, each written once.
  public var outcomes: [String]

  /// Creates a variable named `name` with the given alphabet.
  public init(_ name: String, outcomes: [String]) {
    self.name = name
    self.outcomes = outcomes
  }

  /// The number of outcomes.
  public var count: Int { outcomes.count }
}
