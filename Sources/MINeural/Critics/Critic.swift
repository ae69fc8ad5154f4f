import MINetworks
import MITensor
import _Differentiation

/// A learned function f(x, y) evaluated on a batch: `scores(x, y)[i][j] = f(xᵢ, yⱼ)`.
///
/// Rows of x and y with the same index are samples of the joint distribution p(x, y)
/// (the diagonal of the K×K score matrix); the other pairs stand for the product of the
/// marginals p(x)p(y). A critic says in which `ScoreLayout`s its scores come
/// (`squareLayout`, and `sampledLayout` when it can score sampled negatives), and a bound
/// which layouts it reads: `CriticObjective` refuses a pair that does not match.
public protocol Critic: Trainable {
  /// The score matrix of a batch of K pairs, in `squareLayout`.
  @differentiable(reverse)
  func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar>

  /// The K×(1 + m) scores of each row's positive (column 0) and its m negatives, in
  /// `sampledLayout`. The default scores x against every candidate with `scores(x, _:)` and
  /// picks the entries; `JointCritic` evaluates only the K(1 + m) pairs it needs.
  @differentiable(reverse, wrt: (self, x, y))
  func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, negatives: NegativePairs<Scalar>) -> Tensor<Scalar>

  /// The layout of `scores(x, y)`. The default is `.allPairs`.
  var squareLayout: ScoreLayout { get }
  /// The layout of `scores(x, y, negatives:)` and of `allPairScores` rearranged with the
  /// positive first, nil when the critic cannot score sampled negatives. The default is
  /// `.positivesFirst`.
  var sampledLayout: ScoreLayout? { get }

  /// Work before each training step outside differentiation, such as one power iteration
  /// of spectral normalization. The default does nothing.
  mutating func prepareForStep()
  /// f(xᵢ, yⱼ) for every row of x (B of them) against every row of y (E of them), a B×E
  /// matrix, outside differentiation: how a trained critic is evaluated on held-out data.
  /// The default is `scores(x, y)`.
  func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar>
}

extension Critic {
  public mutating func prepareForStep() {}
  public func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> { scores(x, y) }
  public var squareLayout: ScoreLayout { .allPairs }
  public var sampledLayout: ScoreLayout? { .positivesFirst }

  @differentiable(reverse, wrt: (self, x, y))
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, negatives: NegativePairs<Scalar>) -> Tensor<Scalar> {
    let candidates = appendingCandidates(y, negatives)
    let all = scores(x, candidates)
    let (k, c) = withoutDerivative(at: (x.shape[0], candidates.shape[0]))
    let picked = withoutDerivative(at: negatives.flatPositions(columns: c))
    return all.reshaped(to: [k * c, 1]).gatheringRows(at: picked).reshaped(to: [k, 1 + negatives.perRow])
  }
}

/// y followed by the negatives' extra candidates (constants), differentiable in y.
@differentiable(reverse, wrt: y)
func appendingCandidates<Scalar: TensorScalar>(_ y: Tensor<Scalar>, _ negatives: NegativePairs<Scalar>) -> Tensor<Scalar> {
  guard let extra = withoutDerivative(at: negatives.extraCandidates) else { return y }
  return y.concatenated(with: extra, alongAxis: 0)
}
