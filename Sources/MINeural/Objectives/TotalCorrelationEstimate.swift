import Foundation
import MINumerics
import MITensor
import _Differentiation

/// The total correlation of a stochastic representation, TC(z) = KL(q(z) ‖ Πⱼ q(zⱼ)) =
/// E_q[log q(z) − Σⱼ log q(zⱼ)] in nats, estimated from a batch (TC; β-TCVAE, Chen et al.,
/// NeurIPS 2018, "Isolating sources of disentanglement in VAEs"; the catalog's DTS).
///
/// The encoder gives each of K inputs a Gaussian q(z|xₖ) = N(μₖ, diag e^{vₖ}) and one sample
/// zᵢ ~ q(z|xᵢ). The aggregate posterior q(z) = E_x q(z|x) is replaced by the batch's mixture,
///
///     log q(zᵢ)  ≈ log Σₖ q(zᵢ|xₖ) − log(K·w),     log q(zᵢⱼ) ≈ log Σₖ q(zᵢⱼ|xₖ) − log(K·w),
///
/// with w = 1 (`datasetSize` nil: the batch stands for the data; the estimate converges to
/// the TC of the aggregate posterior as K grows) or w = N, the data set's size, which is
/// Chen et al.'s minibatch-weighted sampling (MWS) exactly: it adds the constant
/// (d − 1)·log N, which leaves gradients unchanged but not the value.
///
/// - Bias: the self term k = i raises log q(zᵢ) more than the one-dimensional marginals, by
///   O(1/K) of the mixture, so small batches overstate TC.
/// - Differentiable in z, μ and v, so a VAE adds β·TC to its loss (β-TCVAE).
public enum TotalCorrelationEstimate {
  /// The estimate from K samples `z` of q(z|xᵢ), and the K means and log-variances of q(z|xₖ)
  /// (all K×d); `datasetSize` N gives MWS's weighting.
  @differentiable(reverse, wrt: (z, mean, logVariance))
  public static func minibatch<Scalar: TensorScalar>(
    z: Tensor<Scalar>, mean: Tensor<Scalar>, logVariance: Tensor<Scalar>, datasetSize: Int? = nil
  ) -> Tensor<Scalar> {
    let (k, d) = withoutDerivative(at: check(z, mean, logVariance, datasetSize))
    let normalizer = Scalar(Foundation.log(Double(k) * Double(datasetSize ?? 1)))
    let precision = (-logVariance).exp()
    var joint = Tensor<Scalar>(zeros: [k, k])
    var marginals = Tensor<Scalar>(zeros: [k, 1])
    for c in 0..<d {
      let (zc, mc, pc, vc) = (z.columns(c..<(c + 1)), mean.columns(c..<(c + 1)), precision.columns(c..<(c + 1)), logVariance.columns(c..<(c + 1)))
      // L_c[i][k] = log q(z_ic | x_k) = −½[(z_ic − μ_kc)² P_kc + v_kc + log 2π], from outer products.
      let quadratic = matmul(zc.squared(), pc, transposingB: true) - matmul(zc, mc * pc, transposingB: true) * Scalar(2)
      let rowTerms = ((mc.squared() * pc) + vc).transposed() + Scalar(Foundation.log(2 * Double.pi))
      let logDensities = (quadratic + rowTerms) * Scalar(-0.5)
      joint = joint + logDensities
      marginals = marginals + logDensities.logSumExp(alongAxis: 1)
    }
    let logJoint = joint.logSumExp(alongAxis: 1) - normalizer
    let logProduct = marginals - normalizer * Scalar(d)
    return (logJoint - logProduct).mean()
  }

  /// Checks the shapes and N; returns K and d.
  static func check<Scalar: TensorScalar>(_ z: Tensor<Scalar>, _ mean: Tensor<Scalar>, _ logVariance: Tensor<Scalar>, _ n: Int?) -> (Int, Int) {
    guard z.rank == 2, z.shape[0] >= 2, z.shape[1] >= 2, mean.shape == z.shape, logVariance.shape == z.shape else {
      ContractViolation.trap(
        "TotalCorrelationEstimate: needs K×d samples, means and log-variances of one shape with K ≥ 2 and d ≥ 2, got \(z.shape), \(mean.shape) and \(logVariance.shape)")
    }
    if let n, n < z.shape[0] {
      ContractViolation.trap("TotalCorrelationEstimate: the data set's size \(n) is smaller than the batch of \(z.shape[0])")
    }
    return (z.shape[0], z.shape[1])
  }
}
