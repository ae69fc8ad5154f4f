import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The interpolated bound at its two ends, at the optimal critic, and its gradient.
@Suite struct InterpolatedInfoNCETests {
  static func random(k: Int, seed: UInt64) -> (Tensor<Double>, Tensor<Double>) {
    var generator = SeededGenerator(seed: seed)
    return (Tensor(randomNormal: [k, k], using: &generator), Tensor(randomNormal: [1, k], using: &generator))
  }

  @Test func endpointsAreInfoNCEAndTUBA() {
    let (s, b) = Self.random(k: 6, seed: 1)
    let stacked = s.concatenated(with: b, alongAxis: 0)
    // α = 1: InfoNCE normalized over columns (each y against all x's).
    let one = InterpolatedInfoNCE<Double>(alpha: 1).value(stacked)
    #expect(abs(one - InfoNCE<Double>().value(s.transposed())) < 1e-12)
    // α = 0: TUBA with the baseline subtracted from each column.
    let zero = InterpolatedInfoNCE<Double>(alpha: 0).value(stacked)
    #expect(abs(zero - TUBA<Double>().value(s - b)) < 1e-12)
    // In between, a value between... not necessarily; but finite and continuous in α.
    let near = InterpolatedInfoNCE<Double>(alpha: 0.999_999).value(stacked)
    #expect(abs(near - one) < 1e-4)
  }

  @Test func tightAtTheOptimalCritic() {
    let truth = BoundAtOptimalCriticTests.truth(d: 2, rho: 0.6)
    let s = BoundAtOptimalCriticTests.optimalScores(k: 800, d: 2, rho: 0.6, seed: 2)
    // With f* = log p(y|x)/p(y), m(y) ≈ 1 and the optimal baseline is q(y) = 1 (b = 0).
    let stacked = s.concatenated(with: Tensor(zeros: [1, 800]), alongAxis: 0)
    let value = InterpolatedInfoNCE<Double>(alpha: 0.01).value(stacked)
    #expect(abs(value - truth) < 0.12, "alpha-InfoNCE \(value) vs \(truth)")
  }

  @Test(arguments: [0.0, 0.3, 1.0])
  func gradientMatchesFiniteDifferences(alpha: Double) {
    let (s, b) = Self.random(k: 4, seed: 3)
    let stacked = s.concatenated(with: b, alongAxis: 0)
    let worst = BoundGradientTests.maximumGradientError(InterpolatedInfoNCE<Double>(alpha: alpha), stacked)
    #expect(worst < 1e-7, "α = \(alpha): largest error \(worst)")
  }
}
