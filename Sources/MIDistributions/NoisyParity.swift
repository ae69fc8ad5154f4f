import Foundation
import MINumerics

/// Three bits: X₁ and X₂ fair coins, X₃ = X₁ ⊕ X₂ ⊕ E with E ~ Bernoulli(ε). Every pair is
/// independent (I(X₁;X₂) = 0), yet the triple is not: the total correlation is
/// log 2 − h(ε) and so is I(X₁;X₂|X₃), h the binary entropy in nats. The classic case
/// that pairwise measures miss.
public struct NoisyParity: ConditionalSampler, TotalCorrelationSampler {
  /// The flip probability ε.
  public let flipProbability: Double

  /// Parity with flip probability `flip` in [0, 1].
  public init(flip: Double) {
    if !(0...1).contains(flip) { ContractViolation.trap("NoisyParity: flip \(flip) must lie in [0, 1]") }
    flipProbability = flip
  }

  /// `"noisy-parity-ε"`.
  public var name: String { "noisy-parity-\(flipProbability)" }

  /// log 2 − h(ε).
  public var totalCorrelation: Double {
    let e = flipProbability
    let h = e <= 0 || e >= 1 ? 0 : -e * log(e) - (1 - e) * log(1 - e)
    return log(2) - h
  }

  /// I(X₁;X₂|X₃) = log 2 − h(ε), equal to the total correlation.
  public var conditionalMutualInformation: Double { totalCorrelation }

  /// Three variables of one column each.
  public var variableDimensions: [Int] { [1, 1, 1] }

  /// `count` independent triples, one matrix per bit, reproducible from `seed`.
  public func sampleVariables(count: Int, seed: UInt64) -> [Matrix] {
    var generator = SeededGenerator(seed: seed)
    var bits = [[Double]](repeating: [Double](repeating: 0, count: count), count: 3)
    for i in 0..<count {
      let a = generator.uniform() < 0.5
      let b = generator.uniform() < 0.5
      let flip = generator.uniform() < flipProbability
      bits[0][i] = a ? 1 : 0
      bits[1][i] = b ? 1 : 0
      bits[2][i] = (a != b) != flip ? 1 : 0
    }
    return bits.map { Matrix(column: $0) }
  }

  /// (X₁, X₂, X₃) as (x, y, z).
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix, z: Matrix) {
    let v = sampleVariables(count: count, seed: seed)
    return (v[0], v[1], v[2])
  }
}
