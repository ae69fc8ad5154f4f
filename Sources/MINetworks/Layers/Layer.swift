import MITensor
import _Differentiation

/// A differentiable value with named parameters whose gradient (its `TangentVector`) names
/// the same tensors: what an optimizer can update. Layers, critics and variational
/// distributions are `Trainable`.
public protocol Trainable: Differentiable, ParameterContainer
where TangentVector: ParameterContainer, TangentVector.Scalar == Scalar {}

/// A differentiable function with trainable parameters: the building block of critics
/// and encoders.
///
/// A layer is a value; its parameters are stored properties, its gradient is its
/// `TangentVector`, and optimizers update it through `ParameterContainer`.
public protocol Layer: Trainable {
  /// Applies the layer to a batch (rows are examples). Differentiable with respect to the
  /// parameters and the input, and with respect to the parameters alone (an input that is
  /// data: a layer may then skip the input's gradient).
  @differentiable(reverse)
  @differentiable(reverse, wrt: self)
  func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}
