import MINumerics
import MITensor
import Testing
import _Differentiation

/// Central finite differences in Double: ∂f/∂xᵢ ≈ (f(x + heᵢ) − f(x − heᵢ)) / 2h, with an
/// error of O(h²) from truncation and O(ε/h) from rounding; h = 1e-5 balances them near
/// 1e-10 for well-scaled functions.
func numericalGradient(of f: (Tensor<Double>) -> Double, at x: Tensor<Double>, step h: Double = 1e-5) -> [Double] {
  var gradient = [Double](repeating: 0, count: x.scalarCount)
  for i in 0..<x.scalarCount {
    var plus = x
    plus.withUnsafeMutableScalars { $0[i] += h }
    var minus = x
    minus.withUnsafeMutableScalars { $0[i] -= h }
    gradient[i] = (f(plus) - f(minus)) / (2 * h)
  }
  return gradient
}

/// Checks the pullback of a tensor-valued op against finite differences: the op's output
/// is contracted with fixed random weights R, so loss = Σ R ⊙ op(x) exercises the pullback
/// with a random incoming tangent (not just ones).
func checkGradient(
  of op: @escaping @differentiable(reverse) (Tensor<Double>) -> Tensor<Double>,
  at x: Tensor<Double>, seed: UInt64 = 7, tolerance: Double = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  var generator = SeededGenerator(seed: seed)
  let weights = Tensor<Double>(randomNormal: op(x).shape, using: &generator)
  let loss: @differentiable(reverse) (Tensor<Double>) -> Tensor<Double> = { (op($0) * weights).sum() }
  let analytic = gradient(at: x, of: loss)
  let numeric = numericalGradient(of: { loss($0).scalar }, at: x)
  #expect(analytic.shape == x.shape, "gradient shape \(analytic.shape) differs from input shape \(x.shape)", sourceLocation: sourceLocation)
  expectClose(Array(analytic.scalars), numeric, tolerance: tolerance, sourceLocation: sourceLocation)
}

/// The two-argument form of `checkGradient(of:at:)`.
func checkGradient(
  of op: @escaping @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double>,
  at x: Tensor<Double>, _ y: Tensor<Double>, seed: UInt64 = 7, tolerance: Double = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  var generator = SeededGenerator(seed: seed)
  let weights = Tensor<Double>(randomNormal: op(x, y).shape, using: &generator)
  let loss: @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double> = { (op($0, $1) * weights).sum() }
  let (gx, gy) = gradient(at: x, y, of: loss)
  let nx = numericalGradient(of: { loss($0, y).scalar }, at: x)
  let ny = numericalGradient(of: { loss(x, $0).scalar }, at: y)
  #expect(gx.shape == x.shape, "left gradient shape \(gx.shape) differs from \(x.shape)", sourceLocation: sourceLocation)
  #expect(gy.shape == y.shape, "right gradient shape \(gy.shape) differs from \(y.shape)", sourceLocation: sourceLocation)
  expectClose(Array(gx.scalars), nx, tolerance: tolerance, sourceLocation: sourceLocation)
  expectClose(Array(gy.scalars), ny, tolerance: tolerance, sourceLocation: sourceLocation)
}

/// Expects |a − b| ≤ tolerance·max(1, |b|) elementwise.
func expectClose(_ a: [Double], _ b: [Double], tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(a.count == b.count, sourceLocation: sourceLocation)
  var worst = 0.0
  var worstIndex = 0
  for i in 0..<min(a.count, b.count) {
    let error = abs(a[i] - b[i]) / max(1, abs(b[i]))
    if !(error <= worst) { worst = error; worstIndex = i }
  }
  #expect(worst <= tolerance, "largest relative error \(worst) at index \(worstIndex): \(a.isEmpty ? 0 : a[worstIndex]) vs \(b.isEmpty ? 0 : b[worstIndex])", sourceLocation: sourceLocation)
}

/// A random Double tensor, reproducible from `seed`.
func randomTensor(_ shape: TensorShape, seed: UInt64, scale: Double = 1) -> Tensor<Double> {
  var generator = SeededGenerator(seed: seed)
  return Tensor(randomNormal: shape, standardDeviation: scale, using: &generator)
}

/// Shapes with edge sizes: 1, sizes below and above a SIMD width, odd sizes.
let edgeMatrixShapes: [TensorShape] = [[1, 1], [1, 5], [4, 1], [3, 7], [9, 17]]
