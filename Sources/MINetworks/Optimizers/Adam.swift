import MITensor
import _Differentiation

/// Adam (Kingma & Ba, ICLR 2015), as PyTorch's `torch.optim.Adam`:
/// g ← ∇ + λθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − η·m̂ / (√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
public struct Adam<Scalar: TensorScalar>: Optimizer {
  public var learningRate: Scalar
  /// β₁, the decay of the first-moment estimate.
  public var beta1: Scalar
  /// β₂, the decay of the second-moment estimate.
  public var beta2: Scalar
  /// ε, added to √v̂ for stability.
  public var epsilon: Scalar
  /// λ, an L2 penalty added to the gradient (coupled; see `AdamW` for the decoupled form).
  public var weightDecay: Scalar
  var moments = AdamMoments<Scalar>()

  public init(
    learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
    weightDecay: Scalar = 0
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// The number of updates applied so far.
  public var step: Int { moments.step }

  public mutating func update<Model: Trainable>(_ model: inout Model, along gradient: Model.TangentVector)
  where Model.Scalar == Scalar {
    moments.update(
      &model, gradient, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      coupledDecay: weightDecay, decoupledDecay: 0)
  }
}

/// AdamW (Loshchilov & Hutter, ICLR 2019), as PyTorch's `torch.optim.AdamW`: Adam on the
/// raw gradient, with the weight decay applied to the parameters directly,
/// θ ← θ(1 − ηλ) before the Adam step, so it is not rescaled by √v̂.
public struct AdamW<Scalar: TensorScalar>: Optimizer {
  public var learningRate: Scalar
  public var beta1: Scalar
  public var beta2: Scalar
  public var epsilon: Scalar
  /// λ, the decoupled decay rate (PyTorch's default 0.01).
  public var weightDecay: Scalar
  var moments = AdamMoments<Scalar>()

  public init(
    learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
    weightDecay: Scalar = 0.01
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// The number of updates applied so far.
  public var step: Int { moments.step }

  public mutating func update<Model: Trainable>(_ model: inout Model, along gradient: Model.TangentVector)
  where Model.Scalar == Scalar {
    moments.update(
      &model, gradient, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      coupledDecay: 0, decoupledDecay: weightDecay)
  }
}

/// The moment estimates and step count shared by Adam and AdamW.
struct AdamMoments<Scalar: TensorScalar> {
  var first: [Tensor<Scalar>] = []
  var second: [Tensor<Scalar>] = []
  var step = 0

  mutating func update<Model: Trainable>(
    _ model: inout Model, _ gradient: Model.TangentVector, learningRate eta: Scalar, beta1: Scalar,
    beta2: Scalar, epsilon: Scalar, coupledDecay: Scalar, decoupledDecay: Scalar
  ) where Model.Scalar == Scalar {
    if first.isEmpty {
      first = ParameterUpdate.zeroState(for: model)
      second = first
    }
    step += 1
    let correction1 = 1 - pow(beta1, step)
    let correction2 = 1 - pow(beta2, step)
    let stepSize = eta / correction1
    let shrink = 1 - eta * decoupledDecay
    ParameterUpdate.forEach(&model, gradient) { index, parameter, grad in
      Self.step(
        &parameter, &first[index], &second[index], grad, stepSize: stepSize, beta1: beta1, beta2: beta2,
        correction2: correction2, epsilon: epsilon, coupledDecay: coupledDecay, shrink: shrink)
    }
  }

  /// The elementwise Adam update of one parameter (specialized for Float: the hot loop).
  @_specialize(where Scalar == Float)
  static func step(
    _ parameter: inout Tensor<Scalar>, _ first: inout Tensor<Scalar>, _ second: inout Tensor<Scalar>,
    _ grad: Tensor<Scalar>, stepSize: Scalar, beta1: Scalar, beta2: Scalar, correction2: Scalar,
    epsilon: Scalar, coupledDecay: Scalar, shrink: Scalar
  ) {
    first.withUnsafeMutableScalars { m in
      second.withUnsafeMutableScalars { v in
        parameter.withUnsafeMutableScalars { theta in
          grad.withUnsafeScalars { g in
            guard let t = theta.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress, let gp = g.baseAddress
            else { return }
            Scalar.adamStep(
              t, mp, vp, gp, count: theta.count, stepSize: stepSize, beta1: beta1, beta2: beta2,
              correction2: correction2, epsilon: epsilon, coupled: coupledDecay, shrink: shrink)
          }
        }
      }
    }
  }

  private func pow(_ base: Scalar, _ exponent: Int) -> Scalar {
    var result: Scalar = 1
    for _ in 0..<exponent { result *= base }
    return result
  }
}
