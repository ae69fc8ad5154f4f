import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A variational Gaussian q(y|x) = N(μ(x), T⁻¹ diag(e^{v(x)}) T⁻ᵀ): a mean μ(x) = L(x) + m(x),
/// a linear map plus an MLP whose last layer starts at zero (q starts linear, and a narrow
/// MLP need not rebuild the linear part, which one ReLU layer of 32 units cannot do exactly
/// in 20 dimensions), an MLP for the log-variances v, and a learned unit lower-triangular
/// T = I + tril(W, −1) that decorrelates y (the LDLᵀ form of a full covariance). The
/// variational distribution of CLUB, L1Out and Barber–Agakov.
///
/// With ỹ = T·y and μ̃ = T·μ(x), log q(y|x) = log N(ỹ; μ̃, diag e^{v}) because det T = 1, so
/// `scores(x, y)[i][j] = log q(yⱼ | xᵢ)` = −½ Σ_c [(ỹ_jc − μ̃_ic)² e^{−v_ic} + v_ic + log 2π],
/// formed with two K×K matrix products rather than K² separate evaluations. It is fitted by
/// maximum likelihood: minimize `negativeLogLikelihood(x, y)` = −(1/K) Σᵢ log q(yᵢ | xᵢ).
///
/// Why the full covariance: for jointly Gaussian data, y|x ~ N(Ax, S), CLUB with a
/// conditional of mean Ax and covariance C equals tr(C⁻¹ A Σxx Aᵀ). The exact S gives
/// CLUB's value at the true conditional; a diagonal C (Cheng et al.'s q, `.diagonal`) can only
/// reach C = diag(S), which is larger whenever the coordinates of y given x are correlated
/// (5×5 with every correlation 0.5: 3.57 against 2.27, true MI 0.593).
public struct GaussianConditional<Scalar: TensorScalar>: Critic {
  /// The covariance family of q(y|x).
  public enum Covariance: String, Sendable, CaseIterable {
    /// Independent coordinates, diag e^{v(x)} (Cheng et al. 2020's q).
    case diagonal
    /// T⁻¹ diag(e^{v(x)}) T⁻ᵀ with a learned unit lower-triangular T: any covariance of the
    /// coordinates, its scales depending on x.
    case full
  }

  /// The linear part of the mean, μ(x) = L(x) + m(x): a dense layer dx → dy.
  public var linearMean: Dense<Scalar>
  /// m(x), the nonlinear part of the mean, dx → … → dy; its last layer starts at zero.
  public var mean: MLP<Scalar>
  /// v(x) = log σ²(x) of the decorrelated coordinates, dx → … → dy; clamped to
  /// [−`logVarianceLimit`, `logVarianceLimit`].
  public var logVariance: MLP<Scalar>
  /// W, dy×dy, of which only the strict lower triangle is used: T = I + tril(W, −1). Starts
  /// at zero (T = I); unused with `.diagonal`.
  public var coupling: Tensor<Scalar>
  /// The covariance family.
  @noDerivative public var covariance: Covariance
  /// The bound on |v|, which keeps an early, badly fitted q from producing infinite
  /// densities (e^{±12}: standard deviations from 0.0025 to 400 times the data's).
  @noDerivative public var logVarianceLimit: Scalar

  /// Creates q with MLPs dx → hidden… → dy for the mean and the log-variance.
  public init(
    xDimension: Int, yDimension: Int, hidden: [Int] = [256, 256], activation: Activation = .relu,
    covariance: Covariance = .full, logVarianceLimit: Scalar = 12, using generator: inout SeededGenerator
  ) {
    linearMean = Dense(inputs: xDimension, outputs: yDimension, initialization: .uniformFanIn, using: &generator)
    mean = MLP(widths: [xDimension] + hidden + [yDimension], activation: activation, initialization: .uniformFanIn, using: &generator)
    logVariance = MLP(widths: [xDimension] + hidden + [yDimension], activation: activation, initialization: .uniformFanIn, using: &generator)
    let last = mean.layers.count - 1
    mean.layers[last].weight = Tensor(zeros: mean.layers[last].weight.shape)
    coupling = Tensor(zeros: [yDimension, yDimension])
    self.covariance = covariance
    self.logVarianceLimit = logVarianceLimit
  }

  /// μ(x) = L(x) + m(x), the mean of q(y|x) for each row of `x`.
  @differentiable(reverse)
  public func conditionalMean(_ x: Tensor<Scalar>) -> Tensor<Scalar> { linearMean(x) + mean(x) }

  /// T = I + tril(W, −1) as used (the identity with `.diagonal`).
  public var decorrelation: Tensor<Scalar> {
    let d = coupling.shape[0]
    let mask = Self.strictlyLowerMask(d)
    return covariance == .full ? coupling * mask + Self.identity(d) : Self.identity(d)
  }

  /// ỹ = y·Tᵀ, the rows of `y` decorrelated (y itself with `.diagonal` or one coordinate).
  @differentiable(reverse)
  public func decorrelated(_ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let d = withoutDerivative(at: coupling.shape[0])
    guard covariance == .full, d > 1 else { return y }
    let lower = coupling * withoutDerivative(at: Self.strictlyLowerMask(d))
    return y + matmul(y, lower, transposingB: true)
  }

  static func strictlyLowerMask(_ d: Int) -> Tensor<Scalar> {
    Tensor(shape: [d, d], scalars: (0..<(d * d)).map { $0 / d > $0 % d ? 1 : 0 })
  }

  static func identity(_ d: Int) -> Tensor<Scalar> {
    Tensor(shape: [d, d], scalars: (0..<(d * d)).map { $0 / d == $0 % d ? 1 : 0 })
  }

  /// Its scores are log-densities.
  public var squareLayout: ScoreLayout { .logDensities }
  /// It does not score sampled negatives.
  public var sampledLayout: ScoreLayout? { nil }

  /// The K×K matrix log q(yⱼ | xᵢ).
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let towers = applyConcurrently(mean, to: x, logVariance, to: x)
    let (mu, y) = (decorrelated(towers.first + linearMean(x)), decorrelated(y))
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
    let residual = decorrelated(y - conditionalMean(x))
    let v = logVariance(x).clamped(to: -logVarianceLimit, logVarianceLimit)
    let dimension = withoutDerivative(at: y.shape[1])
    let squares = residual.squared() * (-v).exp() + v
    return (squares.sum() / Scalar(withoutDerivative(at: y.shape[0])) + Scalar(dimension) * Scalar.log(2 * Scalar.pi)) * Scalar(0.5)
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    linearMean.visitParameters(prefix: Self.qualified(prefix, "linear_mean"), visitor)
    mean.visitParameters(prefix: Self.qualified(prefix, "mean"), visitor)
    logVariance.visitParameters(prefix: Self.qualified(prefix, "log_variance"), visitor)
    visitor(Self.qualified(prefix, "coupling"), &coupling)
  }
}

extension GaussianConditional {
  /// The gradient of a Gaussian conditional.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂L.
    public var linearMean: Dense<Scalar>.TangentVector
    /// ∂/∂μ-network.
    public var mean: MLP<Scalar>.TangentVector
    /// ∂/∂v-network.
    public var logVariance: MLP<Scalar>.TangentVector
    /// ∂/∂W.
    public var coupling: Tensor<Scalar>

    /// Creates a gradient from its parts.
    public init(
      linearMean: Dense<Scalar>.TangentVector, mean: MLP<Scalar>.TangentVector, logVariance: MLP<Scalar>.TangentVector, coupling: Tensor<Scalar>
    ) {
      self.linearMean = linearMean
      self.mean = mean
      self.logVariance = logVariance
      self.coupling = coupling
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      linearMean.visitParameters(prefix: GaussianConditional.qualified(prefix, "linear_mean"), visitor)
      mean.visitParameters(prefix: GaussianConditional.qualified(prefix, "mean"), visitor)
      logVariance.visitParameters(prefix: GaussianConditional.qualified(prefix, "log_variance"), visitor)
      visitor(GaussianConditional.qualified(prefix, "coupling"), &coupling)
    }
  }

  public mutating func move(by offset: TangentVector) {
    linearMean.move(by: offset.linearMean)
    mean.move(by: offset.mean)
    logVariance.move(by: offset.logVariance)
    coupling.move(by: offset.coupling)
  }
}
