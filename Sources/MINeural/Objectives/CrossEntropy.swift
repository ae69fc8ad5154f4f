import MITensor
import _Differentiation

/// The mean cross-entropy of classifier logits, −(1/K) Σᵢ log softmax(logitsᵢ)[classᵢ] in
/// nats, the classes given as a K×C one-hot constant: the task and adversary losses of the
/// minimization objectives, and the decoder's term of the information bottleneck.
public enum CrossEntropy {
  /// −(1/K) Σᵢ Σ_c oneHot_ic · log softmax(logitsᵢ)_c.
  @differentiable(reverse, wrt: logits)
  public static func mean<Scalar: TensorScalar>(_ logits: Tensor<Scalar>, _ oneHot: Tensor<Scalar>) -> Tensor<Scalar> {
    -(logits.logSoftmax(alongAxis: 1) * oneHot).sum() / Scalar(withoutDerivative(at: logits.shape[0]))
  }
}
