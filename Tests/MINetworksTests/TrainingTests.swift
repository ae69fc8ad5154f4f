import MINetworks
import MINumerics
import MITensor
import Testing
import _Differentiation

/// End-to-end learning in Float: XOR, a noisy regression, and exact reproducibility.
@Suite struct TrainingTests {
  /// Trains an MLP with Adam on (x, y) by mean squared error; returns the model and the
  /// final loss.
  static func train(
    widths: [Int], activation: Activation, x: Tensor<Float>, y: Tensor<Float>, steps: Int, seed: UInt64,
    learningRate: Float = 0.01
  ) -> (MLP<Float>, Float) {
    var generator = SeededGenerator(seed: seed)
    var model = MLP<Float>(widths: widths, activation: activation, using: &generator)
    var optimizer = Adam<Float>(learningRate: learningRate)
    var loss: Float = .nan
    for _ in 0..<steps {
      let (value, g) = valueWithGradient(at: model) { m in (m(x) - y).squared().mean() }
      loss = value.scalar
      optimizer.update(&model, along: g)
    }
    return (model, loss)
  }

  @Test func mlpLearnsXOR() {
    let x = Tensor<Float>(rows: [[0, 0], [0, 1], [1, 0], [1, 1]])
    let y = Tensor<Float>(shape: [4, 1], scalars: [0, 1, 1, 0])
    let (model, loss) = Self.train(widths: [2, 8, 1], activation: .tanh, x: x, y: y, steps: 600, seed: 3, learningRate: 0.05)
    #expect(loss < 1e-3)
    let predictions = model(x).scalars
    for (prediction, target) in zip(predictions, y.scalars) {
      #expect(abs(prediction - target) < 0.1, "prediction \(prediction) for target \(target)")
    }
  }

  @Test func mlpFitsANoisyRegression() {
    // y = sin(2x) + noise with σ = 0.1: a fit reaches the noise floor (MSE ≈ 0.01) on
    // held-out points, far below the variance of y (≈ 0.5).
    var generator = SeededGenerator(seed: 60)
    func sample(_ n: Int) -> (Tensor<Float>, Tensor<Float>) {
      let x = Tensor<Float>(randomUniform: [n, 1], lower: -2, upper: 2, using: &generator)
      let noise = Tensor<Float>(randomNormal: [n, 1], standardDeviation: 0.1, using: &generator)
      let y = Tensor(shape: [n, 1], scalars: x.scalars.map { Float(sin(2 * Double($0))) }) + noise
      return (x, y)
    }
    let (x, y) = sample(256)
    let (xTest, yTest) = sample(256)
    let (model, _) = Self.train(widths: [1, 32, 32, 1], activation: .relu, x: x, y: y, steps: 1500, seed: 4)
    let testError = (model(xTest) - yTest).squared().mean().scalar
    #expect(testError < 0.03, "held-out MSE \(testError)")
  }

  @Test func trainingReproducesExactlyFromTheSeed() {
    var generator = SeededGenerator(seed: 70)
    let x = Tensor<Float>(randomNormal: [32, 5], using: &generator)
    let y = Tensor<Float>(randomNormal: [32, 2], using: &generator)
    let (a, lossA) = Self.train(widths: [5, 16, 2], activation: .gelu, x: x, y: y, steps: 25, seed: 8)
    let (b, lossB) = Self.train(widths: [5, 16, 2], activation: .gelu, x: x, y: y, steps: 25, seed: 8)
    #expect(lossA == lossB)
    for (pa, pb) in zip(a.namedParameters, b.namedParameters) { #expect(pa.tensor == pb.tensor, "\(pa.name)") }
    let (c, _) = Self.train(widths: [5, 16, 2], activation: .gelu, x: x, y: y, steps: 25, seed: 9)
    #expect(c.namedParameters[0].tensor != a.namedParameters[0].tensor)
  }
}

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
