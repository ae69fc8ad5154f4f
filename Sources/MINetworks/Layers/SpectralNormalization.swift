import MINumerics
import MITensor
import _Differentiation

/// The state of spectral normalization for one weight matrix (Miyato et al., "Spectral
/// Normalization for Generative Adversarial Networks", ICLR 2018).
///
/// W is replaced by W / σ(W), where σ = uᵀWv estimates the largest singular value from
/// left and right singular-vector estimates u and v kept between steps and refined by
/// power iteration (v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖). As in the paper and PyTorch, u and v are
/// constants for differentiation, and the gradient flows through σ = uᵀWv.
/// Used for Lipschitz critics (the Wasserstein dependency measure).
public struct SpectralNormalization<Scalar: TensorScalar>: Sendable {
  /// The left singular-vector estimate, [1, outputs].
  public private(set) var u: Tensor<Scalar>
  /// The right singular-vector estimate, [inputs, 1].
  public private(set) var v: Tensor<Scalar>

  /// Starts from random unit vectors.
  public init(outputs: Int, inputs: Int, using generator: inout SeededGenerator) {
    u = Tensor<Scalar>(randomNormal: [1, outputs], using: &generator).l2NormalizedRows()
    v = Tensor<Scalar>(randomNormal: [1, inputs], using: &generator).l2NormalizedRows().reshaped(to: [inputs, 1])
  }

  /// σ(W) = uᵀWv with the current estimates.
  public func singularValue(of weight: Tensor<Scalar>) -> Scalar {
    matmul(u, matmul(weight, v)).scalar
  }

  /// W / uᵀWv.
  @differentiable(reverse, wrt: weight)
  public func normalize(_ weight: Tensor<Scalar>) -> Tensor<Scalar> {
    let (u, v) = (withoutDerivative(at: self.u), withoutDerivative(at: self.v))
    let sigma = matmul(u, matmul(weight, v))  // [1, 1]
    return weight / sigma
  }

  /// Refines u and v by `iterations` steps of power iteration on `weight`.
  public mutating func powerIterate(_ weight: Tensor<Scalar>, iterations: Int = 1) {
    let (outputs, inputs) = (weight.shape[0], weight.shape[1])
    for _ in 0..<max(iterations, 0) {
      v = matmul(u, weight).l2NormalizedRows().reshaped(to: [inputs, 1])  // (Wᵀu)ᵀ
      u = matmul(weight, v).reshaped(to: [1, outputs]).l2NormalizedRows()
    }
  }
}
