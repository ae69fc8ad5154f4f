import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The bilinear critic f(x, y) = g(x)ᵀ W h(y): two encoders and a learned interaction
/// matrix W (Oord et al. 2018, CPC's log-bilinear model). With identity encoders it is
/// exactly the optimal critic family for jointly Gaussian data (a quadratic form).
public struct BilinearCritic<Scalar: TensorScalar>: Critic {
  /// The encoder of x.
  public var g: MLP<Scalar>
  /// The encoder of y.
  public var h: MLP<Scalar>
  /// W, [embedding of x, embedding of y].
  public var interaction: Tensor<Scalar>

  /// Creates a critic from its parts; `interaction` is [g's output width, h's output width].
  public init(g: MLP<Scalar>, h: MLP<Scalar>, interaction: Tensor<Scalar>) {
    guard interaction.shape == [g.widths.last!, h.widths.last!] else {
      ContractViolation.trap("BilinearCritic: interaction \(interaction.shape) should be [\(g.widths.last!), \(h.widths.last!)]")
    }
    self.g = g
    self.h = h
    self.interaction = interaction
  }

  /// Creates a critic with MLP encoders and W = 0.1·I plus small noise, initialized from
  /// `generator`.
  public init(
    xDimension: Int, yDimension: Int, hidden: [Int] = [256, 256], embedding: Int = 32,
    activation: Activation = .relu, using generator: inout SeededGenerator
  ) {
    let g = MLP<Scalar>(widths: [xDimension] + hidden + [embedding], activation: activation, initialization: .uniformFanIn, using: &generator)
    let h = MLP<Scalar>(widths: [yDimension] + hidden + [embedding], activation: activation, initialization: .uniformFanIn, using: &generator)
    let noise = Tensor<Scalar>(randomNormal: [embedding, embedding], standardDeviation: 0.01, using: &generator)
    self.init(g: g, h: h, interaction: Tensor(identity: embedding) * Scalar(0.1) + noise)
  }

  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let towers = applyConcurrently(g, to: x, h, to: y)
    return matmul(matmul(towers.first, interaction), towers.second, transposingB: true)
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    g.visitParameters(prefix: Self.qualified(prefix, "g"), visitor)
    h.visitParameters(prefix: Self.qualified(prefix, "h"), visitor)
    visitor(Self.qualified(prefix, "interaction"), &interaction)
  }
}

extension BilinearCritic {
  /// The gradient of a bilinear critic.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂g.
    public var g: MLP<Scalar>.TangentVector
    /// ∂/∂h.
    public var h: MLP<Scalar>.TangentVector
    /// ∂/∂W.
    public var interaction: Tensor<Scalar>

    /// Creates a gradient from its parts.
    public init(g: MLP<Scalar>.TangentVector, h: MLP<Scalar>.TangentVector, interaction: Tensor<Scalar>) {
      self.g = g
      self.h = h
      self.interaction = interaction
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      g.visitParameters(prefix: BilinearCritic.qualified(prefix, "g"), visitor)
      h.visitParameters(prefix: BilinearCritic.qualified(prefix, "h"), visitor)
      visitor(BilinearCritic.qualified(prefix, "interaction"), &interaction)
    }
  }

  public mutating func move(by offset: TangentVector) {
    g.move(by: offset.g)
    h.move(by: offset.h)
    interaction.move(by: offset.interaction)
  }
}
