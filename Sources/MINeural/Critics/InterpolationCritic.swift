import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A critic together with a learned log-baseline log q(y) = b(y), for the interpolated
/// α-InfoNCE bound: its "scores" are (K + 1)×K, the inner critic's K×K matrix with the row
/// b(y₁), …, b(y_K) appended. `InterpolatedInfoNCE` reads both parts.
public struct InterpolationCritic<Inner: Critic>: Critic {
  public typealias Scalar = Inner.Scalar
  /// The critic f.
  public var inner: Inner
  /// b(y), dy → … → 1.
  public var baseline: MLP<Scalar>

  /// Creates the critic; `baseline` must map y to one value.
  public init(inner: Inner, baseline: MLP<Scalar>) {
    guard baseline.widths.last == 1 else {
      fatalError("InterpolationCritic: the baseline must output 1 value, got \(baseline.widths)")
    }
    self.inner = inner
    self.baseline = baseline
  }

  /// Creates the critic with a baseline MLP dy → hidden… → 1, initialized from `generator`.
  public init(
    inner: Inner, yDimension: Int, hidden: [Int] = [64], activation: Activation = .relu,
    using generator: inout SeededGenerator
  ) {
    self.init(inner: inner, baseline: MLP(widths: [yDimension] + hidden + [1], activation: activation, initialization: .uniformFanIn, using: &generator))
  }

  /// [f(xᵢ, yⱼ); b(yⱼ)], (K + 1)×K.
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: y.shape[0])
    return inner.scores(x, y).concatenated(with: baseline(y).reshaped(to: [1, k]), alongAxis: 0)
  }

  /// Prepares the inner critic.
  public mutating func prepareForStep() { inner.prepareForStep() }
  /// The inner critic's f(xᵢ, yⱼ), B×E, without the baseline row (α-InfoNCE itself is
  /// evaluated on square batches through `scores`).
  public func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> { inner.allPairScores(x, y) }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    inner.visitParameters(prefix: Self.qualified(prefix, "inner"), visitor)
    baseline.visitParameters(prefix: Self.qualified(prefix, "baseline"), visitor)
  }
}

extension InterpolationCritic {
  /// The gradient of an interpolation critic.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂f.
    public var inner: Inner.TangentVector
    /// ∂/∂b.
    public var baseline: MLP<Scalar>.TangentVector

    /// Creates a gradient from its parts.
    public init(inner: Inner.TangentVector, baseline: MLP<Scalar>.TangentVector) {
      self.inner = inner
      self.baseline = baseline
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      inner.visitParameters(prefix: InterpolationCritic.qualified(prefix, "inner"), visitor)
      baseline.visitParameters(prefix: InterpolationCritic.qualified(prefix, "baseline"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    inner.move(by: offset.inner)
    baseline.move(by: offset.baseline)
  }
}
