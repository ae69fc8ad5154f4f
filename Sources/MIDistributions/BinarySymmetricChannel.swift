import Foundation
import MINumerics

/// The binary symmetric channel: X ~ Bernoulli(p), Y = X xor E with E ~ Bernoulli(ε).
/// I = h(p(1 − ε) + (1 − p)ε) − h(ε), h the binary entropy in nats.
public struct BinarySymmetricChannel: BivariateSampler {
  /// P(X = 1).
  public let inputProbability: Double
  /// The flip probability ε.
  public let flipProbability: Double

  /// The channel with flip probability `flip` and input P(X = 1) = `input`.
  public init(flip: Double, input: Double = 0.5) {
    if !((0...1).contains(flip) && (0...1).contains(input)) { ContractViolation.trap("BinarySymmetricChannel: flip \(flip) and input \(input) must lie in [0, 1]") }
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
