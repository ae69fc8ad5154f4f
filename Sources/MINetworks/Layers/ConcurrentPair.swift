import MINumerics
import MITensor
import _Differentiation

/// Two tensors computed together: the result of `applyConcurrently`.
public struct TensorPair<Scalar: TensorScalar>: Differentiable {
  /// The first layer's output.
  public var first: Tensor<Scalar>
  /// The second layer's output.
  public var second: Tensor<Scalar>

  /// Pairs two tensors.
  @differentiable(reverse)
  public init(first: Tensor<Scalar>, second: Tensor<Scalar>) {
    self.first = first
    self.second = second
  }
}

/// Applies two independent layers at the same time, `a` to `x` and `b` to `y`, and
/// differentiates them at the same time: the two towers of a separable critic g(x)ᵀh(y).
///
/// Each tower runs on its own core with single-threaded kernels, so a small batch pays
/// no synchronization inside its matrix products; on one core the towers run in turn.
@differentiable(reverse)
public func applyConcurrently<A: Layer, B: Layer>(
  _ a: A, to x: Tensor<A.Scalar>, _ b: B, to y: Tensor<A.Scalar>
) -> TensorPair<A.Scalar> where B.Scalar == A.Scalar {
  // Two variables, each written by one task.
  var first: Tensor<A.Scalar>?
  var second: Tensor<A.Scalar>?
  parallelTasks(2) { task in
    if task == 0 { first = a(x) } else { second = b(y) }
  }
  return TensorPair(first: first!, second: second!)
}

@derivative(of: applyConcurrently)
public func _vjpApplyConcurrently<A: Layer, B: Layer>(
  _ a: A, to x: Tensor<A.Scalar>, _ b: B, to y: Tensor<A.Scalar>
) -> (
  value: TensorPair<A.Scalar>,
  pullback: (TensorPair<A.Scalar>.TangentVector) -> (A.TangentVector, Tensor<A.Scalar>, B.TangentVector, Tensor<A.Scalar>)
) where B.Scalar == A.Scalar {
  typealias Tower<L: Layer> = (value: Tensor<A.Scalar>, pullback: (Tensor<A.Scalar>) -> (L.TangentVector, Tensor<A.Scalar>))
  var first: Tower<A>?
  var second: Tower<B>?
  parallelTasks(2) { task in
    if task == 0 {
      first = valueWithPullback(at: a, x) { layer, input in layer(input) }
    } else {
      second = valueWithPullback(at: b, y) { layer, input in layer(input) }
    }
  }
  let (towerA, towerB) = (first!, second!)
  return (TensorPair(first: towerA.value, second: towerB.value), { v in
    var gradientA: (A.TangentVector, Tensor<A.Scalar>)?
    var gradientB: (B.TangentVector, Tensor<A.Scalar>)?
    parallelTasks(2) { task in
      if task == 0 { gradientA = towerA.pullback(v.first) } else { gradientB = towerB.pullback(v.second) }
    }
    return (gradientA!.0, gradientA!.1, gradientB!.0, gradientB!.1)
  })
}
