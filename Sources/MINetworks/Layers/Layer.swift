import MITensor
import _Differentiation

/// A differentiable function with trainable parameters: the building block of critics
/// and encoders.
///
/// A layer is a value; its parameters are stored properties, its gradient is its
/// `TangentVector`, and optimizers update it through `ParameterContainer`.
public protocol Layer: Differentiable, ParameterContainer
where TangentVector: ParameterContainer, TangentVector.Scalar == Scalar {
  /// Applies the layer to a batch (rows are examples).
  @differentiable(reverse)
  func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}
