import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Total correlation by density ratio (FactorVAE; Kim & Mnih, ICML 2018, "Disentangling by
/// factorising"): a discriminator D(z) learns to tell samples of q(z) from samples of the
/// product of its marginals Πⱼ q(zⱼ), made by permuting every coordinate independently
/// across the batch; at the optimum its logit is log q(z) / Πⱼ q(zⱼ), so
///
///     TC(z) = E_q[log q(z) − Σⱼ log q(zⱼ)] ≈ (1/K) Σᵢ logit D(zᵢ)   (nats).
///
/// A `TrainingObjective` on batches whose `x` are samples of the representation (`y` is
/// ignored): the loss is the logistic loss, softplus(−D(z)) on the samples and softplus(D(z̃))
/// on their permutation z̃; it reports the mean logit on the samples. Early stopping keeps the
/// discriminator with the lowest validation logistic loss.
///
/// - Bias: below TC by what the discriminator cannot separate; an overfitted one overstates
///   it (hence the held-out value and the early stopping).
/// - No ceiling from the estimator; its variance grows with TC.
public struct TotalCorrelationDiscriminator<Model: Layer>: TrainingObjective where Model.Scalar == Float {
  public typealias Scalar = Float
  /// D: d → 1 logit.
  public var discriminator: Model
  /// D's optimizer.
  public var optimizer: Adam<Float>
  /// The seed of the next permutation.
  public private(set) var permutationSeed: UInt64
  private var lastSamples: Tensor<Float>?

  /// Creates the objective; the permutations are drawn from `seed` on.
  public init(discriminator: Model, optimizer: Adam<Float>, seed: UInt64 = 0) {
    self.discriminator = discriminator
    self.optimizer = optimizer
    self.permutationSeed = seed
  }

  public var name: String { "tc-discriminator" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { String(describing: Model.self) }
  public var lossDescription: String { "logistic loss of the total-correlation discriminator" }
  public var criterionDescription: String { "validation logistic loss of the total-correlation discriminator" }

  /// Every column of `z` permuted independently across its rows (a sample of Πⱼ q(zⱼ)).
  public static func permutingCoordinates(_ z: Tensor<Float>, seed: UInt64) -> Tensor<Float> {
    guard z.rank == 2, z.shape[0] >= 2, z.shape[1] >= 2 else {
      ContractViolation.trap("TotalCorrelationDiscriminator: needs K×d samples with K ≥ 2 and d ≥ 2, got shape \(z.shape)")
    }
    var generator = SeededGenerator(seed: seed)
    let (k, d, source) = (z.shape[0], z.shape[1], Array(z.scalars))
    var out = [Float](repeating: 0, count: k * d)
    for c in 0..<d {
      var order = Array(0..<k)
      for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, generator.integer(below: i + 1)) }
      for i in 0..<k { out[i * d + c] = source[order[i] * d + c] }
    }
    return Tensor(shape: z.shape, scalars: out)
  }

  /// The logistic loss: mean softplus(−D(z)) + mean softplus(D(z̃)).
  @differentiable(reverse, wrt: model)
  static func loss(_ model: Model, _ z: Tensor<Float>, _ permuted: Tensor<Float>) -> Tensor<Float> {
    (-model(z)).softplus().mean() + model(permuted).softplus().mean()
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    permutationSeed &+= 1
    let (z, permuted) = (batch.x, Self.permutingCoordinates(batch.x, seed: permutationSeed))
    let (loss, gradient) = valueWithGradient(at: discriminator) { d in Self.loss(d, z, permuted) }
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&discriminator, along: gradient)
    lastSamples = z
    return Double(loss.scalar)
  }

  /// The mean logit on the last training batch, computed when asked for.
  public func trainingValue() -> Double { lastSamples.map(totalCorrelation) ?? .nan }

  /// TC ≈ the mean logit of D on `z`.
  public func totalCorrelation(_ z: Tensor<Float>) -> Double { Double(discriminator(z).mean().scalar) }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let permuted = Self.permutingCoordinates(split.x, seed: 0x5EED)
    return (totalCorrelation(split.x), -Double(Self.loss(discriminator, split.x, permuted).scalar))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [totalCorrelation(split.x)], candidatesPerRow: nil)
  }
}
