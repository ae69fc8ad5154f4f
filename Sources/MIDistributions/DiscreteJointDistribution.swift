import Foundation
import MINumerics

/// A discrete joint distribution given by its probability table P(X = i, Y = j); the MI is
/// Σ p log(p / (p_x p_y)) exactly.
public struct DiscreteJointDistribution: BivariateSampler {
  /// The table, rows indexed by x, columns by y; entries sum to 1.
  public let probabilities: [[Double]]

  /// The distribution with the given table (normalized if it does not sum to 1).
  public init(probabilities: [[Double]]) {
    let total = probabilities.joined().reduce(0, +)
    if !(total > 0 && probabilities.joined().allSatisfy { $0 >= 0 }) { ContractViolation.trap("DiscreteJointDistribution: probabilities must be non-negative with a positive total") }
    self.probabilities = probabilities.map { $0.map { $0 / total } }
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "discrete-\(probabilities.count)x\(probabilities.first?.count ?? 0)" }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double {
    let px = probabilities.map { $0.reduce(0, +) }
    var py = [Double](repeating: 0, count: probabilities.first?.count ?? 0)
    for row in probabilities { for (j, p) in row.enumerated() { py[j] += p } }
    var value = 0.0
    for (i, row) in probabilities.enumerated() {
      for (j, p) in row.enumerated() where p > 0 { value += p * log(p / (px[i] * py[j])) }
    }
    return value
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var generator = SeededGenerator(seed: seed)
    let cells = probabilities.enumerated().flatMap { i, row in row.enumerated().map { (i, $0.offset, $0.element) } }
    var cumulative: [Double] = []
    var running = 0.0
    for cell in cells {
      running += cell.2
      cumulative.append(running)
    }
    var x = [Double](repeating: 0, count: count)
    var y = [Double](repeating: 0, count: count)
    for s in 0..<count {
      let u = generator.uniform() * running
      // The first cell whose cumulative probability exceeds u, by bisection.
      var (low, high) = (0, cells.count - 1)
      while low < high {
        let middle = (low + high) / 2
        if u < cumulative[middle] { high = middle } else { low = middle + 1 }
      }
      var index = low
      while cells[index].2 == 0 { index -= 1 }
      x[s] = Double(cells[index].0)
      y[s] = Double(cells[index].1)
    }
    return (Matrix(column: x), Matrix(column: y))
  }
}
