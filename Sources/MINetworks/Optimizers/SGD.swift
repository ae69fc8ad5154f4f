import MITensor
import _Differentiation

/// Stochastic gradient descent with optional momentum and weight decay, as PyTorch's
/// `torch.optim.SGD`: g ← ∇ + λθ; b ← μb + g (b = g on the first step);
/// θ ← θ − η·(g + μb) with Nesterov momentum, θ ← θ − η·b otherwise.
public struct SGD<Scalar: TensorScalar>: Optimizer {
  public var learningRate: Scalar
  /// μ, the momentum coefficient (0: plain SGD).
  public var momentum: Scalar
  /// λ, the L2 penalty added to the gradient.
  public var weightDecay: Scalar
  /// Whether to use Nesterov's look-ahead form.
  public var nesterov: Bool
  private var velocities: [Tensor<Scalar>] = []

  public init(learningRate: Scalar = 0.01, momentum: Scalar = 0, weightDecay: Scalar = 0, nesterov: Bool = false) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  public mutating func update<Model: Trainable>(_ model: inout Model, along gradient: Model.TangentVector)
  where Model.Scalar == Scalar {
    let firstStep = velocities.isEmpty
    if firstStep { velocities = ParameterUpdate.zeroState(for: model) }
    let (eta, mu, lambda, nesterov) = (learningRate, momentum, weightDecay, self.nesterov)
    ParameterUpdate.forEach(&model, gradient) { index, parameter, grad in
      Self.step(&parameter, &velocities[index], grad, eta: eta, mu: mu, lambda: lambda, nesterov: nesterov, firstStep: firstStep)
    }
  }

  /// The elementwise update of one parameter (specialized for Float: the hot loop).
  @_specialize(where Scalar == Float)
  static func step(
    _ parameter: inout Tensor<Scalar>, _ velocity: inout Tensor<Scalar>, _ grad: Tensor<Scalar>,
    eta: Scalar, mu: Scalar, lambda: Scalar, nesterov: Bool, firstStep: Bool
  ) {
    velocity.withUnsafeMutableScalars { b in
      parameter.withUnsafeMutableScalars { theta in
        grad.withUnsafeScalars { g in
          for i in theta.indices {
            let gi = g[i] + lambda * theta[i]
            if mu == 0 {
              theta[i] -= eta * gi
              continue
            }
            b[i] = firstStep ? gi : mu * b[i] + gi
            theta[i] -= eta * (nesterov ? gi + mu * b[i] : b[i])
          }
        }
      }
    }
  }
}
