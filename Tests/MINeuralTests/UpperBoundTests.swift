import Foundation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// CLUB, CLUB-S and L1Out at the true conditional of correlated Gaussians, and CLUB with a
/// Gaussian q fitted by likelihood.
@Suite struct UpperBoundTests {
  /// x ~ N(0, I_d), y = ρx + √(1 − ρ²)ε.
  static func sample(k: Int, d: Int, rho: Double, seed: UInt64) -> (Tensor<Double>, Tensor<Double>) {
    CorrelatedGaussianBatch.sample(k: k, d: d, rho: rho, seed: seed)
  }

  /// L[i][j] = log p(yⱼ | xᵢ) under the true conditional N(ρxᵢ, (1 − ρ²)I).
  static func trueLogDensities(_ x: Tensor<Double>, _ y: Tensor<Double>, rho: Double) -> Tensor<Double> {
    CorrelatedGaussianBatch.conditionalLogDensities(x, y, rho: rho)
  }

  @Test func upperBoundsAtTheTrueConditional() {
    let (d, rho) = (2, 0.6)
    let truth = -Double(d) / 2 * log(1 - rho * rho)  // 0.576
    let clubClosedForm = Double(d) * rho * rho / (1 - rho * rho)  // 1.125
    let (x, y) = Self.sample(k: 800, d: d, rho: rho, seed: 1)
    let logDensities = Self.trueLogDensities(x, y, rho: rho)
    let club = CLUB<Double>().value(logDensities)
    #expect(abs(club - clubClosedForm) < 0.12, "CLUB \(club) vs \(clubClosedForm)")
    #expect(club > truth)
    let sampled = CLUBSample<Double>(seed: 3).value(logDensities)
    #expect(abs(sampled - clubClosedForm) < 0.25, "CLUB-S \(sampled)")
    let l1out = L1Out<Double>().value(logDensities)
    #expect(l1out > truth - 0.08 && l1out < truth + 0.12, "L1Out \(l1out) vs \(truth)")
  }

  @Test func gaussianConditionalScoresAreLogDensities() {
    var generator = SeededGenerator(seed: 4)
    let q = GaussianConditional<Double>(xDimension: 2, yDimension: 3, hidden: [5], activation: .tanh, using: &generator)
    let (x, _) = Self.sample(k: 4, d: 2, rho: 0.5, seed: 5)
    let y = Tensor<Double>(randomNormal: [4, 3], using: &generator)
    let scores = q.scores(x, y)
    let mu = q.mean(x), v = q.logVariance(x)
    for i in 0..<4 {
      for j in 0..<4 {
        var total = 0.0
        for c in 0..<3 {
          let r = y[j, c] - mu[i, c]
          total += -0.5 * (r * r * exp(-v[i, c]) + v[i, c] + log(2 * Double.pi))
        }
        #expect(abs(scores[i, j] - total) < 1e-10)
      }
    }
    #expect(abs(q.negativeLogLikelihood(x, y).scalar + scores.diagonal().mean().scalar) < 1e-10)
  }

  @Test func gaussianConditionalGradients() {
    var generator = SeededGenerator(seed: 6)
    let q = GaussianConditional<Double>(xDimension: 3, yDimension: 2, hidden: [4], activation: .tanh, using: &generator)
    let (x, y) = CriticTests.batch(5, seed: 7)
    checkCriticGradient(q, x, y)
  }

  /// q fitted by likelihood on Gaussian data learns μ(x) ≈ ρx and σ² ≈ 1 − ρ², and CLUB
  /// then approaches its closed form; the fit reproduces from the seed.
  @Test func fittedCLUBApproachesItsClosedForm() {
    func fit(seed: UInt64) -> (GaussianConditional<Float>, Double) {
      var generator = SeededGenerator(seed: seed)
      var q = GaussianConditional<Float>(xDimension: 1, yDimension: 1, hidden: [16], activation: .tanh, using: &generator)
      var adam = Adam<Float>(learningRate: 0.01)
      for step in 0..<300 {
        let (x, y) = Self.sample(k: 64, d: 1, rho: 0.8, seed: UInt64(1000 + step))
        let (xf, yf) = (Tensor<Float>(converting: x), Tensor<Float>(converting: y))
        let g = gradient(at: q) { q in q.negativeLogLikelihood(xf, yf) }
        adam.update(&q, along: g)
      }
      let (x, y) = Self.sample(k: 1000, d: 1, rho: 0.8, seed: 9)
      return (q, CLUB<Float>().value(q.scores(Tensor(converting: x), Tensor(converting: y))))
    }
    let (q, club) = fit(seed: 10)
    let closedForm = 0.64 / 0.36  // d·ρ²/(1 − ρ²) = 1.78
    #expect(abs(club - closedForm) < 0.25, "fitted CLUB \(club) vs \(closedForm)")
    let variance = q.logVariance(Tensor<Float>(zeros: [1, 1])).exp().scalar
    #expect(abs(variance - 0.36) < 0.1, "σ² \(variance)")
    #expect(fit(seed: 10).1 == club)
  }
}
