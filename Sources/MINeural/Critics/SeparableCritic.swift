import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The separable critic f(x, y) = g(x)ᵀh(y) / τ (Oord et al. 2018; Poole et al. 2019): two
/// MLP encoders, a dot product, optionally on L2-normalized encodings (cosine similarity,
/// as SimCLR) with a learnable temperature τ.
///
/// It scores all K² pairs with one K×K matrix product, so it is the cheapest critic; it
/// can represent the log density ratio only up to the rank of the encodings. The two
/// encoders run concurrently (`applyConcurrently`).
public struct SeparableCritic<Scalar: TensorScalar>: Critic {
  /// The encoder of x.
  public var g: MLP<Scalar>
  /// The encoder of y.
  public var h: MLP<Scalar>
  /// log τ, learned when `learnsTemperature`, as a rank-0 tensor.
  public var logTemperature: Tensor<Scalar>
  /// Whether the encodings are L2-normalized before the dot product.
  @noDerivative public var normalizesEncodings: Bool
  /// Whether τ is trained (otherwise it stays at its initial value).
  @noDerivative public var learnsTemperature: Bool

  /// Creates a critic with encoders `widths.x` → … and `widths.y` → … of the same
  /// output width.
  public init(
    g: MLP<Scalar>, h: MLP<Scalar>, normalizesEncodings: Bool = false, temperature: Scalar = 1,
    learnsTemperature: Bool = false
  ) {
    guard g.widths.last == h.widths.last else {
      ContractViolation.trap("SeparableCritic: encodings differ in width, \(g.widths.last!) and \(h.widths.last!)")
    }
    guard temperature > 0 else { ContractViolation.trap("SeparableCritic: temperature must be positive, got \(temperature)") }
    self.g = g
    self.h = h
    self.logTemperature = Tensor(Scalar.log(temperature))
    self.normalizesEncodings = normalizesEncodings
    self.learnsTemperature = learnsTemperature
  }

  /// Creates a critic whose encoders are MLPs dx → hidden… → embedding and dy → hidden… →
  /// embedding with `activation`, initialized from `generator`.
  public init(
    xDimension: Int, yDimension: Int, hidden: [Int] = [256, 256], embedding: Int = 32,
    activation: Activation = .relu, normalizesEncodings: Bool = false, temperature: Scalar = 1,
    learnsTemperature: Bool = false, spectrallyNormalized: Bool = false, using generator: inout SeededGenerator
  ) {
    self.init(
      g: MLP(widths: [xDimension] + hidden + [embedding], activation: activation, spectrallyNormalized: spectrallyNormalized, initialization: .uniformFanIn, using: &generator),
      h: MLP(widths: [yDimension] + hidden + [embedding], activation: activation, spectrallyNormalized: spectrallyNormalized, initialization: .uniformFanIn, using: &generator),
      normalizesEncodings: normalizesEncodings, temperature: temperature, learnsTemperature: learnsTemperature)
  }

  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let towers = applyConcurrently(g, to: x, h, to: y)
    let gx = normalizesEncodings ? towers.first.l2NormalizedRows() : towers.first
    let hy = normalizesEncodings ? towers.second.l2NormalizedRows() : towers.second
    let products = matmul(gx, hy, transposingB: true)
    let temperature = learnsTemperature ? logTemperature.exp() : withoutDerivative(at: logTemperature).exp()
    return products / temperature
  }

  /// One power iteration per spectrally normalized layer of the encoders.
  public mutating func prepareForStep() {
    g.updateSpectralEstimates()
    h.updateSpectralEstimates()
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    g.visitParameters(prefix: Self.qualified(prefix, "g"), visitor)
    h.visitParameters(prefix: Self.qualified(prefix, "h"), visitor)
    visitor(Self.qualified(prefix, "log_temperature"), &logTemperature)
  }
}

extension SeparableCritic {
  /// The gradient of a separable critic.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂g.
    public var g: MLP<Scalar>.TangentVector
    /// ∂/∂h.
    public var h: MLP<Scalar>.TangentVector
    /// ∂/∂log τ.
    public var logTemperature: Tensor<Scalar>

    /// Creates a gradient from its parts.
    public init(g: MLP<Scalar>.TangentVector, h: MLP<Scalar>.TangentVector, logTemperature: Tensor<Scalar>) {
      self.g = g
      self.h = h
      self.logTemperature = logTemperature
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      g.visitParameters(prefix: SeparableCritic.qualified(prefix, "g"), visitor)
      h.visitParameters(prefix: SeparableCritic.qualified(prefix, "h"), visitor)
      visitor(SeparableCritic.qualified(prefix, "log_temperature"), &logTemperature)
    }
  }

  public mutating func move(by offset: TangentVector) {
    g.move(by: offset.g)
    h.move(by: offset.h)
    logTemperature.move(by: offset.logTemperature)
  }
}
