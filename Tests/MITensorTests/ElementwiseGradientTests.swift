import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Every elementwise op's pullback against central finite differences in Double, on
/// shapes with edge sizes.
@Suite struct ElementwiseGradientTests {
  @Test(arguments: edgeMatrixShapes)
  func smoothUnaryOps(shape: TensorShape) {
    let x = randomTensor(shape, seed: 1)
    checkGradient(of: { $0.exp() }, at: x)
    checkGradient(of: { $0.squared() }, at: x)
    checkGradient(of: { $0.tanh() }, at: x)
    checkGradient(of: { $0.sigmoid() }, at: x)
    checkGradient(of: { $0.softplus() }, at: x)
    checkGradient(of: { $0.gelu() }, at: x)
    checkGradient(of: { -$0 }, at: x)
    checkGradient(of: { $0 * 3 + 2 }, at: x)
    checkGradient(of: { 0.5 * $0 - 1 }, at: x)
    checkGradient(of: { $0 / 4 }, at: x)
  }

  @Test(arguments: edgeMatrixShapes)
  func opsOnPositiveInputs(shape: TensorShape) {
    let x = randomTensor(shape, seed: 2).magnitude() + 0.5
    checkGradient(of: { $0.log() }, at: x)
    checkGradient(of: { $0.log1p() }, at: x)
    checkGradient(of: { $0.squareRoot() }, at: x)
  }

  /// Kinked functions, at inputs kept away from the kinks (finite differences across a
  /// kink measure nothing).
  @Test(arguments: edgeMatrixShapes)
  func kinkedOps(shape: TensorShape) {
    let raw = randomTensor(shape, seed: 3)
    let x = raw + raw.map { $0 >= 0 ? 0.1 : -0.1 }
    checkGradient(of: { $0.relu() }, at: x)
    checkGradient(of: { $0.leakyRelu(slope: 0.2) }, at: x)
    checkGradient(of: { $0.elu(alpha: 1.5) }, at: x)
    checkGradient(of: { $0.magnitude() }, at: x)
    // Bounds placed between the scalars, not on them.
    checkGradient(of: { $0.clamped(to: -0.55, 0.65) }, at: x)
  }

  /// `Activation` values applied to a tensor (what layers use), every case.
  @Test(arguments: [
    Activation.identity, .relu, .leakyRelu(slope: 0.2), .elu(alpha: 0.7), .gelu, .tanh, .sigmoid, .softplus,
  ])
  func activationValues(activation: Activation) {
    let raw = randomTensor([4, 9], seed: 8)
    let x = raw + raw.map { $0 >= 0 ? 0.1 : -0.1 }  // away from the kinks
    checkGradient(of: { activation($0) }, at: x)
  }

  static let broadcastPairs: [(TensorShape, TensorShape)] = [
    ([3, 4], [3, 4]), ([3, 4], []), ([], [3, 4]), ([3, 4], [4]), ([3, 4], [1, 4]),
    ([4], [3, 4]), ([3, 4], [3, 1]), ([3, 1], [3, 4]), ([1, 1], [2, 5]), ([5], [5]),
  ]

  @Test(arguments: broadcastPairs)
  func binaryOpsWithBroadcasting(lhsShape: TensorShape, rhsShape: TensorShape) {
    let x = randomTensor(lhsShape, seed: 4)
    let y = randomTensor(rhsShape, seed: 5).magnitude() + 0.5  // a safe divisor
    checkGradient(of: { $0 + $1 }, at: x, y)
    checkGradient(of: { $0 - $1 }, at: x, y)
    checkGradient(of: { $0 * $1 }, at: x, y)
    checkGradient(of: { $0 / $1 }, at: x, y)
  }

  @Test func shapelessZeroIsTheIdentity() {
    let x = randomTensor([2, 3], seed: 6)
    #expect(Tensor<Double>.zero + x == x)
    #expect(x + .zero == x)
    #expect(x - .zero == x)
    #expect(Tensor<Double>.zero - x == -x)
    var y = Tensor<Double>.zero
    y += x
    #expect(y == x)
  }
}

extension Tensor where Scalar == Double {
  /// Test helper: applies a closure to each scalar (not differentiable).
  func map(_ body: (Double) -> Double) -> Tensor { Tensor(shape: shape, scalars: scalars.map(body)) }
}
