import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The joint ("concat") critic f(x, y) = MLP([x, y]) (Belghazi et al. 2018, MINE; Poole
/// et al. 2019): the most expressive critic, evaluated on all K² pairs.
///
/// The first layer runs as `affineOnAllPairs` (W·[xᵢ, yⱼ] = Wₓxᵢ + W_y yⱼ, formed once per
/// row), the rest on the K² hidden rows. Cost: O(K²·hidden²) per batch, against O(K·hidden²)
/// for the separable critic; for large K, train with a `NegativeSampler` (a few shuffled
/// negatives per row): `scores(_:_:negatives:)` then evaluates only the K(1 + m) pairs.
public struct JointCritic<Scalar: TensorScalar>: Critic {
  /// The first layer, [hidden, dx + dy].
  public var first: Dense<Scalar>
  /// The remaining layers, hidden → … → 1.
  public var rest: MLP<Scalar>

  /// Creates a critic from its layers (`rest` must end with width 1).
  public init(first: Dense<Scalar>, rest: MLP<Scalar>) {
    guard rest.widths.first == first.outputCount, rest.widths.last == 1 else {
      ContractViolation.trap("JointCritic: layers \(first.inputCount)→\(first.outputCount) and \(rest.widths) do not chain to one score")
    }
    self.first = first
    self.rest = rest
  }

  /// Creates a critic (dx + dy) → hidden… → 1 with `activation`, initialized from `generator`;
  /// with `spectrallyNormalized`, every layer is 1-Lipschitz (a Lipschitz critic for the
  /// Wasserstein dependency measure).
  public init(
    xDimension: Int, yDimension: Int, hidden: [Int] = [256, 256], activation: Activation = .relu,
    spectrallyNormalized: Bool = false, using generator: inout SeededGenerator
  ) {
    guard let firstWidth = hidden.first else { ContractViolation.trap("JointCritic: needs at least one hidden layer") }
    self.init(
      first: Dense(
        inputs: xDimension + yDimension, outputs: firstWidth, activation: activation, initialization: .uniformFanIn,
        spectrallyNormalized: spectrallyNormalized, using: &generator),
      rest: MLP(widths: hidden + [1], activation: activation, spectrallyNormalized: spectrallyNormalized, initialization: .uniformFanIn, using: &generator))
  }

  /// One power iteration per spectrally normalized layer.
  public mutating func prepareForStep() {
    first.updateSpectralEstimate()
    rest.updateSpectralEstimates()
  }

  /// f(xᵢ, yⱼ) for all B×E pairs.
  @differentiable(reverse)
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = x.shape[0]
    var weight = first.weight
    if let spectral = first.spectralNormalization { weight = spectral.normalize(first.weight) }
    let hidden = affineOnAllPairs(x, y, weight: weight, bias: first.bias, activation: first.activation)
    return rest(hidden).reshaped(to: [k, y.shape[0]])
  }

  /// f on each positive pair and on its m negatives only: K×(1 + m), the positive in
  /// column 0, at O(K·m) instead of O(K²) MLP evaluations. The pairs are formed negative
  /// by negative (all rows' first negatives, then all rows' second, …).
  @differentiable(reverse, wrt: (self, x, y))
  public func scores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, negatives: NegativePairs<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: x.shape[0])
    let m = withoutDerivative(at: negatives.perRow)
    let (xRows, yRows) = withoutDerivative(at: Self.pairRows(k: k, negatives: negatives))
    let candidates = appendingCandidates(y, negatives)
    let pairs = x.gatheringRows(at: xRows).concatenated(with: candidates.gatheringRows(at: yRows), alongAxis: 1)
    return rest(first(pairs)).reshaped(to: [m + 1, k]).transposed()
  }

  /// Row indices of x and of the candidates for the positives and then each negative.
  static func pairRows(k: Int, negatives: NegativePairs<Scalar>) -> ([Int], [Int]) {
    let m = negatives.perRow
    var xRows = Array(0..<k), yRows = Array(0..<k)
    xRows.reserveCapacity(k * (m + 1))
    yRows.reserveCapacity(k * (m + 1))
    for n in 0..<m {
      xRows.append(contentsOf: 0..<k)
      for i in 0..<k { yRows.append(negatives.indices[i * m + n]) }
    }
    return (xRows, yRows)
  }

  /// f on the K given pairs only (xᵢ, yᵢ): a K×1 column, for evaluating the joint term
  /// without the K² products.
  @differentiable(reverse)
  public func pairedScores(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    rest(first(x.concatenated(with: y, alongAxis: 1)))
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    first.visitParameters(prefix: Self.qualified(prefix, "first"), visitor)
    rest.visitParameters(prefix: Self.qualified(prefix, "rest"), visitor)
  }
}

extension JointCritic {
  /// The gradient of a joint critic.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    /// ∂/∂first.
    public var first: Dense<Scalar>.TangentVector
    /// ∂/∂rest.
    public var rest: MLP<Scalar>.TangentVector

    /// Creates a gradient from its parts.
    public init(first: Dense<Scalar>.TangentVector, rest: MLP<Scalar>.TangentVector) {
      self.first = first
      self.rest = rest
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      first.visitParameters(prefix: JointCritic.qualified(prefix, "first"), visitor)
      rest.visitParameters(prefix: JointCritic.qualified(prefix, "rest"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    first.move(by: offset.first)
    rest.move(by: offset.rest)
  }
}
