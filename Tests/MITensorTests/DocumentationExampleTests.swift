import MINumerics
import MITensor
import Testing
import _Differentiation

/// The snippets of docs/TensorEngine.md, as written.
@Suite struct DocumentationExampleTests {
  @Test func tensorsSnippet() {
    var generator = SeededGenerator(seed: 7)
    let a = Tensor<Float>(randomNormal: [256, 20], using: &generator)
    let u = Tensor<Float>(randomUniform: [3], lower: -1, upper: 1, using: &generator)
    let m = Tensor<Double>(rows: [[1, 2], [3, 4]])
    let z = Tensor<Float>(zeros: [4, 4]), i = Tensor<Float>(identity: 4), s = Tensor<Float>(2.5)
    let (shuffled, permutation) = a.shufflingRows(using: &generator)
    #expect(m.shape == [2, 2] && m.scalars[3] == 4 && m[1, 0] == 3 && s.scalar == 2.5)
    #expect(u.scalarCount == 3 && z.scalarCount == 16 && i.diagonal().sum().scalar == 4)
    #expect(shuffled.shape == a.shape && permutation.count == 256)
  }

  @Test func differentiationSnippet() {
    let w = Tensor<Double>(rows: [[0.5, -1], [2, 0.1]])
    let x = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
    let (loss, dw) = valueWithGradient(at: w) { w in matmul(x, w).tanh().squared().mean() }
    #expect(loss.scalar > 0 && dw.shape == [2, 2])
    let c = Tensor<Double>([1, -2]).cubed()
    #expect(c.scalars == [1, -8])
    #expect(gradient(at: Tensor<Float>([1])) { mySoftsign($0).sum() }.scalars == [0.25])
  }
}

extension Tensor {
  @differentiable(reverse)
  public func cubed() -> Tensor { self * self * self }  // composition: automatic
}

@differentiable(reverse)
func mySoftsign(_ x: Tensor<Float>) -> Tensor<Float> { x / (x.magnitude() + 1) }
