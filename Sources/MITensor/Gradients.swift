import _Differentiation

// Differentiating a scalar loss that is a rank-0 tensor. The standard library's
// `valueWithGradient` wants a floating-point result; these seed the pullback with a
// tensor 1 instead.

/// The value of `f` at `x` and its gradient with respect to `x`. `f` must return a tensor
/// with one element (a loss).
public func valueWithGradient<T: Differentiable, Scalar: TensorScalar>(
  at x: T, of f: @differentiable(reverse) (T) -> Tensor<Scalar>
) -> (value: Tensor<Scalar>, gradient: T.TangentVector) {
  let (value, pullback) = valueWithPullback(at: x, of: f)
  return (value, pullback(unitSeed(for: value, "valueWithGradient(at:of:)")))
}

/// The value of `f` at `(x, y)` and its gradients with respect to both.
public func valueWithGradient<T: Differentiable, U: Differentiable, Scalar: TensorScalar>(
  at x: T, _ y: U, of f: @differentiable(reverse) (T, U) -> Tensor<Scalar>
) -> (value: Tensor<Scalar>, gradient: (T.TangentVector, U.TangentVector)) {
  let (value, pullback) = valueWithPullback(at: x, y, of: f)
  return (value, pullback(unitSeed(for: value, "valueWithGradient(at:_:of:)")))
}

/// The gradient of `f` at `x`.
public func gradient<T: Differentiable, Scalar: TensorScalar>(
  at x: T, of f: @differentiable(reverse) (T) -> Tensor<Scalar>
) -> T.TangentVector {
  valueWithGradient(at: x, of: f).gradient
}

/// The gradients of `f` at `(x, y)`.
public func gradient<T: Differentiable, U: Differentiable, Scalar: TensorScalar>(
  at x: T, _ y: U, of f: @differentiable(reverse) (T, U) -> Tensor<Scalar>
) -> (T.TangentVector, U.TangentVector) {
  valueWithGradient(at: x, y, of: f).gradient
}

/// A tensor of ones shaped like the loss `value`, which must have one element.
private func unitSeed<Scalar: TensorScalar>(for value: Tensor<Scalar>, _ operation: String) -> Tensor<Scalar> {
  guard value.scalarCount == 1 else {
    shapeFailure(operation, "the function must return one scalar (a loss), got shape \(value.shape)")
  }
  return Tensor(ones: value.shape)
}
