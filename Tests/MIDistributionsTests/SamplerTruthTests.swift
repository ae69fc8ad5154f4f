import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

/// Each sampler's analytic MI checked by an independent route: numerical integration of
/// the defining integral, a Monte Carlo average of the log density ratio, or the exact
/// discrete formula on large samples.
@Suite("Ground-truth samplers")
struct SamplerTruthTests {
  @Test func bivariateGaussianClosedForm() {
    #expect(abs(CorrelatedGaussian.bivariate(correlation: 0.8).mutualInformation - (-0.5 * log(1 - 0.64))) < 1e-14)
    let rho = CorrelatedGaussian.correlation(forMutualInformation: 2)
    #expect(abs(CorrelatedGaussian.bivariate(correlation: rho).mutualInformation - 2) < 1e-12)
    let sparse = CorrelatedGaussian.sparse(dimensionX: 4, dimensionY: 3, interacting: 3, correlation: 0.5)
    #expect(abs(sparse.mutualInformation - (-1.5 * log(0.75))) < 1e-12)
  }

  /// CLUB at the true conditional, tr(S⁻¹ A Σxx Aᵀ): ρ²/(1 − ρ²) per coordinate for the
  /// bivariate and sparse cases, the 2.27 for 5×5 with every correlation 0.5, always
  /// at least the true MI; and the conditional's weight and covariance by hand for 1×1.
  @Test func clubAtTheTrueConditional() {
    let bivariate = CorrelatedGaussian.bivariate(correlation: 0.6)
    #expect(abs(bivariate.clubAtTrueConditional - 0.36 / 0.64) < 1e-12)
    let (a, s) = bivariate.conditionalOfY
    #expect(abs(a[0, 0] - 0.6) < 1e-14 && abs(s[0, 0] - 0.64) < 1e-14)
    let sparse = CorrelatedGaussian.sparse(dimensionX: 4, dimensionY: 3, interacting: 2, correlation: 0.8)
    #expect(abs(sparse.clubAtTrueConditional - 2 * 0.64 / 0.36) < 1e-12)
    let dense = CorrelatedGaussian.dense(dimensionX: 5, dimensionY: 5, correlation: 0.5)
    #expect(abs(dense.clubAtTrueConditional - 2.272727272727) < 1e-9)
    #expect(abs(dense.mutualInformation - 0.592812) < 1e-6)
    for d in [1, 2, 10, 20] {
      let task = CorrelatedGaussian.dense(dimensionX: d, dimensionY: d, correlation: 0.5)
      #expect(task.clubAtTrueConditional >= task.mutualInformation)
    }
  }

  @Test func gaussianSamplesHaveTheStatedCovariance() {
    let sampler = CorrelatedGaussian.dense(dimensionX: 2, dimensionY: 2, correlation: 0.3)
    let (x, y) = sampler.sample(count: 50_000, seed: 1)
    let covariance = x.concatenatingColumns(y).covariance()
    for i in 0..<4 {
      for j in 0..<4 { #expect(abs(covariance[i, j] - (i == j ? 1 : 0.3)) < 0.02) }
    }
  }

  @Test func studentTMatchesMonteCarloOfLogDensityRatio() {
    // log p for a d-dimensional identity-dispersion t: logΓ((ν+d)/2) − logΓ(ν/2) − (d/2)log(νπ) − ((ν+d)/2) log(1 + ‖z‖²/ν).
    for (m, n, nu) in [(1, 1, 1.0), (2, 2, 3.0)] {
      let sampler = StudentT(dimensionX: m, dimensionY: n, degreesOfFreedom: nu)
      let (x, y) = sampler.sample(count: 200_000, seed: 2)
      func logDensity(_ squaredNorm: Double, _ d: Int) -> Double {
        let dd = Double(d)
        return logGamma((nu + dd) / 2) - logGamma(nu / 2) - dd / 2 * log(nu * Double.pi) - (nu + dd) / 2 * log(1 + squaredNorm / nu)
      }
      var sum = 0.0
      for i in 0..<x.rows {
        let sx = x.row(i).reduce(0) { $0 + $1 * $1 }
        let sy = y.row(i).reduce(0) { $0 + $1 * $1 }
        sum += logDensity(sx + sy, m + n) - logDensity(sx, m) - logDensity(sy, n)
      }
      let monteCarlo = sum / Double(x.rows)
      #expect(abs(monteCarlo - sampler.mutualInformation) < 0.01, "\(m)x\(n) ν=\(nu): \(monteCarlo) vs \(sampler.mutualInformation)")
    }
  }

  @Test(arguments: [0.3, 1.0, 2.5])
  func additiveUniformNoiseMatchesNumericalIntegration(width: Double) {
    // I = H(Y) − log w, H(Y) by the midpoint rule on the trapezoidal density of Y.
    let sampler = AdditiveUniformNoise(width: width)
    let low = -width / 2
    let high = 1 + width / 2
    let steps = 200_000
    let h = (high - low) / Double(steps)
    var entropy = 0.0
    for s in 0..<steps {
      let y = low + (Double(s) + 0.5) * h
      let overlap = max(0, min(1, y + width / 2) - max(0, y - width / 2))
      let density = overlap / width
      if density > 0 { entropy -= density * log(density) * h }
    }
    #expect(abs(entropy - log(width) - sampler.mutualInformation) < 1e-6)
  }

  @Test func mixtureMatchesDirectComputation() {
    // I = H(Y) − H(Y|X) with H(Y|X) = log 2 and Y's piecewise-constant density.
    for m in [1, 2, 5] {
      let mm = Double(m)
      let hy = m == 1 ? log(2) : 2 * (1 / (2 * mm)) * log(2 * mm) + (mm - 1) * (1 / mm) * log(mm)
      #expect(abs(DiscreteContinuousMixture(categories: m).mutualInformation - (hy - log(2))) < 1e-12)
    }
  }

  @Test func discreteSamplersMatchPlugInOnLargeSamples() throws {
    let channel = BinarySymmetricChannel(flip: 0.2, input: 0.3)
    let (x, y) = channel.sample(count: 400_000, seed: 5)
    #expect(abs(try DiscreteEstimator().estimate(x, y).value - channel.mutualInformation) < 0.003)
    let table = DiscreteJointDistribution(probabilities: [[0.3, 0.1], [0.0, 0.6]])
    let (a, b) = table.sample(count: 400_000, seed: 6)
    #expect(abs(try DiscreteEstimator().estimate(a, b).value - table.mutualInformation) < 0.003)
  }

  @Test func chainConditionalMatchesRegressionFormula() {
    // I(X;Y|Z) = −½ log(1 − ρ²) with ρ the partial correlation of X and Y given Z.
    let chain = GaussianChain(a: 1, b: 0.5, c: 0.7)
    let s = chain.distribution.covariance
    let rxy = s[0, 1] / (s[0, 0] * s[1, 1]).squareRoot()
    let rxz = s[0, 2] / (s[0, 0] * s[2, 2]).squareRoot()
    let ryz = s[1, 2] / (s[1, 1] * s[2, 2]).squareRoot()
    let partial = (rxy - rxz * ryz) / ((1 - rxz * rxz) * (1 - ryz * ryz)).squareRoot()
    #expect(abs(chain.conditionalMutualInformation - (-0.5 * log(1 - partial * partial))) < 1e-12)
    #expect(abs(GaussianChain(a: 1, b: 1, c: 0).conditionalMutualInformation) < 1e-12)
  }

  @Test func transformsKeepTruthAndAreInvertible() {
    let base = CorrelatedGaussian.sparse(dimensionX: 2, dimensionY: 2, interacting: 1, correlation: 0.5)
    for transform in InvertibleTransform.allCases {
      let sampler = Transformed(base, both: transform)
      #expect(sampler.mutualInformation == base.mutualInformation)
      let (x, _) = sampler.sample(count: 100, seed: 1)
      // Distinct inputs stay distinct (a necessary condition for invertibility).
      #expect(Set(x.storage).count == x.storage.count)
    }
    // The spiral preserves the norm.
    var row = [0.3, -1.2, 0.7]
    let norm = row.reduce(0) { $0 + $1 * $1 }
    InvertibleTransform.spiral.apply(&row)
    #expect(abs(row.reduce(0) { $0 + $1 * $1 } - norm) < 1e-12)
  }

  @Test func samplesAreReproducible() {
    let sampler = StudentT(dimensionX: 1, dimensionY: 2, degreesOfFreedom: 4)
    let a = sampler.sample(count: 10, seed: 3)
    let b = sampler.sample(count: 10, seed: 3)
    #expect(a.x == b.x && a.y == b.y)
    #expect(sampler.name == "student-t-1x2-df4.0")
  }
}
