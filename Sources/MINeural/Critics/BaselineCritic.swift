import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A critic with a learned log-baseline b(y), an MLP on y, in one of two arrangements:
///
/// - `.subtracted`: scores f(x, y) − b(y), the parametrization of TUBA (Poole et al. 2019,
///   Eq. 6). With a(y) = e^{b(y)}, the TUBA bound of f equals the NWJ-form bound
///   1 + E_p[g] − E_q[e^g] of g = f − b, exactly on a batch whose negatives use the same y's
///   as its positives. The optimal baseline is b*(y) = log E_{p(x)}[e^{f(x,y)}], which removes
///   the y-dependent part of the variance of E_q[e^f]. Layouts `.baselinedAllPairs` and
///   `.baselinedPositivesFirst`.
/// - `.appendedRow`: the inner critic's K×K matrix with the row b(y₁), …, b(y_K) appended,
///   (K + 1)×K, for the interpolated α-InfoNCE bound (`InterpolatedInfoNCE`), which reads
///   both parts. Layout `.withBaselineRow`; it cannot score sampled negatives.
public struct BaselineCritic<Inner: Critic>: Critic {
  public typealias Scalar = Inner.Scalar
  /// How the baseline enters the scores.
  public typealias Arrangement = BaselineArrangement

  /// The critic f.
  public var inner: Inner
  /// b(y), dy → … → 1.
  public var baseline: MLP<Scalar>
  /// How the baseline enters the scores.
  @noDerivative public var arrangement: Arrangement

  /// Creates the critic; `baseline` must map y to one value.
  public init(inner: Inner, baseline: MLP<Scalar>, arrangement: Arrangement = .subtracted) {
    guard baseline.widths.last == 1 else {
      ContractViolation.trap("BaselineCritic: the baseline must output 1 value, got \(baseline.widths)")
    }
    self.inner = inner
    self.baseline = baseline
    self.arrangement = arrangement
  }

  /// Creates the critic with a baseline MLP dy → hidden… → 1, initialized from `generator`.
  public init(
    inner: Inner, yDimension: Int, hidden: [Int] = [64], activation: Activation = .relu, arrangement: Arrangement = .subtracted,
    using generator: inout SeededGenerator
  ) {
    self.init(
      inner: inner,
      baseline: MLP(widths: [yDimension] + hidden + [1], activation: activation, initialization: .uniformFanIn, using: &generator),
      arrangement: arrangement)
  }

  public var squareLayout: ScoreLayout { arrangement == .subtracted ? .baselinedAllPairs : .withBaselineRow }
  public var sampledLayout: ScoreLayout? { arrangement == .subtracted ? .baselinedPositivesFirst : nil }

  /// f(xᵢ, yⱼ) − b(yⱼ), K×K, or [f(xᵢ, yⱼ); b(yⱼ)], (K + 1)×K.
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: y.shape[0])
    if arrangement == .subtracted { return inner.scores(x, y) - baseline(y).reshaped(to: [k]) }
    return inner.scores(x, y).concatenated(with: baseline(y).reshaped(to: [1, k]), alongAxis: 0)
  }

  /// Prepares the inner critic.
  public mutating func prepareForStep() { inner.prepareForStep() }
  /// The inner critic's pairs, less b(yⱼ) (`.subtracted`), or without the baseline row
  /// (`.appendedRow`, whose bound is evaluated on square batches through `scores`).
  public func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    if arrangement == .appendedRow { return inner.allPairScores(x, y) }
    return inner.allPairScores(x, y) - baseline(y).reshaped(to: [y.shape[0]])
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    inner.visitParameters(prefix: Self.qualified(prefix, "inner"), visitor)
    baseline.visitParameters(prefix: Self.qualified(prefix, "baseline"), visitor)
  }
}

/// How a `BaselineCritic`'s baseline b(y) enters its scores.
public enum BaselineArrangement: String, Sendable {
  /// f(xᵢ, yⱼ) − b(yⱼ) (TUBA).
  case subtracted
  /// [f(xᵢ, yⱼ); b(yⱼ)], the baseline as an extra row (α-InfoNCE).
  case appendedRow
}

extension BaselineCritic {
  /// The gradient of a baselined critic.
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
      inner.visitParameters(prefix: BaselineCritic.qualified(prefix, "inner"), visitor)
      baseline.visitParameters(prefix: BaselineCritic.qualified(prefix, "baseline"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    inner.move(by: offset.inner)
    baseline.move(by: offset.baseline)
  }
}
