import MINumerics
import _Differentiation

/// The gradient reversal layer (Ganin & Lempitsky, ICML 2015, "Unsupervised domain
/// adaptation by backpropagation"): the identity going forward, −λ times the incoming
/// gradient going backward,
///
///     R_λ(x) = x,    ∂L/∂x = −λ · ∂L/∂R_λ(x).
///
/// Put it between an encoder and an adversary (a classifier of a sensitive attribute, an MI
/// critic) and one gradient step trains both at once: the adversary descends its loss while
/// the encoder, through R, ascends it, so the representation sheds what the adversary can
/// read. It is not a derivative of any function (R's true derivative is +1), so gradient
/// checks against finite differences do not apply to it; its contract is the pullback above.
/// λ = 0 cuts the encoder off from the adversary (a stop-gradient).
@differentiable(reverse, wrt: x)
public func reversingGradient<Scalar: TensorScalar>(_ x: Tensor<Scalar>, scale: Scalar = 1) -> Tensor<Scalar> {
  guard scale >= 0, scale.isFinite else {
    ContractViolation.trap("reversingGradient(_:scale:): the scale λ must be a finite number ≥ 0, got \(scale)")
  }
  return x
}

@derivative(of: reversingGradient, wrt: x)
@_specialize(where Scalar == Float)
public func _vjpReversingGradient<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, scale: Scalar
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  (reversingGradient(x, scale: scale), { v in v * (-scale) })
}
