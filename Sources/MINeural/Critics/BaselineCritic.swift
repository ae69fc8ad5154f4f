import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A critic with a learned log-baseline: f(x, y) − b(y), with b an MLP on y. This is the
/// parametrization of TUBA (Poole et al. 2019, Eq. 6): with a(y) = e^{b(y)}, the TUBA
/// bound of f equals the NWJ-form bound 1 + E_p[g] − E_q[e^g] of g = f − b, exactly on a
/// batch whose negatives use the same y's as its positives. The optimal baseline is
/// b*(y) = log E_{p(x)}[e^{f(x,y)}], which removes the y-dependent part of the
/// variance of E_q[e^f].
public struct BaselineCritic<Inner: Critic>: Critic {
  public typealias Scalar = Inner.Scalar
  /// The critic f.
  public var inner: Inner
  /// b(y), dy → … → 1.
  public var baseline: MLP<Scalar>

  /// Creates the critic; `baseline` must map y to one value.
  public init(inner: Inner, baseline: MLP<Scalar>) {
    guard baseline.widths.last == 1 else { fatalError("BaselineCritic: the baseline must output 1 value, got \(baseline.widths)") }
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

  /// f(xᵢ, yⱼ) − b(yⱼ).
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: y.shape[0])
    return inner.scores(x, y) - baseline(y).reshaped(to: [k])
  }

  /// Prepares the inner critic.
  public mutating func prepareForStep() { inner.prepareForStep() }
  /// The inner critic's pairs, less b(yⱼ).
  public func allPairScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    inner.allPairScores(x, y) - baseline(y).reshaped(to: [y.shape[0]])
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    inner.visitParameters(prefix: Self.qualified(prefix, "inner"), visitor)
    baseline.visitParameters(prefix: Self.qualified(prefix, "baseline"), visitor)
  }
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
