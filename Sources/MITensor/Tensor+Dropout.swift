import MINumerics
import _Differentiation

extension Tensor {
  /// Inverted dropout (Srivastava et al. 2014): each scalar is zeroed with probability p
  /// and the survivors are scaled by 1/(1 − p), so the expectation is unchanged and no
  /// rescaling is needed at evaluation. The mask is drawn from `seed`, so a step
  /// reproduces exactly; use a different seed per step.
  @differentiable(reverse, wrt: self)
  @_specialize(where Scalar == Float)
  public func droppingOut(probability p: Double, seed: UInt64) -> Tensor {
    guard p >= 0 && p < 1 else { shapeFailure("droppingOut(probability:seed:)", "probability \(p) must be in [0, 1)") }
    return self * Self.dropoutMask(shape: shape, probability: p, seed: seed)
  }

  /// The scaled keep-mask: 1/(1 − p) where kept, 0 where dropped.
  static func dropoutMask(shape: TensorShape, probability p: Double, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let scale = Scalar(1 / (1 - p))
    return Tensor(shape: shape, scalars: (0..<shape.count).map { _ in generator.uniform() < p ? 0 : scale })
  }
}
