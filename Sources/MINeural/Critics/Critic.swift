import MINetworks
import MITensor
import _Differentiation

/// A learned function f(x, y) evaluated on a batch: `scores(x, y)[i][j] = f(xᵢ, yⱼ)`.
///
/// Rows of x and y with the same index are samples of the joint distribution p(x, y)
/// (the diagonal of the K×K score matrix); the other pairs stand for the product of the
/// marginals p(x)p(y). Every MI bound in `MINeural` is a reduction of this matrix, so any
/// critic works with any bound.
public protocol Critic: Trainable {
  /// The K×K score matrix of a batch of K pairs.
  @differentiable(reverse)
  func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar>

  /// Work before each training step outside differentiation, such as one power iteration
  /// of spectral normalization. The default does nothing.
  mutating func prepareForStep()
  /// f(xᵢ, yⱼ) for every row of x (B of them) against every row of y (E of them), a B×E
  /// matrix, outside differentiation: how a trained critic is evaluated on held-out data.
  /// The default is `scores(x, y)`; a critic that samples negatives in training scores all
  /// pairs here.
  func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar>
}

extension Critic {
  public mutating func prepareForStep() {}
  public func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> { scores(x, y) }
}
