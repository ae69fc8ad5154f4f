import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A variational Gaussian q(y|x) = N(μ(x), diag e^{v(x)}) with MLPs for the mean μ and the
/// log-variance v: the variational distribution of CLUB, L1Out and Barber–Agakov.
///
/// As a `Critic`, its "scores" are log-densities: `scores(x, y)[i][j] = log q(yⱼ | xᵢ)`
/// = −½ Σ_c [(y_jc − μ_ic)² e^{−v_ic} + v_ic + log 2π], formed with two K×K matrix
/// products rather than K² separate evaluations. It is fitted by maximum likelihood:
/// minimize `negativeLogLikelihood(x, y)` = −(1/K) Σᵢ log q(yᵢ | xᵢ).
public struct GaussianConditional<Scalar: TensorScalar>: Critic {
  /// μ(x), dx → … → dy.
  public var mean: MLP<Scalar>
  /// v(x) = log σ²(x), dx → … → dy; clamped to [−`logVarianceLimit`, `logVarianceLimit`].
  public var logVariance: MLP<Scalar>
  /// The bound on |v|, which keeps an early, badly fitted q from producing infinite
  /// densities (e^{±12}: standard deviations from 0.0025 to 400 times the data's).
  @noDerivative public var logVarianceLimit: Scalar

  /// Creates q with MLPs dx → hidden… → dy for the mean and the log-variance.
  public init(
    xDimension: Int, yDimension: Int, hidden: [Int] = [256, 256], activation: Activation = .relu,
    logVarianceLimit: Scalar = 12, using generator: inout SeededGenerator
  ) {
    mean = MLP(widths: [xDimension] + hidden + [yDimension], activation: activation, initialization: .uniformFanIn, using: &generator)
    logVariance = MLP(widths: [xDimension] + hidden + [yDimension], activation: activation, initialization: .uniformFanIn, using: &generator)
    self.logVarianceLimit = logVarianceLimit
  }

  /// Its scores are log-densities.
  public var squareLayout: ScoreLayout { .logDensities }
  /// It does not score sampled negatives.
  public var sampledLayout: ScoreLayout? { nil }

  /// The K×K matrix log q(yⱼ | xᵢ).
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let towers = applyConcurrently(mean, to: x, logVariance, to: x)
    let mu = towers.first
    let v = towers.second.clamped(to: -logVarianceLimit, logVarianceLimit)
    let precision = (-v).exp()  // [K, dy]
    let quadratic = matmul(precision, y.squared(), transposingB: true)  // Σ_c P_ic y_jc²
    let cross = matmul(mu * precision, y, transposingB: true)  // Σ_c μ_ic P_ic y_jc
    let dimension = withoutDerivative(at: y.shape[1])
    let constant = Scalar(dimension) * Scalar.log(2 * Scalar.pi)
    let rowTerms = ((mu.squared() * precision) + v).sum(alongAxis: 1) + constant  // [K, 1]
    return (quadratic - cross * Scalar(2) + rowTerms) * Scalar(-0.5)
  }

  /// −(1/K) Σᵢ log q(yᵢ | xᵢ), the loss that fits q (it needs only the K positive pairs).
  @differentiable(reverse)
  public func negativeLogLikelihood(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let mu = mean(x)
    let v = logVariance(x).clamped(to: -logVarianceLimit, logVarianceLimit)
    let dimension = withoutDerivative(at: y.shape[1])
    let squares = (y - mu).squared() * (-v).exp() + v
    return (squares.sum() / Scalar(withoutDerivative(at: y.shape[0])) + Scalar(dimension) * Scalar.log(2 * Scalar.pi)) * Scalar(0.5)
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    mean.visitParameters(prefix: Self.qualified(prefix, "mean"), visitor)
    logVariance.visitParameters(prefix: Self.qualified(prefix, "log_variance"), visitor)
  }
}

extension GaussianConditional {
  /// The gradient of a Gaussian conditional.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂μ-network.
    public var mean: MLP<Scalar>.TangentVector
    /// ∂/∂v-network.
    public var logVariance: MLP<Scalar>.TangentVector

    /// Creates a gradient from its parts.
    public init(mean: MLP<Scalar>.TangentVector, logVariance: MLP<Scalar>.TangentVector) {
      self.mean = mean
      self.logVariance = logVariance
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      mean.visitParameters(prefix: GaussianConditional.qualified(prefix, "mean"), visitor)
      logVariance.visitParameters(prefix: GaussianConditional.qualified(prefix, "log_variance"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    mean.move(by: offset.mean)
    logVariance.move(by: offset.logVariance)
  }
}
