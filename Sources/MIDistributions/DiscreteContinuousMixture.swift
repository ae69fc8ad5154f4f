import Foundation
import MINumerics

/// The discrete–continuous mixture of Gao et al. (2017): X uniform on {0, …, m − 1} and
/// Y | X ~ U(X, X + 2), so neighbouring classes overlap. I = log m − ((m − 1)/m) log 2.
public struct DiscreteContinuousMixture: BivariateSampler {
  /// The number of classes m.
  public let categories: Int

  /// The mixture with `categories` ≥ 1 classes.
  public init(categories: Int) {
    if !(categories >= 1) { ContractViolation.trap("DiscreteContinuousMixture: needs at least 1 category, got \(categories)") }
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
