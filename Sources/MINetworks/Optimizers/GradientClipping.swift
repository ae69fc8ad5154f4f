import MITensor
import _Differentiation

extension ParameterContainer {
  /// The Euclidean norm of all tensors taken together, √(Σ‖gᵢ‖²).
  public var globalNorm: Scalar {
    var total: Scalar = 0
    for (_, tensor) in namedParameters where !tensor.isShapelessZero {
      tensor.withUnsafeScalars { s in for value in s { total += value * value } }
    }
    return total.squareRoot()
  }

  /// Scales all tensors by maxNorm / ‖g‖ when the global norm ‖g‖ exceeds `maxNorm` (as
  /// PyTorch's `clip_grad_norm_`), keeping the gradient's direction. Returns the norm
  /// before clipping (log it: a growing norm is the first sign of a diverging critic).
  @discardableResult
  public mutating func clipByGlobalNorm(_ maxNorm: Scalar) -> Scalar {
    let norm = globalNorm
    guard norm > maxNorm, norm > 0 else { return norm }
    let scale = maxNorm / norm
    visitParameters(prefix: "") { _, tensor in
      guard !tensor.isShapelessZero else { return }
      tensor.withUnsafeMutableScalars { s in for i in s.indices { s[i] *= scale } }
    }
    return norm
  }
}
