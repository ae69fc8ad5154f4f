import Foundation

/// A discrete memoryless channel: the conditional distribution W(y | x) of an output y
/// given an input x, a row-stochastic matrix of `inputCount` rows and `outputCount`
/// columns stored row by row.
public struct DiscreteChannel: Sendable, Equatable {
  /// The number of inputs (rows).
  public let inputCount: Int
  /// The number of outputs (columns).
  public let outputCount: Int
  /// W(y | x) at `x * outputCount + y`.
  public let transitions: [Double]

  /// How far from 1 a row may sum: 10⁻⁹.
  public static let defaultTolerance = 1e-9

  /// The channel with the given rows W(· | x); each row is renormalized to sum to 1 after
  /// the check.
  ///
  /// - Throws: for no rows, rows of different lengths, an entry that is negative or not
  ///   finite, or a row whose sum is off 1 by more than `tolerance` (naming the row).
  public init(rows: [[Double]], tolerance: Double = defaultTolerance) throws(DiscreteDistributionError) {
    guard let first = rows.first, !first.isEmpty else { throw .invalidChannel(row: nil, reason: "it has no inputs or no outputs") }
    var transitions: [Double] = []
    transitions.reserveCapacity(rows.count * first.count)
    for (x, row) in rows.enumerated() {
      guard row.count == first.count else {
        throw .invalidChannel(row: x, reason: "it has \(row.count) outputs, but row 0 has \(first.count)")
      }
      if let y = row.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw .invalidChannel(row: x, reason: "W(y = \(y) | x = \(x)) is \(row[y]); transition probabilities must be finite and ≥ 0")
      }
      let sum = row.reduce(0, +)
      guard abs(sum - 1) <= tolerance else {
        throw .invalidChannel(row: x, reason: "it sums to \(sum), not 1 (tolerance \(tolerance)): W(· | x = \(x)) must be a distribution")
      }
      transitions += row.map { $0 / sum }
    }
    self.inputCount = rows.count
    self.outputCount = first.count
    self.transitions = transitions
  }

  /// W(y | x).
  public func probability(of y: Int, given x: Int) -> Double { transitions[x * outputCount + y] }

  /// The binary symmetric channel that flips its input with probability ε; capacity
  /// log 2 − H(ε).
  public static func binarySymmetric(flipProbability epsilon: Double) throws(DiscreteDistributionError) -> DiscreteChannel {
    try DiscreteChannel(rows: [[1 - epsilon, epsilon], [epsilon, 1 - epsilon]])
  }

  /// The binary erasure channel: the input arrives with probability 1 − ε and is erased
  /// (output 2) with probability ε; capacity (1 − ε) log 2.
  public static func binaryErasure(erasureProbability epsilon: Double) throws(DiscreteDistributionError) -> DiscreteChannel {
    try DiscreteChannel(rows: [[1 - epsilon, 0, epsilon], [0, 1 - epsilon, epsilon]])
  }

  /// I(X; Y) in nats for the input distribution `input` (one probability per input).
  public func mutualInformation(input: [Double]) -> Double {
    let output = outputDistribution(input: input)
    var value = 0.0
    for x in 0..<inputCount where input[x] > 0 {
      value += input[x] * divergence(fromRow: x, to: output)
    }
    return max(value, 0)
  }

  /// q(y) = Σₓ p(x) W(y | x).
  func outputDistribution(input: [Double]) -> [Double] {
    var output = [Double](repeating: 0, count: outputCount)
    transitions.withUnsafeBufferPointer { w in
      output.withUnsafeMutableBufferPointer { q in
        for x in 0..<inputCount where input[x] > 0 {
          let p = input[x]
          let row = x * outputCount
          for y in 0..<outputCount { q[y] += p * w[row + y] }
        }
      }
    }
    return output
  }

  /// D(W(· | x) ‖ q) = Σ_y W(y|x) log(W(y|x) / q(y)), +∞ when q(y) = 0 < W(y|x).
  func divergence(fromRow x: Int, to q: [Double]) -> Double {
    var value = 0.0
    for y in 0..<outputCount {
      let w = transitions[x * outputCount + y]
      guard w > 0 else { continue }
      guard q[y] > 0 else { return .infinity }
      value += w * log(w / q[y])
    }
    return value
  }
}
