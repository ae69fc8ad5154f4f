import MITensor
import _Differentiation
import MINumerics

/// Updates a model's parameters from their gradient, keeping per-parameter state
/// (momentum, moment estimates) between steps.
///
/// Optimizers are values: copying one copies its state. The state is created at the
/// first update, for the parameters in the model's visiting order, and later updates must
/// use a model with the same parameter shapes.
public protocol Optimizer {
  /// The scalar type of the parameters.
  associatedtype Scalar: TensorScalar

  /// The step size; set it each step from a `LearningRateSchedule` to follow one.
  var learningRate: Scalar { get set }

  /// Applies one update: each parameter moves against its gradient.
  mutating func update<Model: Trainable>(_ model: inout Model, along gradient: Model.TangentVector)
  where Model.Scalar == Scalar
}

/// Pairs each parameter with its gradient and index, for optimizers' update loops.
enum ParameterUpdate {
  /// Calls `body(index, parameter, gradient)` for every parameter of `model`; gradients that
  /// are the shape-less zero (the parameter took no part in the loss) are skipped.
  static func forEach<Model: Trainable>(
    _ model: inout Model, _ gradient: Model.TangentVector,
    _ body: (Int, inout Tensor<Model.Scalar>, Tensor<Model.Scalar>) -> Void
  ) {
    var gradients: [Tensor<Model.Scalar>] = []
    var copy = gradient
    copy.visitParameters(prefix: "") { _, tensor in gradients.append(tensor) }
    var index = 0
    model.visitParameters(prefix: "") { name, parameter in
      defer { index += 1 }
      guard index < gradients.count, !gradients[index].isShapelessZero else { return }
      guard gradients[index].shape == parameter.shape else {
        ContractViolation.trap("optimizer: gradient of \(name) has shape \(gradients[index].shape), the parameter \(parameter.shape)")
      }
      body(index, &parameter, gradients[index])
    }
  }

  /// Creates zero state tensors shaped like the model's parameters.
  static func zeroState<Model: Trainable>(for model: Model) -> [Tensor<Model.Scalar>] {
    model.namedParameters.map { Tensor(zeros: $0.tensor.shape) }
  }
}
