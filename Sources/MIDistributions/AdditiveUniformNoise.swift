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
    if !(width > 0) { ContractViolation.trap("the noise width must be positive") }
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
