import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The variational information bottleneck (IB; Alemi et al., ICLR 2017, "Deep variational
/// information bottleneck"; the catalog's ITHP): a stochastic Gaussian encoder
/// q(z|x) = N(μ(x), diag e^{v(x)}) and a decoder q(y|z) over C classes, trained on
///
///     CE(q(y|z), y) + β·KL(q(z|x) ‖ N(0, I)),   z = μ(x) + e^{v(x)/2}·ε,  ε ~ N(0, I),
///
/// whose two terms bound the information plane: the rate (1/K) Σᵢ KL(q(z|xᵢ) ‖ N(0, I)) ≥
/// I(Z; X) (the prior stands in for the marginal q(z)), and H(Y) − CE ≤ I(Z; Y) (Barber and
/// Agakov's bound with the decoder). The batch's `x` are the inputs and `labels` the classes;
/// the encoder outputs 2·d values, the means then the log-variances of z ∈ ℝᵈ.
///
/// Reports the lower bound on I(Z; Y) in nats (H(Y) the plug-in entropy of the batch's
/// labels); `rate(on:)` gives the upper bound on I(Z; X). Larger β trades I(Z; Y) for a
/// smaller I(Z; X).
///
/// - Bias: the rate exceeds I(Z; X) by KL(q(z) ‖ N(0, I)); H(Y) − CE is below I(Z; Y) by the
///   decoder's excess cross-entropy.
/// - Ceiling of the reported value: H(Y) ≤ log C.
public struct VariationalInformationBottleneck<Encoder: Layer, Decoder: Layer>: TrainingObjective
where Encoder.Scalar == Float, Decoder.Scalar == Float {
  public typealias Scalar = Float
  /// x → (μ, v), 2·d outputs.
  public var encoder: Encoder
  /// z → C logits.
  public var decoder: Decoder
  /// Updates the encoder.
  public var encoderOptimizer: Adam<Float>
  /// Updates the decoder.
  public var decoderOptimizer: Adam<Float>
  /// β ≥ 0, the price of a nat of rate.
  public let beta: Double
  /// The seed of the next step's noise ε.
  public private(set) var noiseSeed: UInt64
  private var lastValue = Double.nan

  /// Creates the objective; `beta` must be finite and ≥ 0; the noise is drawn from `seed` on.
  public init(
    encoder: Encoder, decoder: Decoder, beta: Double, encoderOptimizer: Adam<Float>, decoderOptimizer: Adam<Float>, seed: UInt64 = 0
  ) throws(EstimationError) {
    guard beta >= 0, beta.isFinite else {
      throw .invalidParameter(name: "beta", value: "\(beta)", reason: "VariationalInformationBottleneck: β must be a finite number ≥ 0")
    }
    self.encoder = encoder
    self.decoder = decoder
    self.beta = beta
    self.encoderOptimizer = encoderOptimizer
    self.decoderOptimizer = decoderOptimizer
    self.noiseSeed = seed
  }

  public var name: String { "vib" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { "\(Encoder.self) → z → \(Decoder.self)" }
  public var parameters: [Parameter] { [Parameter("beta", .real(beta))] }
  public var lossDescription: String { "information bottleneck loss CE + β·KL" }
  public var criterionDescription: String { "validation loss CE + β·KL" }

  /// (1/K) Σᵢ KL(N(μᵢ, diag e^{vᵢ}) ‖ N(0, I)) = (1/K) Σᵢⱼ ½(μᵢⱼ² + e^{vᵢⱼ} − vᵢⱼ − 1), in nats.
  @differentiable(reverse)
  public static func kullbackLeibler<T: TensorScalar>(mean: Tensor<T>, logVariance: Tensor<T>) -> Tensor<T> {
    (mean.squared() + logVariance.exp() - logVariance - 1).sum() * T(0.5) / T(withoutDerivative(at: mean.shape[0]))
  }

  /// The width d of z for an encoder output of `width` columns, checked to be even.
  static func latentWidth(_ width: Int) -> Int {
    if width % 2 != 0 || width == 0 {
      ContractViolation.trap("VariationalInformationBottleneck: the encoder gives \(width) outputs; it must give 2·d (the means, then the log-variances)")
    }
    return width / 2
  }

  /// The means and (clamped) log-variances of q(z|x) for the rows of `x`.
  public func posterior(_ x: Tensor<Float>) -> (mean: Tensor<Float>, logVariance: Tensor<Float>) {
    let out = encoder(x)
    return Self.split(out, width: Self.latentWidth(out.shape[1]))
  }

  /// The means (the first d columns) and the log-variances (the next d, clamped to
  /// [−12, 12]) of a Gaussian encoder's output: the posterior of the information bottleneck
  /// and of β-TCVAE.
  static func split(_ out: Tensor<Float>, width d: Int) -> (mean: Tensor<Float>, logVariance: Tensor<Float>) {
    (out.columns(0..<d), out.columns(d..<(2 * d)).clamped(to: -12, 12))
  }

  /// One-hot labels and the plug-in H(Y), checked against the decoder's classes.
  static func targets(_ labels: [Int]?, rows: Int, classes: Int) -> (Tensor<Float>, Double) {
    guard let labels, labels.count == rows else {
      ContractViolation.trap("VariationalInformationBottleneck: the batch needs one class label per row (\(rows) rows, \(labels?.count ?? 0) labels)")
    }
    for (row, label) in labels.enumerated() where !(0..<classes).contains(label) {
      ContractViolation.trap("VariationalInformationBottleneck: label \(label) at row \(row) is outside 0..<\(classes) (the decoder's outputs)")
    }
    return (CrossEntropy.oneHot(labels, count: classes), CrossEntropy.plugInEntropy(labels, count: classes))
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    noiseSeed &+= 1
    var generator = SeededGenerator(seed: noiseSeed)
    let (x, beta) = (batch.x, Float(self.beta))
    let d = Self.latentWidth(encoder(x.rows(0..<1)).shape[1])
    let noise = Tensor<Float>(randomNormal: [batch.count, d], using: &generator)
    let (oneHot, entropy) = Self.targets(batch.labels, rows: batch.count, classes: decoder(Tensor(zeros: [1, d])).shape[1])
    let (loss, (dEncoder, dDecoder)) = valueWithGradient(at: encoder, decoder) { f, g in
      let out = f(x)
      let mu = out.columns(0..<d)
      let v = out.columns(d..<(2 * d)).clamped(to: -12, 12)
      let z = mu + (v * Float(0.5)).exp() * noise
      return CrossEntropy.mean(g(z), oneHot) + Self.kullbackLeibler(mean: mu, logVariance: v) * beta
    }
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    encoderOptimizer.update(&encoder, along: dEncoder)
    decoderOptimizer.update(&decoder, along: dDecoder)
    lastValue = entropy - Double(loss.scalar)  // close to H(Y) − CE when β·rate is small
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastValue }

  /// The rate, an upper bound on I(Z; X) in nats, on `x`.
  public func rate(on x: Tensor<Float>) -> Double {
    let (mu, v) = posterior(x)
    return Double(Self.kullbackLeibler(mean: mu, logVariance: v).scalar)
  }

  /// H(Y) − CE with the decoder at the posterior means, a lower bound on I(Z; Y) in nats (the
  /// noise left out makes it deterministic), and the rate.
  public func informationPlane(on split: Batch<Float>) -> (relevance: Double, rate: Double) {
    let (mu, v) = posterior(split.x)
    let logits = decoder(mu)
    let (oneHot, entropy) = Self.targets(split.labels, rows: split.count, classes: logits.shape[1])
    let crossEntropy = Double(CrossEntropy.mean(logits, oneHot).scalar)
    return (entropy - crossEntropy, Double(Self.kullbackLeibler(mean: mu, logVariance: v).scalar))
  }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let (mu, v) = posterior(split.x)
    let logits = decoder(mu)
    let (oneHot, entropy) = Self.targets(split.labels, rows: split.count, classes: logits.shape[1])
    let crossEntropy = Double(CrossEntropy.mean(logits, oneHot).scalar)
    let rate = Double(Self.kullbackLeibler(mean: mu, logVariance: v).scalar)
    return (entropy - crossEntropy, -(crossEntropy + beta * rate))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [informationPlane(on: split).relevance], candidatesPerRow: nil)
  }

  /// The decoder's most probable class at the posterior mean of each row of `x`.
  public func predictions(_ x: Tensor<Float>) -> [Int] { ClusterAssignments.argmax(decoder(posterior(x).mean)) }
}
