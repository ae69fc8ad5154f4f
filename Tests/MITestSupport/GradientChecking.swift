// MITestSupport: what the test targets share instead of copies: finite-difference
// gradient checks in Double and the analytic densities of correlated Gaussians.
import MINetworks
import MINumerics
import MITensor
import Testing
import _Differentiation

/// Central finite differences in Double: ∂f/∂xᵢ ≈ (f(x + heᵢ) − f(x − heᵢ)) / 2h, with an
/// error of O(h²) from truncation and O(ε/h) from rounding; h = 1e-5 balances them near
/// 1e-10 for well-scaled functions.
public func numericalGradient(of f: (Tensor<Double>) -> Double, at x: Tensor<Double>, step h: Double = 1e-5) -> [Double] {
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
public func checkGradient(
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
public func checkGradient(
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
public func expectClose(_ a: [Double], _ b: [Double], tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) {
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
public func randomTensor(_ shape: TensorShape, seed: UInt64, scale: Double = 1) -> Tensor<Double> {
  var generator = SeededGenerator(seed: seed)
  return Tensor(randomNormal: shape, standardDeviation: scale, using: &generator)
}

/// Shapes with edge sizes: 1, sizes below and above a SIMD width, odd sizes.
public let edgeMatrixShapes: [TensorShape] = [[1, 1], [1, 5], [4, 1], [3, 7], [9, 17]]


/// Checks d(Σ R ⊙ f(a, b)) against finite differences in both arguments.
public func checkLayerGradient(
  of f: @escaping @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double>,
  _ a: Tensor<Double>, _ b: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation
) {
  var generator = SeededGenerator(seed: 99)
  let weights = Tensor<Double>(randomNormal: f(a, b).shape, using: &generator)
  let loss: @differentiable(reverse) (Tensor<Double>, Tensor<Double>) -> Tensor<Double> = { (f($0, $1) * weights).sum() }
  let (ga, gb) = gradient(at: a, b, of: loss)
  expectMatchesFiniteDifferences(ga, at: a, of: { loss($0, b).scalar }, sourceLocation: sourceLocation)
  expectMatchesFiniteDifferences(gb, at: b, of: { loss(a, $0).scalar }, sourceLocation: sourceLocation)
}

/// Checks a model's parameter gradients and input gradient against finite differences.
public func checkModelGradient<Model: Layer>(
  _ model: Model, _ x: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation
) where Model.Scalar == Double {
  var generator = SeededGenerator(seed: 98)
  let weights = Tensor<Double>(randomNormal: model(x).shape, using: &generator)
  let (gModel, gInput) = gradient(at: model, x) { m, x in (m(x) * weights).sum() }
  expectMatchesFiniteDifferences(gInput, at: x, of: { (model($0) * weights).sum().scalar }, sourceLocation: sourceLocation)
  let gradients = gModel.namedParameters
  let parameters = model.namedParameters
  #expect(gradients.map(\.name) == parameters.map(\.name), sourceLocation: sourceLocation)
  for (index, (name, parameter)) in parameters.enumerated() {
    expectMatchesFiniteDifferences(gradients[index].tensor, at: parameter, of: { value in
      var perturbed = model
      perturbed.visitParameters(prefix: "") { n, p in if n == name { p = value } }
      return (perturbed(x) * weights).sum().scalar
    }, label: name, sourceLocation: sourceLocation)
  }
  // With the input constant, the derivative with respect to the parameters alone (which may
  // skip the input's gradient) gives the same parameter gradient.
  let gParametersOnly = gradient(at: model) { m in (m(x) * weights).sum() }.namedParameters
  for (index, (name, _)) in parameters.enumerated() {
    let (full, alone) = (gradients[index].tensor, gParametersOnly[index].tensor)
    let gap = zip(full.scalars, alone.scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(full.shape == alone.shape && gap <= 1e-12, "\(name): wrt the parameters alone differs by \(gap)", sourceLocation: sourceLocation)
  }
}

/// Central differences with h = 1e-5 against an analytic gradient, relative error ≤ 1e-6.
public func expectMatchesFiniteDifferences(
  _ analytic: Tensor<Double>, at x: Tensor<Double>, of f: (Tensor<Double>) -> Double, label: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(analytic.shape == x.shape, "\(label): gradient shape \(analytic.shape) vs \(x.shape)", sourceLocation: sourceLocation)
  let h = 1e-5
  var worst = 0.0
  for i in 0..<x.scalarCount {
    var plus = x
    plus.withUnsafeMutableScalars { $0[i] += h }
    var minus = x
    minus.withUnsafeMutableScalars { $0[i] -= h }
    let numeric = (f(plus) - f(minus)) / (2 * h)
    let a = i < analytic.scalarCount ? analytic.scalars[i] : .nan
    worst = max(worst, abs(a - numeric) / max(1, abs(numeric)))
  }
  #expect(worst <= 1e-6, "\(label): largest relative error \(worst)", sourceLocation: sourceLocation)
}

/// Checks the gradient of `f(model)` (a tensor) with respect to every parameter of `model`
/// against central finite differences: the output is contracted with fixed random weights,
/// each parameter perturbed by ±h. `step` 1e-6 suits sharply curved functions (normalized
/// encodings), whose O(h²) error at 1e-5 reached 4e-6 relative.
public func checkParameterGradient<Model: Trainable>(
  _ model: Model, step h: Double = 1e-6, tolerance: Double = 1e-6, label: String = "",
  sourceLocation: SourceLocation = #_sourceLocation,
  _ f: @escaping @differentiable(reverse) (Model) -> Tensor<Double>
) where Model.Scalar == Double {
  var generator = SeededGenerator(seed: 77)
  let weights = Tensor<Double>(randomNormal: f(model).shape, using: &generator)
  let analytic = gradient(at: model) { m in (f(m) * weights).sum() }.namedParameters
  let parameters = model.namedParameters
  #expect(analytic.map(\.name) == parameters.map(\.name), sourceLocation: sourceLocation)
  for (index, (name, parameter)) in parameters.enumerated() {
    var worst = 0.0
    for i in 0..<parameter.scalarCount {
      func loss(_ delta: Double) -> Double {
        var perturbed = model
        perturbed.visitParameters(prefix: "") { n, p in if n == name { p.withUnsafeMutableScalars { $0[i] += delta } } }
        return (f(perturbed) * weights).sum().scalar
      }
      let numeric = (loss(h) - loss(-h)) / (2 * h)
      let g = analytic[index].tensor
      let value = g.isShapelessZero ? 0 : g.scalars[i]
      worst = max(worst, abs(value - numeric) / max(1, abs(numeric)))
    }
    #expect(worst < tolerance, "\(label) \(name): largest relative error \(worst)", sourceLocation: sourceLocation)
  }
}
