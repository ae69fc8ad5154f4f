import MINumerics
import MITensor
import _Differentiation

/// Self-augmented training (SAT; Hu et al., ICML 2017, "Learning discrete representations
/// via information maximizing self-augmented training", IMSAT): a penalty that keeps a
/// classifier's prediction on an augmented input T(x) close to its prediction on x,
///
///     R = (1/K) Σᵢ KL(pᵢ ‖ qᵢ),   pᵢ = softmax(f(xᵢ)) held fixed,  qᵢ = softmax(f(T(xᵢ))),
///
/// in nats, added with weight μ to the loss of information maximization (IM + μ·R is IMSAT's
/// objective). The augmentation says which changes of the input must not change the cluster
/// (for images: small shifts and pixel noise), which IM alone cannot know.
///
/// - Range: R ≥ 0, 0 when the predictions do not move under T.
/// - Bias: R favours predictions that ignore what T changes; a T that changes the class (too
///   large a shift) teaches the model to ignore the class.
public struct SelfAugmentation: Sendable {
  /// μ, the weight of the penalty in the loss.
  public let weight: Double
  /// T: a K×d batch and a seed → the K×d augmented batch (the seed changes at every step).
  public let transform: @Sendable (_ x: Tensor<Float>, _ seed: UInt64) -> Tensor<Float>

  /// Creates the penalty; `weight` μ must be a finite number ≥ 0.
  public init(weight: Double = 1, _ transform: @escaping @Sendable (_ x: Tensor<Float>, _ seed: UInt64) -> Tensor<Float>) {
    guard weight >= 0, weight.isFinite else {
      ContractViolation.trap("SelfAugmentation: the weight μ must be a finite number ≥ 0, got \(weight)")
    }
    self.weight = weight
    self.transform = transform
  }

  /// T(x), checked to keep x's shape.
  func augment(_ x: Tensor<Float>, seed: UInt64) -> Tensor<Float> {
    let view = transform(x, seed)
    guard view.shape == x.shape else {
      ContractViolation.trap("SelfAugmentation: the transform returned shape \(view.shape) for a batch of shape \(x.shape); it must keep the shape")
    }
    return view
  }

  /// (1/K) Σᵢ KL(pᵢ ‖ qᵢ) of the K×C `logits` of the inputs (their softmax held fixed) and
  /// the `augmentedLogits` of their augmentations. No gradient flows into `logits`.
  @differentiable(reverse)
  public static func divergence<Scalar: TensorScalar>(_ logits: Tensor<Scalar>, _ augmentedLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    let logP = withoutDerivative(at: logits.logSoftmax(alongAxis: 1))
    let p = withoutDerivative(at: logP.exp())
    let k = withoutDerivative(at: logits.shape[0])
    return (p * (logP - augmentedLogits.logSoftmax(alongAxis: 1))).sum() / Scalar(k)
  }
}
