import Foundation
import MINumerics

/// X ~ U(0, 1) and Y = X + N with independent noise N ~ U(−w/2, w/2).
///
/// Y's density is the trapezoid U(0,1) ∗ U(−w/2, w/2), and I = H(Y) − log w:
/// I = w/2 − log w for w ≤ 1 and I = 1/(2w) for w ≥ 1.
public struct AdditiveUniformNoise: BivariateSampler {
  /// The width w of the noise.
  public let width: Double

  /// The distribution with noise of width `width` > 0.
  public init(width: Double) {
    precondition(width > 0, "the noise width must be positive")
    self.width = width
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "additive-uniform-w\(width)" }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double {
    width <= 1 ? width / 2 - log(width) : 1 / (2 * width)
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var generator = SeededGenerator(seed: seed)
    var x = [Double](repeating: 0, count: count)
    var y = [Double](repeating: 0, count: count)
    for i in 0..<count {
      x[i] = generator.uniform()
      y[i] = x[i] + width * (generator.uniform() - 0.5)
    }
    return (Matrix(column: x), Matrix(column: y))
  }
}

/// The discrete–continuous mixture of Gao et al. (2017): X uniform on {0, …, m − 1} and
/// Y | X ~ U(X, X + 2), so neighbouring classes overlap. I = log m − ((m − 1)/m) log 2.
public struct DiscreteContinuousMixture: BivariateSampler {
  /// The number of classes m.
  public let categories: Int

  /// The mixture with `categories` ≥ 1 classes.
  public init(categories: Int) {
    precondition(categories >= 1)
    self.categories = categories
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "mixture-uniform-m\(categories)" }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double {
    let m = Double(categories)
    return log(m) - (m - 1) / m * log(2)
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var generator = SeededGenerator(seed: seed)
    var x = [Double](repeating: 0, count: count)
    var y = [Double](repeating: 0, count: count)
    for i in 0..<count {
      x[i] = Double(generator.integer(below: categories))
      y[i] = x[i] + 2 * generator.uniform()
    }
    return (Matrix(column: x), Matrix(column: y))
  }
}

/// The binary symmetric channel: X ~ Bernoulli(p), Y = X xor E with E ~ Bernoulli(ε).
/// I = h(p(1 − ε) + (1 − p)ε) − h(ε), h the binary entropy in nats.
public struct BinarySymmetricChannel: BivariateSampler {
  /// P(X = 1).
  public let inputProbability: Double
  /// The flip probability ε.
  public let flipProbability: Double

  /// The channel with flip probability `flip` and input P(X = 1) = `input`.
  public init(flip: Double, input: Double = 0.5) {
    precondition((0...1).contains(flip) && (0...1).contains(input))
    self.flipProbability = flip
    self.inputProbability = input
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "bsc-eps\(flipProbability)-p\(inputProbability)" }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double {
    func h(_ q: Double) -> Double { q <= 0 || q >= 1 ? 0 : -q * log(q) - (1 - q) * log(1 - q) }
    let p = inputProbability
    let e = flipProbability
    return h(p * (1 - e) + (1 - p) * e) - h(e)
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var generator = SeededGenerator(seed: seed)
    var x = [Double](repeating: 0, count: count)
    var y = [Double](repeating: 0, count: count)
    for i in 0..<count {
      let bit = generator.uniform() < inputProbability ? 1.0 : 0.0
      let flip = generator.uniform() < flipProbability
      x[i] = bit
      y[i] = flip ? 1 - bit : bit
    }
    return (Matrix(column: x), Matrix(column: y))
  }
}

/// A discrete joint distribution given by its probability table P(X = i, Y = j); the MI is
/// Σ p log(p / (p_x p_y)) exactly.
public struct DiscreteJointDistribution: BivariateSampler {
  /// The table, rows indexed by x, columns by y; entries sum to 1.
  public let probabilities: [[Double]]

  /// The distribution with the given table (normalized if it does not sum to 1).
  public init(probabilities: [[Double]]) {
    let total = probabilities.joined().reduce(0, +)
    precondition(total > 0 && probabilities.joined().allSatisfy { $0 >= 0 })
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
      var index = cumulative.firstIndex { u < $0 } ?? cells.count - 1
      while cells[index].2 == 0 { index -= 1 }
      x[s] = Double(cells[index].0)
      y[s] = Double(cells[index].1)
    }
    return (Matrix(column: x), Matrix(column: y))
  }
}
