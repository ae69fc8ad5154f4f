import Foundation
import MINumerics

/// Jointly Gaussian X, Y and Z (three groups of a ``MultivariateNormal``), for conditional
/// MI: I(X;Y|Z) = ½ (log det Σ_XZ + log det Σ_YZ − log det Σ_XYZ − log det Σ_Z).
public struct ConditionalGaussian: ConditionalSampler {
  /// The joint distribution with groups X, Y, Z.
  public let distribution: MultivariateNormal
  /// The identifier, which encodes the parameters.
  public let name: String

  /// X, Y and Z with this covariance, split into groups of the given sizes.
  public init(covariance: Matrix, dimensions: (x: Int, y: Int, z: Int), name: String) {
    distribution = MultivariateNormal(covariance: covariance, groupSizes: [dimensions.x, dimensions.y, dimensions.z])
    self.name = name
  }

  /// A collider: X and Y independent standard normals, Z = X + Y + σε. Independent
  /// causes become dependent given their effect: the partial correlation is
  /// −1/(1 + σ²), so I(X;Y|Z) = −½ log(1 − 1/(1 + σ²)²), while I(X;Y) = 0.
  public static func collider(noise sigma: Double) -> ConditionalGaussian {
    let covariance = Matrix([[1, 0, 1], [0, 1, 1], [1, 1, 2 + sigma * sigma]])
    return ConditionalGaussian(covariance: covariance, dimensions: (1, 1, 1), name: "gaussian-collider-\(sigma)")
  }

  /// Unit variances and every pair of the m + n + l coordinates correlated ρ (positive
  /// definite for 0 ≤ ρ < 1).
  public static func dense(dimensions: (x: Int, y: Int, z: Int), correlation rho: Double) -> ConditionalGaussian {
    let d = dimensions.x + dimensions.y + dimensions.z
    var covariance = Matrix(rows: d, columns: d, repeating: rho)
    for i in 0..<d { covariance[i, i] = 1 }
    return ConditionalGaussian(
      covariance: covariance, dimensions: dimensions, name: "multinormal-dense-\(dimensions.x)-\(dimensions.y)-\(dimensions.z)-\(rho)")
  }

  /// The true I(X;Y|Z) in nats.
  public var conditionalMutualInformation: Double { distribution.conditionalMutualInformation(0, 1, given: 2) }

  /// The true I(X;Y), which differs.
  public var mutualInformation: Double { distribution.mutualInformation(between: 0, and: 1) }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix, z: Matrix) {
    let groups = distribution.sampleGroups(count: count, seed: seed)
    return (groups[0], groups[1], groups[2])
  }
}
