import MINetworks
import MINumerics
import MITensor
import Testing
import _Differentiation

/// One update against values computed by hand (the formulas of PyTorch's optimizers),
/// and convergence on a small least-squares problem.
@Suite struct OptimizerTests {
  /// A 1→1 dense layer with weight 2 and bias 1, and a gradient of (0.5, −1).
  private func fixture() -> (Dense<Double>, Dense<Double>.TangentVector) {
    let layer = Dense<Double>(weight: Tensor(shape: [1, 1], scalars: [2]), bias: Tensor([1]))
    let gradient = Dense<Double>.TangentVector(weight: Tensor(shape: [1, 1], scalars: [0.5]), bias: Tensor([-1]))
    return (layer, gradient)
  }

  @Test func sgdWithMomentumAndWeightDecay() {
    var (layer, gradient) = fixture()
    var sgd = SGD<Double>(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
    sgd.update(&layer, along: gradient)
    // g = 0.5 + 0.01·2 = 0.52; b = g; θ = 2 − 0.1·0.52 = 1.948.
    #expect(abs(layer.weight.scalar - 1.948) < 1e-15)
    // Bias: g = −1 + 0.01·1 = −0.99; θ = 1 + 0.099 = 1.099.
    #expect(abs(layer.bias.scalar - 1.099) < 1e-15)
    sgd.update(&layer, along: gradient)
    // g = 0.5 + 0.01·1.948 = 0.51948; b = 0.9·0.52 + 0.51948 = 0.98748; θ = 1.948 − 0.098748.
    #expect(abs(layer.weight.scalar - (1.948 - 0.098748)) < 1e-14)
  }

  @Test func nesterovMomentum() {
    var (layer, gradient) = fixture()
    var sgd = SGD<Double>(learningRate: 0.1, momentum: 0.5, nesterov: true)
    sgd.update(&layer, along: gradient)
    // b = 0.5; step = g + μb = 0.75; θ = 2 − 0.075.
    #expect(abs(layer.weight.scalar - 1.925) < 1e-15)
  }

  @Test func adamFirstTwoSteps() {
    var (layer, gradient) = fixture()
    var adam = Adam<Double>(learningRate: 0.01)
    adam.update(&layer, along: gradient)
    // Step 1: m̂ = g, v̂ = g², so θ moves by η·g/(|g| + ε) ≈ η·sign(g).
    #expect(abs(layer.weight.scalar - (2 - 0.01 * 0.5 / (0.5 + 1e-8))) < 1e-15)
    #expect(abs(layer.bias.scalar - (1 + 0.01 * 1 / (1 + 1e-8))) < 1e-15)
    adam.update(&layer, along: gradient)
    // Step 2 with the same gradient: m = 0.19·0.5·… → m̂ = g, v̂ = g² again.
    let m = 0.9 * 0.05 + 0.1 * 0.5, v = 0.999 * 0.00025 + 0.001 * 0.25
    let mHat = m / (1 - 0.81), vHat = v / (1 - 0.998001)
    let expected = 2 - 0.01 * 0.5 / (0.5 + 1e-8) - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
    #expect(abs(layer.weight.scalar - expected) < 1e-14)
    #expect(adam.step == 2)
  }

  @Test func adamWDecouplesTheDecay() {
    var (layer, gradient) = fixture()
    var adamW = AdamW<Double>(learningRate: 0.01, weightDecay: 0.1)
    adamW.update(&layer, along: gradient)
    // θ(1 − ηλ) − η·g/(|g| + ε).
    #expect(abs(layer.weight.scalar - (2 * (1 - 0.001) - 0.01 * 0.5 / (0.5 + 1e-8))) < 1e-15)
  }

  @Test func clippingByGlobalNorm() {
    var (_, gradient) = fixture()
    // ‖(0.5, −1)‖ = √1.25.
    let before = gradient.clipByGlobalNorm(0.5)
    #expect(abs(before - 1.25.squareRoot()) < 1e-15)
    #expect(abs(gradient.globalNorm - 0.5) < 1e-15)
    #expect(abs(gradient.weight.scalar / gradient.bias.scalar + 0.5) < 1e-15)  // direction kept
    let unchanged = gradient.clipByGlobalNorm(10)
    #expect(abs(unchanged - 0.5) < 1e-15)
  }

  @Test func learningRateSchedules() {
    #expect(ConstantSchedule(0.1).learningRate(at: 500) == 0.1)
    let step = StepSchedule(initial: 1, interval: 10, factor: 0.5)
    #expect(step.learningRate(at: 9) == 1 && step.learningRate(at: 10) == 0.5 && step.learningRate(at: 25) == 0.25)
    let cosine = CosineSchedule(initial: 1, final: 0.1, steps: 100)
    #expect(cosine.learningRate(at: 0) == 1)
    #expect(abs(cosine.learningRate(at: 50) - 0.55) < 1e-12)
    #expect(abs(cosine.learningRate(at: 100) - 0.1) < 1e-12)
    #expect(abs(cosine.learningRate(at: 1000) - 0.1) < 1e-12)
    let warm = WarmupSchedule(steps: 4, then: cosine)
    #expect(warm.learningRate(at: 0) == 0.25 && warm.learningRate(at: 3) == 1)
    #expect(warm.learningRate(at: 54) == cosine.learningRate(at: 50))
  }

  /// Every optimizer fits y = 3x₁ − 2x₂ + 0.5 with a linear layer.
  @Test func optimizersConvergeOnLeastSquares() {
    var generator = SeededGenerator(seed: 50)
    let x = Tensor<Double>(randomNormal: [64, 2], using: &generator)
    let y = matmul(x, Tensor(rows: [[3], [-2]])) + 0.5
    func fit<O: Optimizer>(_ optimizer: O, steps: Int) -> Dense<Double> where O.Scalar == Double {
      var optimizer = optimizer
      var model = Dense<Double>(weight: Tensor(zeros: [1, 2]), bias: Tensor(zeros: [1]))
      for _ in 0..<steps {
        let g = gradient(at: model) { m in (m(x) - y).squared().mean() }
        optimizer.update(&model, along: g)
      }
      return model
    }
    for model in [
      fit(SGD(learningRate: 0.1), steps: 300),
      fit(SGD(learningRate: 0.05, momentum: 0.9), steps: 300),
      fit(Adam(learningRate: 0.05), steps: 800),
      fit(AdamW(learningRate: 0.05, weightDecay: 0), steps: 800),
    ] {
      #expect(abs(model.weight.scalars[0] - 3) < 1e-3)
      #expect(abs(model.weight.scalars[1] + 2) < 1e-3)
      #expect(abs(model.bias.scalar - 0.5) < 1e-3)
    }
  }
}
