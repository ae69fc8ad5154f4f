import Foundation
import MINumerics

/// The multivariate Student-t distribution with identity dispersion and ν degrees of
/// freedom, split into X (first m coordinates) and Y (next n): uncorrelated, yet dependent
/// through the shared scale, so linear and Gaussian estimators see no dependence.
///
/// Sampling: (X, Y) = G/√(W/ν), G ~ N(0, I), W ~ χ²_ν.
/// With h(d) = log Γ(ν/2) − log Γ((ν + d)/2) + ((ν + d)/2)(ψ((ν + d)/2) − ψ(ν/2)) the
/// entropy of a d-dimensional identity-dispersion t is h(d) + (d/2) log(νπ), and
/// I(X;Y) = h(m) + h(n) − h(m + n) (the log(νπ) terms cancel); see also Czyż et al. (2023).
public struct StudentT: BivariateSampler {
  /// The dimension m of X.
  public let dimensionX: Int
  /// The dimension n of Y.
  public let dimensionY: Int
  /// ν > 0.
  public let degreesOfFreedom: Double

  /// The distribution with the given dimensions and degrees of freedom.
  public init(dimensionX: Int, dimensionY: Int, degreesOfFreedom: Double) {
    if !(degreesOfFreedom > 0) { ContractViolation.trap("degrees of freedom must be positive") }
    self.dimensionX = dimensionX
    self.dimensionY = dimensionY
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// The identifier of this task, which encodes its parameters.
  public var name: String { "student-t-\(dimensionX)x\(dimensionY)-df\(degreesOfFreedom)" }

  /// The true I(X;Y) in nats (the formula is in the type's documentation).
  public var mutualInformation: Double {
    let nu = degreesOfFreedom
    func h(_ d: Int) -> Double {
      let half = (nu + Double(d)) / 2
      return logGamma(nu / 2) - logGamma(half) + half * (digamma(half) - digamma(nu / 2))
    }
    return h(dimensionX) + h(dimensionY) - h(dimensionX + dimensionY)
  }

  /// `count` independent samples, reproducible from `seed`.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var generator = SeededGenerator(seed: seed)
    var x = Matrix(rows: count, columns: dimensionX)
    var y = Matrix(rows: count, columns: dimensionY)
    for i in 0..<count {
      let w = 2 * generator.gamma(shape: degreesOfFreedom / 2)  // χ²_ν = 2·Gamma(ν/2, 1)
      let scale = 1 / (w / degreesOfFreedom).squareRoot()
      for j in 0..<dimensionX { x[i, j] = generator.normal() * scale }
      for j in 0..<dimensionY { y[i, j] = generator.normal() * scale }
    }
    return (x, y)
  }
}

extension SeededGenerator {
  /// A Gamma(shape, 1) variate, by Marsaglia & Tsang (2000); shape < 1 by the boost
  /// Gamma(a) = Gamma(a + 1)·U^{1/a}.
  mutating func gamma(shape: Double) -> Double {
    if shape < 1 {
      let boost = pow(uniform(), 1 / shape)
      return gamma(shape: shape + 1) * boost
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = uniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }
}
