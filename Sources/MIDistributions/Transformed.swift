import Foundation
import MINumerics

/// An invertible transformation applied to each sample of a variable. Mutual information
/// is invariant under such maps: I(f(X); g(Y)) = I(X; Y).
public enum InvertibleTransform: String, Sendable, CaseIterable {
  /// Φ(x) coordinate-wise: Gaussian margins become uniform on (0, 1).
  case normalCDF = "normal-cdf"
  /// x·|x|^{1/2} coordinate-wise (bmi's "half-cube"): heavier tails.
  case halfCube = "half-cube"
  /// asinh(x) coordinate-wise: lighter tails.
  case asinh
  /// A spiral (bmi's "spiral diffeomorphism"): the first two coordinates are rotated by the
  /// angle 0.5·‖v‖², which preserves ‖v‖ and is therefore invertible. Needs dimension ≥ 2.
  case spiral

  /// The transformed row.
  public func apply(_ row: inout [Double]) {
    switch self {
    case .normalCDF:
      for j in row.indices { row[j] = StandardNormal.cdf(row[j]) }
    case .halfCube:
      for j in row.indices { row[j] = row[j] * abs(row[j]).squareRoot() }
    case .asinh:
      for j in row.indices { row[j] = Foundation.asinh(row[j]) }
    case .spiral:
      if !(row.count >= 2) { ContractViolation.trap("the spiral transform needs at least 2 dimensions") }
      let squaredNorm = row.reduce(0) { $0 + $1 * $1 }
      let angle = 0.5 * squaredNorm
      let (a, b) = (row[0], row[1])
      row[0] = cos(angle) * a - sin(angle) * b
      row[1] = sin(angle) * a + cos(angle) * b
    }
  }

  /// The transformed matrix (row by row).
  public func apply(_ matrix: Matrix) -> Matrix {
    var result = matrix
    for i in 0..<matrix.rows {
      var row = matrix.row(i)
      apply(&row)
      for j in 0..<matrix.columns { result[i, j] = row[j] }
    }
    return result
  }
}

/// A sampler whose X and Y are passed through invertible transforms: same MI, harder shape.
public struct Transformed<Base: BivariateSampler>: BivariateSampler {
  /// The underlying sampler.
  public let base: Base
  /// The transform of X.
  public let transformX: InvertibleTransform
  /// The transform of Y.
  public let transformY: InvertibleTransform

  /// `base` with `transformX` applied to X and `transformY` to Y.
  public init(_ base: Base, x transformX: InvertibleTransform, y transformY: InvertibleTransform) {
    self.base = base
    self.transformX = transformX
    self.transformY = transformY
  }

  /// `base` with the same transform applied to X and Y.
  public init(_ base: Base, both transform: InvertibleTransform) {
    self.init(base, x: transform, y: transform)
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "\(base.name)-\(transformX.rawValue)-\(transformY.rawValue)" }
  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double { base.mutualInformation }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    let (x, y) = base.sample(count: count, seed: seed)
    return (transformX.apply(x), transformY.apply(y))
  }
}
