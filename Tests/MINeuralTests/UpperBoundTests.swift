import Foundation
import MINetworks
import MIDistributions
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
    let mu = q.conditionalMean(x), v = q.logVariance(x)
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
    var q = GaussianConditional<Double>(xDimension: 3, yDimension: 2, hidden: [4], activation: .tanh, using: &generator)
    let (x, y) = CriticTests.batch(5, seed: 7)
    checkCriticGradient(q, x, y)
    q.coupling = Tensor(randomNormal: [2, 2], using: &generator)
    checkCriticGradient(q, x, y)
    checkParameterGradient(q, label: "negative log-likelihood") { q in q.negativeLogLikelihood(x, y) }
  }

  /// With a coupling W, q(y|x) = N(μ, T⁻¹ diag(e^v) T⁻ᵀ), T = I + tril(W, −1): the scores are
  /// the full-covariance log-density (a loop with T formed by hand), only W's strict lower
  /// triangle matters, and `.diagonal` ignores W.
  @Test func fullCovarianceScoresAreLogDensities() {
    var generator = SeededGenerator(seed: 41)
    var q = GaussianConditional<Double>(xDimension: 2, yDimension: 3, hidden: [5], activation: .tanh, using: &generator)
    q.coupling = Tensor(randomNormal: [3, 3], using: &generator)
    let x = Tensor<Double>(randomNormal: [4, 2], using: &generator)
    let y = Tensor<Double>(randomNormal: [4, 3], using: &generator)
    let (mu, v, scores) = (q.conditionalMean(x), q.logVariance(x), q.scores(x, y))
    func t(_ r: Int, _ c: Int) -> Double { r == c ? 1 : r > c ? q.coupling[r, c] : 0 }
    for i in 0..<4 {
      for j in 0..<4 {
        var total = 0.0
        for r in 0..<3 {
          var residual = 0.0
          for c in 0..<3 { residual += t(r, c) * (y[j, c] - mu[i, c]) }
          total += -0.5 * (residual * residual * exp(-v[i, r]) + v[i, r] + log(2 * Double.pi))
        }
        #expect(abs(scores[i, j] - total) < 1e-10)
      }
    }
    #expect(abs(q.negativeLogLikelihood(x, y).scalar + scores.diagonal().mean().scalar) < 1e-10)
    var upper = q
    upper.coupling = q.coupling + Tensor(shape: [3, 3], scalars: [5, 6, 7, 0, 8, 9, 0, 0, 10])
    #expect(upper.scores(x, y) == scores)
    var diagonal = q
    diagonal.covariance = .diagonal
    var zero = q
    zero.coupling = Tensor(zeros: [3, 3])
    #expect(diagonal.scores(x, y) == zero.scores(x, y))
  }

  /// CLUB and L1Out at the exact conditional of a dense Gaussian (every correlation 0.5),
  /// computed from samples, against CLUB's closed form tr(S⁻¹ A Σxx Aᵀ) and the true MI.
  @Test func exactConditionalOfADenseGaussian() throws {
    let task = CorrelatedGaussian.dense(dimensionX: 3, dimensionY: 3, correlation: 0.5)
    let (x, y) = task.sample(count: 1500, seed: 42)
    let logDensities = Self.exactLogDensities(task, x, y)
    let club = CLUB<Double>().value(logDensities)
    #expect(abs(club - task.clubAtTrueConditional) < 0.08 * task.clubAtTrueConditional, "CLUB \(club) vs \(task.clubAtTrueConditional)")
    let l1out = L1Out<Double>().value(logDensities)
    #expect(abs(l1out - task.mutualInformation) < 0.1, "L1Out \(l1out) vs \(task.mutualInformation)")
  }

  /// The fix of issue 12: CLUB with its recommended preset (full covariance, a small q) lies
  /// within 10% of its value at the true conditional, tr(S⁻¹ A Σxx Aᵀ), on dense Gaussians
  /// (every correlation 0.5; the 256×256 default gave 21–51% above), and above the true MI.
  /// Single fits spread by about ±10% (the held-out estimate's standard error is 4–6% of
  /// the value on 1,200 test samples, and 0.15–0.45 nats at d = 10 on 750), so this takes
  /// 8,000 samples; the sweep to 20 dimensions, with the median over seeds, is in
  /// BENCHMARKS.md.
  @Test(arguments: [1, 2, 5])
  func fittedCLUBMatchesItsClosedForm(dimension d: Int) throws {
    let task = CorrelatedGaussian.dense(dimensionX: d, dimensionY: d, correlation: 0.5)
    let (x, y) = task.sample(count: 8000, seed: UInt64(50 + d))
    let estimator = NeuralEstimator(bound: .club, seed: 5)
    #expect(estimator.preset == .densityModel)
    let club = try estimator.estimate(x, y).value
    let closedForm = task.clubAtTrueConditional
    #expect(abs(club - closedForm) < 0.1 * closedForm, "d = \(d): CLUB \(club) vs \(closedForm)")
    #expect(club > task.mutualInformation)
  }

  /// Issue 12's L1Out check: with the recommended preset (q's width chosen by validation
  /// likelihood), fitted L1Out lies within 0.1 nats of the true MI (its value at the exact
  /// conditional, `exactConditionalOfADenseGaussian`) on dense Gaussians of 2, 5 and 10
  /// dimensions, and every estimate says that with a fitted q it is not a guaranteed upper
  /// bound. With 32 hidden units alone it fell 1–2.5 standard errors below the truth at
  /// d ≥ 10; the sweep to 20 dimensions is in BENCHMARKS.md.
  @Test(arguments: [2, 5, 10])
  func fittedL1OutIsNearTheTruthAndSaysItIsNotABound(dimension d: Int) throws {
    let task = CorrelatedGaussian.dense(dimensionX: d, dimensionY: d, correlation: 0.5)
    let (x, y) = task.sample(count: 4000, seed: UInt64(60 + d))
    let estimate = try NeuralEstimator(bound: .l1out, seed: 5).estimate(x, y)
    #expect(abs(estimate.value - task.mutualInformation) < 0.1, "d = \(d): L1Out \(estimate.value) vs \(task.mutualInformation)")
    #expect(estimate.warnings.contains { "\($0)".contains("l1out is an upper bound only with the true conditional") }, "\(estimate.warnings)")
  }

  /// The text of the parameter `name` of an estimate.
  static func text(_ estimate: Estimate, _ name: String) -> String? {
    estimate.parameters.first { $0.name == name }.flatMap { parameter -> String? in
      if case .text(let value) = parameter.value { return value }
      return nil
    }
  }

  /// The density bounds fit q with 32 and with 4 hidden units and keep the one with the
  /// better validation likelihood: 4 on a dense Gaussian (a linear conditional, which 32
  /// units overfit), 32 where y depends on x through a sine that 4 units cannot follow.
  /// Both fits are reported with their likelihoods.
  @Test func densityBoundsKeepTheWidthThatFitsTheValidationSplitBetter() throws {
    let task = CorrelatedGaussian.dense(dimensionX: 10, dimensionY: 10, correlation: 0.5)
    let (gx, gy) = task.sample(count: 4000, seed: 70)
    let linear = try NeuralEstimator(bound: .club, seed: 5).estimate(gx, gy)
    #expect(Self.text(linear, "hidden") == "4")
    let tried = try #require(Self.text(linear, "q widths tried (validation negative log-likelihood)"))
    #expect(tried.hasPrefix("32: ") && tried.contains("; 4: "), "\(tried)")

    var generator = SeededGenerator(seed: 71)
    let n = 3000
    var xs = [Double](), ys = [Double]()
    for _ in 0..<n {
      let (a, b) = (generator.normal(), generator.normal())
      xs += [a, b]
      ys += [sin(2 * a) + 0.3 * generator.normal(), b * b + 0.3 * generator.normal()]
    }
    let (x, y) = (Matrix(rows: n, columns: 2, storage: xs), Matrix(rows: n, columns: 2, storage: ys))
    let nonlinear = try NeuralEstimator(bound: .l1out, seed: 5).estimate(x, y)
    #expect(Self.text(nonlinear, "hidden") == "32")
  }

  /// Widths given explicitly are fitted alone; an empty or non-positive alternative is
  /// refused before any training, naming the entry.
  @Test func densityWidthsGivenAreUsedAloneAndBadOnesRefused() throws {
    let task = CorrelatedGaussian.dense(dimensionX: 2, dimensionY: 2, correlation: 0.5)
    let (x, y) = task.sample(count: 600, seed: 72)
    var preset = NeuralPreset.densityModel
    preset.alternativeDensityWidths = []
    preset.steps = 200
    let alone = try NeuralEstimator(bound: .l1out, preset: preset, seed: 5).estimate(x, y)
    #expect(Self.text(alone, "hidden") == "32")
    #expect(Self.text(alone, "q widths tried (validation negative log-likelihood)") == nil)
    preset.alternativeDensityWidths = [[8], [0]]
    #expect {
      try NeuralEstimator(bound: .l1out, preset: preset, seed: 5).estimate(x, y)
    } throws: { "\($0)".contains("alternative density widths") && "\($0)".contains("entry 2") }
  }

  /// L[i][j] = log N(yⱼ; A xᵢ, S) of the task's exact conditional.
  static func exactLogDensities(_ task: CorrelatedGaussian, _ x: Matrix, _ y: Matrix) -> Tensor<Double> {
    let (a, s) = task.conditionalOfY
    let precision = s.solvingSPD(Matrix.identity(s.rows))!
    let logNormalizer = -0.5 * (Double(s.rows) * log(2 * Double.pi) + s.logDeterminantSPD()!)
    let means = x.multiplied(by: a.transposed)
    var values = [Double](repeating: 0, count: x.rows * y.rows)
    for i in 0..<x.rows {
      for j in 0..<y.rows {
        let r = (0..<s.rows).map { y[j, $0] - means[i, $0] }
        var quadratic = 0.0
        for p in 0..<s.rows { for q in 0..<s.rows { quadratic += r[p] * precision[p, q] * r[q] } }
        values[i * y.rows + j] = logNormalizer - 0.5 * quadratic
      }
    }
    return Tensor(shape: [x.rows, y.rows], scalars: values)
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
