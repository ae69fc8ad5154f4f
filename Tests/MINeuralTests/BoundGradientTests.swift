import MINeural
import MINumerics
import MITensor
import Testing
import _Differentiation

/// Each bound's objective differentiated with respect to the scores, against central
/// finite differences in Double.
@Suite struct BoundGradientTests {
  /// MINE with a moving average already set (its denominator is then a constant; with
  /// none, the denominator is the batch's own detached average, which finite differences
  /// do not see by design).
  static var primedMINE: MINE<Double> {
    var mine = MINE<Double>()
    mine.observe(Tensor(rows: [[0, 0.3], [-0.2, 0]]))
    return mine
  }

  static let bounds: [any ScoreBound<Double>] = [
    InfoNCE(), InfoNCE(symmetric: true), NWJ(), DonskerVaradhan(), primedMINE, JensenShannon(), SMILE(clip: 1),
    CLUB(), CLUBSample(seed: 4), L1Out(), TUBA(), WassersteinDependency(),
  ]

  @Test(arguments: [2, 5])
  func objectivesMatchFiniteDifferences(k: Int) {
    var generator = SeededGenerator(seed: UInt64(k))
    let scores = Tensor<Double>(randomNormal: [k, k], using: &generator)
    for bound in Self.bounds {
      let worst = Self.maximumGradientError(bound, scores)
      #expect(worst < 1e-7, "\(bound.name): largest error \(worst)")
    }
  }

  /// The largest absolute difference between the objective's gradient and central finite
  /// differences.
  static func maximumGradientError<B: ScoreBound<Double>>(_ bound: B, _ scores: Tensor<Double>) -> Double {
    let analytic = objectiveGradient(bound, scores)
    var worst = 0.0
    for i in 0..<scores.scalarCount {
      var plus = scores, minus = scores
      plus.withUnsafeMutableScalars { $0[i] += 1e-6 }
      minus.withUnsafeMutableScalars { $0[i] -= 1e-6 }
      let numeric = (bound.objective(plus).scalar - bound.objective(minus).scalar) / 2e-6
      worst = max(worst, abs(analytic.scalars[i] - numeric))
    }
    return worst
  }

  /// Opens the existential so the derivative is taken through the generic requirement.
  static func objectiveGradient<B: ScoreBound<Double>>(_ bound: B, _ scores: Tensor<Double>) -> Tensor<Double> {
    gradient(at: scores) { bound.objective($0) }
  }

  /// MINE's objective has the value of nothing in particular, but its gradient is
  /// ∇E_p[f] − E_q[e^f ∇f]/m: with m equal to the batch's E_q[e^f] it is DV's gradient.
  @Test func mineGradientEqualsDVAtTheBatchAverage() {
    var generator = SeededGenerator(seed: 9)
    let scores = Tensor<Double>(randomNormal: [4, 4], using: &generator)
    let mine = gradient(at: scores) { MINE<Double>().objective($0) }
    let dv = gradient(at: scores) { DonskerVaradhan<Double>().objective($0) }
    #expect(zip(mine.scalars, dv.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
  }
}
