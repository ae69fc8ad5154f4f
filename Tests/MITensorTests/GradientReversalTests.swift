import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The gradient reversal layer: the identity forward; backward, −λ times the gradient the
/// same function would have without it (checked against finite differences of that function),
/// so one descent step on an encoder through R ascends the adversary's loss.
@Suite struct GradientReversalTests {
  @Test func identityForwardAndReversedScaledGradient() {
    let x = randomTensor([4, 3], seed: 61)
    let weights = randomTensor([4, 3], seed: 62)
    #expect(reversingGradient(x, scale: 0.7) == x)
    // f(x) = Σ w ⊙ tanh(x)²: the gradient through R is −λ times f's own, which matches
    // finite differences.
    let f: @differentiable(reverse) (Tensor<Double>) -> Tensor<Double> = { ($0.tanh().squared() * weights).sum() }
    let plain = gradient(at: x, of: f)
    let numeric = numericalGradient(of: { f($0).scalar }, at: x)
    expectClose(Array(plain.scalars), numeric, tolerance: 1e-7)
    for scale in [0.0, 0.7, 2.0] {
      let reversed = gradient(at: x) { f(reversingGradient($0, scale: scale)) }
      expectClose(Array(reversed.scalars), plain.scalars.map { -scale * $0 }, tolerance: 1e-15)
    }
  }

  /// An encoder step through R raises the adversary's loss that a plain step would lower.
  @Test func aStepThroughTheReversalAscendsTheAdversarysLoss() {
    let x = randomTensor([8, 2], seed: 63)
    let target = randomTensor([8, 1], seed: 64)
    let adversary = randomTensor([2, 1], seed: 65)
    func loss(_ encoded: Tensor<Double>) -> Tensor<Double> { (matmul(encoded, adversary) - target).squared().mean() }
    let encoder = randomTensor([2, 2], seed: 66)
    let step = gradient(at: encoder) { w in loss(reversingGradient(matmul(x, w))) }
    let before = loss(matmul(x, encoder)).scalar
    let after = loss(matmul(x, encoder - step * 0.01)).scalar
    #expect(after > before)
  }

  @Test func aNegativeScaleIsRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = reversingGradient(Tensor<Float>(ones: [2, 2]), scale: -1)
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("reversingGradient(_:scale:): the scale λ must be a finite number ≥ 0, got -1.0"), "\(text)")
  }
}
