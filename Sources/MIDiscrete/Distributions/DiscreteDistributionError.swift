/// A problem with a discrete distribution or with what is asked of it; each case names
/// where (the variable, the outcome, the index or the file line) and the numbers.
public enum DiscreteDistributionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A probability (or count) that is negative, NaN or infinite.
  case invalidProbability(index: Int, outcome: String, value: Double)
  /// Probabilities that do not sum to 1 within the tolerance.
  case notNormalized(sum: Double, tolerance: Double)
  /// Counts or probabilities whose total is zero.
  case zeroTotal
  /// A table whose number of entries is not the product of the alphabet sizes.
  case shapeMismatch(expected: Int, got: Int, sizes: [Int])
  /// An outcome given twice for one variable, or a variable given twice.
  case duplicate(what: String)
  /// A variable with no outcomes, or a distribution with no variables.
  case empty(what: String)
  /// A variable name that is not in the distribution.
  case unknownVariable(name: String, available: [String])
  /// An outcome that is not in its variable's alphabet.
  case unknownOutcome(variable: String, outcome: String, alphabet: [String])
  /// Conditioning on an event of probability zero.
  case zeroProbabilityCondition(event: String)
  /// A sample row with the wrong number of values.
  case sampleWidth(row: Int, expected: Int, got: Int)
  /// A probability-table file that does not have the expected form.
  case malformedTable(source: String, line: Int?, reason: String)
  /// A channel matrix that is not a conditional distribution (a row that is not one, a bad
  /// entry, a shape that does not match), naming the row when there is one.
  case invalidChannel(row: Int?, reason: String)
  /// A parameter outside its range (a tolerance, a slope, an iteration budget).
  case invalidParameter(name: String, value: String, reason: String)

  /// One sentence that says what is wrong and where.
  public var description: String {
    switch self {
    case .invalidProbability(let index, let outcome, let value):
      return "entry \(index) \(outcome) is \(value): probabilities and counts must be finite and ≥ 0"
    case .notNormalized(let sum, let tolerance):
      return "the probabilities sum to \(sum), not 1 (tolerance \(tolerance)); normalize them, or give counts"
    case .zeroTotal:
      return "the probabilities (or counts) are all zero: there is no distribution to normalize"
    case .shapeMismatch(let expected, let got, let sizes):
      return "the table has \(got) entries, but alphabets of sizes \(sizes.map(String.init).joined(separator: " × ")) need \(expected)"
    case .duplicate(let what):
      return "\(what) appears twice"
    case .empty(let what):
      return "\(what) is empty"
    case .unknownVariable(let name, let available):
      return "no variable named '\(name)'; the variables are \(available.joined(separator: ", "))"
    case .unknownOutcome(let variable, let outcome, let alphabet):
      return "'\(outcome)' is not an outcome of \(variable) (its outcomes: \(alphabet.joined(separator: ", ")))"
    case .zeroProbabilityCondition(let event):
      return "cannot condition on \(event): it has probability 0"
    case .sampleWidth(let row, let expected, let got):
      return "sample row \(row) has \(got) values, but there are \(expected) variables"
    case .malformedTable(let source, let line, let reason):
      return "\(source)\(line.map { ", line \($0)" } ?? ""): \(reason)"
    case .invalidChannel(let row, let reason):
      return "channel\(row.map { " row \($0)" } ?? ""): \(reason)"
    case .invalidParameter(let name, let value, let reason):
      return "\(name) = \(value): \(reason)"
    }
  }
}
