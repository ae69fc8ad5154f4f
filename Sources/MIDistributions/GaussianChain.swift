import Foundation
import MINumerics

/// A Gaussian chain for conditional MI: Z ~ N(0, 1); X = a·Z + ε_X; Y = b·Z + c·X + ε_Y,
/// unit-variance independent noises. I(X;Y|Z) = −½ log(1 − ρ²_{XY·Z}) is positive when c ≠ 0,
/// and zero when c = 0 (X and Y dependent only through Z).
public struct GaussianChain: ConditionalSampler {
  /// The joint distribution with groups X, Y, Z.
  public let distribution: MultivariateNormal
  /// The identifier of this task, which encodes its parameters.
  public let name: String

  /// The chain with coefficients a, b, c.
  public init(a: Double, b: Double, c: Double) {
    // Var Z = 1, Var X = a² + 1, Cov(X,Z) = a,
    // Y = (b + c a) Z + c ε_X + ε_Y: Var Y = (b + ca)² + c² + 1, Cov(Y,Z) = b + ca, Cov(X,Y) = a(b + ca) + c.
    let bz = b + c * a
    let covariance = Matrix([
      [a * a + 1, a * bz + c, a],
      [a * bz + c, bz * bz + c * c + 1, bz],
      [a, bz, 1],
    ])
    distribution = MultivariateNormal(covariance: covariance, groupSizes: [1, 1, 1])
    name = "gaussian-chain-a\(a)-b\(b)-c\(c)"
  }

  /// The true I(X;Y|Z) in nats (the formula is in the type's documentation).
  public var conditionalMutualInformation: Double {
    distribution.conditionalMutualInformation(0, 1, given: 2)
  }

  /// I(X;Y), which differs from I(X;Y|Z).
  public var mutualInformation: Double { distribution.mutualInformation(between: 0, and: 1) }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix, z: Matrix) {
    let groups = distribution.sampleGroups(count: count, seed: seed)
    return (groups[0], groups[1], groups[2])
  }
}
