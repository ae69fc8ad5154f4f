import MutualInformation
import _Differentiation

extension Tensor {
  @differentiable(reverse)
  public func cubed() -> Tensor { self * self * self }   // composition: automatic
}

@differentiable(reverse)
func mySoftsign(_ x: Tensor<Float>) -> Tensor<Float> { x / (x.magnitude() + 1) }

print(Tensor<Double>([1, -2]).cubed().scalars)                           // [1.0, -8.0]
print(gradient(at: Tensor<Float>([1])) { mySoftsign($0).sum() }.scalars)  // [0.25]
