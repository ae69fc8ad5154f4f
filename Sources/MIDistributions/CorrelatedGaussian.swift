import Foundation
import MINumerics

/// Jointly Gaussian X and Y with a chosen covariance: the reference case with a closed-form MI.
public struct CorrelatedGaussian: BivariateSampler {
  /// The joint distribution, with groups X and Y.
  public let distribution: MultivariateNormal
  /// The identifier of this task, which encodes its parameters.
  public let name: String

  /// X and Y with the joint covariance `covariance`, X the first `dimensionX` coordinates.
  public init(covariance: Matrix, dimensionX: Int, name: String? = nil) {
    distribution = MultivariateNormal(covariance: covariance, groupSizes: [dimensionX, covariance.rows - dimensionX])
    self.name = name ?? "gaussian-\(dimensionX)x\(covariance.rows - dimensionX)"
  }

  /// Bivariate normal with unit variances and correlation ρ: I = −½ log(1 − ρ²).
  public static func bivariate(correlation rho: Double) -> CorrelatedGaussian {
    if !(abs(rho) < 1) { ContractViolation.trap("the correlation must lie in (−1, 1)") }
    return CorrelatedGaussian(covariance: Matrix([[1, rho], [rho, 1]]), dimensionX: 1, name: "gaussian-1x1-rho\(rho)")
  }

  /// Dense interactions (bmi's "multinormal dense"): unit variances and correlation ρ between
  /// every pair of coordinates, within and across X and Y.
  public static func dense(dimensionX: Int, dimensionY: Int, correlation rho: Double) -> CorrelatedGaussian {
    let d = dimensionX + dimensionY
    var covariance = Matrix(rows: d, columns: d, repeating: rho)
    for i in 0..<d { covariance[i, i] = 1 }
    return CorrelatedGaussian(covariance: covariance, dimensionX: dimensionX, name: "gaussian-dense-\(dimensionX)x\(dimensionY)-rho\(rho)")
  }

  /// Sparse interactions (bmi's "multinormal sparse"): Xᵢ and Yᵢ have correlation ρ for
  /// i < `interacting`, all other pairs are independent: I = −(interacting/2) log(1 − ρ²).
  public static func sparse(dimensionX: Int, dimensionY: Int, interacting: Int, correlation rho: Double) -> CorrelatedGaussian {
    if !(interacting <= min(dimensionX, dimensionY)) { ContractViolation.trap("interacting pairs exceed the dimensions") }
    let d = dimensionX + dimensionY
    var covariance = Matrix.identity(d)
    for i in 0..<interacting {
      covariance[i, dimensionX + i] = rho
      covariance[dimensionX + i, i] = rho
    }
    return CorrelatedGaussian(
      covariance: covariance, dimensionX: dimensionX,
      name: "gaussian-sparse-\(dimensionX)x\(dimensionY)-\(interacting)pairs-rho\(rho)")
  }

  /// The correlation that gives a bivariate normal mutual information `nats`: ρ = √(1 − e^{−2I}).
  public static func correlation(forMutualInformation nats: Double) -> Double {
    (1 - exp(-2 * nats)).squareRoot()
  }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double { distribution.mutualInformation(between: 0, and: 1) }

  /// The conditional distribution of Y given X: y | x ~ N(A·x, S) with A = Σyx Σxx⁻¹ and
  /// S = Σyy − A Σxy (the means are zero).
  public var conditionalOfY: (weight: Matrix, covariance: Matrix) {
    let dx = distribution.groupSizes[0]
    let d = distribution.dimension
    let sigma = distribution.covariance
    let (xx, xy, yy) = (sigma.block(rows: 0..<dx, columns: 0..<dx), sigma.block(rows: 0..<dx, columns: dx..<d), sigma.block(rows: dx..<d, columns: dx..<d))
    guard let solved = xx.solvingSPD(xy) else { ContractViolation.trap("the covariance of X is not positive definite") }
    let a = solved.transposed  // (Σxx⁻¹ Σxy)ᵀ = Σyx Σxx⁻¹
    let explained = a.multiplied(by: xy)
    var s = yy
    for i in 0..<s.rows { for j in 0..<s.columns { s[i, j] -= explained[i, j] } }
    return (a, s)
  }

  /// The value CLUB (Cheng et al. 2020) takes with the true conditional p(y|x), in nats:
  ///
  ///     E_{p(x,y)} log p(y|x) − E_{p(x)p(y)} log p(y|x) = tr(S⁻¹ A Σxx Aᵀ).
  ///
  /// Derivation: log p(y|x) = −½ (y − Ax)ᵀ S⁻¹ (y − Ax) + const. Under the joint, y − Ax has
  /// covariance S, so the first expectation is −½ tr(S⁻¹S) + const. Under the product of the
  /// marginals y and x are independent, so y − Ax has covariance Σyy + AΣxxAᵀ = S + 2AΣxxAᵀ
  /// (as Σyy = S + AΣxxAᵀ), and the second is −½ tr(S⁻¹(S + 2AΣxxAᵀ)) + const. The
  /// difference is tr(S⁻¹AΣxxAᵀ), which is ≥ I(X;Y) = ½ log det(I + S⁻¹AΣxxAᵀ) since
  /// log(1 + λ) ≤ λ for each eigenvalue λ. A fitted q(y|x) that is exact gives this value.
  public var clubAtTrueConditional: Double {
    let (a, s) = conditionalOfY
    let dx = distribution.groupSizes[0]
    let explained = a.multiplied(by: distribution.covariance.block(rows: 0..<dx, columns: 0..<dx)).multiplied(by: a.transposed)
    guard let ratio = s.solvingSPD(explained) else { ContractViolation.trap("the conditional covariance of Y is not positive definite") }
    return (0..<ratio.rows).reduce(0) { $0 + ratio[$1, $1] }
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    let groups = distribution.sampleGroups(count: count, seed: seed)
    return (groups[0], groups[1])
  }
}
