import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// β-TCVAE (Chen et al., NeurIPS 2018; the catalog's DTS): a variational autoencoder whose
/// loss adds a penalty on the total correlation of its code, so that the coordinates of z
/// come apart into independent factors:
///
///     (1/K) Σᵢ ‖xᵢ − g(zᵢ)‖² / (2σ²) + α·KL(q(z|x) ‖ N(0, I)) + γ·TC(z),
///
/// z = μ(x) + e^{v(x)/2}·ε from an encoder that outputs 2·d values (the means, then the
/// log-variances), g the decoder, σ the reconstruction's standard deviation, and TC the
/// minibatch estimate of `TotalCorrelationEstimate.minibatch` with MWS's weighting for a
/// data set of `datasetSize` rows (Chen et al.'s estimator; the constant it adds does not
/// change the gradients). γ = 0 is a β-VAE with β = α.
///
/// Reports the batch's TC estimate, in nats; early stopping keeps the model with the lowest
/// validation loss. Measure the learned code's total correlation with an estimator that was
/// never trained (KSG's TC on held-out means).
public struct TotalCorrelationAutoencoder<Encoder: Layer, Decoder: Layer>: TrainingObjective
where Encoder.Scalar == Float, Decoder.Scalar == Float {
  public typealias Scalar = Float
  /// x → (μ, v), 2·d outputs.
  public var encoder: Encoder
  /// z → the reconstruction of x.
  public var decoder: Decoder
  /// Updates the encoder.
  public var encoderOptimizer: Adam<Float>
  /// Updates the decoder.
  public var decoderOptimizer: Adam<Float>
  /// γ ≥ 0, the weight of the total correlation.
  public let totalCorrelationWeight: Double
  /// α ≥ 0, the weight of the KL to the prior.
  public let priorWeight: Double
  /// σ > 0, the standard deviation of the reconstruction.
  public let reconstructionScale: Double
  /// N, the training set's size (MWS's weighting); nil weighs the batch as the data.
  public let datasetSize: Int?
  /// The seed of the next step's noise ε.
  public private(set) var noiseSeed: UInt64
  private var lastValue = Double.nan

  /// Creates the objective; the weights must be finite and ≥ 0, σ finite and > 0.
  public init(
    encoder: Encoder, decoder: Decoder, totalCorrelationWeight: Double, priorWeight: Double = 1, reconstructionScale: Double = 1,
    datasetSize: Int? = nil, encoderOptimizer: Adam<Float>, decoderOptimizer: Adam<Float>, seed: UInt64 = 0
  ) throws(EstimationError) {
    for (name, value) in [("totalCorrelationWeight", totalCorrelationWeight), ("priorWeight", priorWeight)] where !(value >= 0 && value.isFinite) {
      throw .invalidParameter(name: name, value: "\(value)", reason: "TotalCorrelationAutoencoder: a weight must be a finite number ≥ 0")
    }
    guard reconstructionScale > 0, reconstructionScale.isFinite else {
      throw .invalidParameter(
        name: "reconstructionScale", value: "\(reconstructionScale)", reason: "TotalCorrelationAutoencoder: σ must be a finite number > 0")
    }
    if let datasetSize, datasetSize < 2 {
      throw .invalidParameter(name: "datasetSize", value: "\(datasetSize)", reason: "TotalCorrelationAutoencoder: the data set needs at least 2 rows")
    }
    self.encoder = encoder
    self.decoder = decoder
    self.totalCorrelationWeight = totalCorrelationWeight
    self.priorWeight = priorWeight
    self.reconstructionScale = reconstructionScale
    self.datasetSize = datasetSize
    self.encoderOptimizer = encoderOptimizer
    self.decoderOptimizer = decoderOptimizer
    self.noiseSeed = seed
  }

  public var name: String { "tc-vae" }
  public var direction: BoundDirection { .upper }
  public var modelDescription: String { "\(Encoder.self) → z → \(Decoder.self)" }
  public var parameters: [Parameter] {
    [Parameter("total correlation weight", .real(totalCorrelationWeight)), Parameter("prior weight", .real(priorWeight)),
     Parameter("reconstruction scale", .real(reconstructionScale))]
  }
  public var lossDescription: String { "β-TCVAE loss (reconstruction + α·KL + γ·TC)" }
  public var criterionDescription: String { "validation loss (reconstruction + α·KL + γ·TC)" }

  /// The means and (clamped) log-variances of q(z|x) for the rows of `x`.
  public func posterior(_ x: Tensor<Float>) -> (mean: Tensor<Float>, logVariance: Tensor<Float>) {
    let out = encoder(x)
    return VariationalInformationBottleneck<Encoder, Decoder>.split(out, width: Self.latentWidth(out.shape[1]))
  }

  /// d for an encoder output of `width` columns, checked: even, and d ≥ 2 (a total
  /// correlation needs two coordinates).
  static func latentWidth(_ width: Int) -> Int {
    if width % 2 != 0 || width < 4 {
      ContractViolation.trap(
        "TotalCorrelationAutoencoder: the encoder gives \(width) outputs; it must give 2·d with d ≥ 2 (the means, then the log-variances)")
    }
    return width / 2
  }

  /// (1/K) Σᵢ ‖xᵢ − x̂ᵢ‖² / (2σ²), the Gaussian reconstruction loss up to a constant.
  @differentiable(reverse, wrt: reconstruction)
  public static func reconstructionLoss<T: TensorScalar>(_ reconstruction: Tensor<T>, _ x: Tensor<T>, scale: T) -> Tensor<T> {
    (reconstruction - x).squared().sum() / (2 * scale * scale * T(withoutDerivative(at: x.shape[0])))
  }

  /// The loss's three parts on a batch with noise ε (K×d).
  func parts(_ x: Tensor<Float>, noise: Tensor<Float>) -> (reconstruction: Double, prior: Double, totalCorrelation: Double) {
    let (mu, v) = posterior(x)
    let z = mu + (v * Float(0.5)).exp() * noise
    return (
      Double(Self.reconstructionLoss(decoder(z), x, scale: Float(reconstructionScale)).scalar),
      Double(VariationalInformationBottleneck<Encoder, Decoder>.kullbackLeibler(mean: mu, logVariance: v).scalar),
      Double(TotalCorrelationEstimate.minibatch(z: z, mean: mu, logVariance: v, datasetSize: datasetSize.map { max($0, x.shape[0]) }).scalar)
    )
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    noiseSeed &+= 1
    var generator = SeededGenerator(seed: noiseSeed)
    let x = batch.x
    let d = Self.latentWidth(encoder(x.rows(0..<1)).shape[1])
    let outputs = decoder(Tensor(zeros: [1, d])).shape[1]
    guard outputs == x.shape[1] else {
      ContractViolation.trap("TotalCorrelationAutoencoder: the decoder gives \(outputs) values per row for inputs of \(x.shape[1])")
    }
    let noise = Tensor<Float>(randomNormal: [batch.count, d], using: &generator)
    let (alpha, gamma, scale) = (Float(priorWeight), Float(totalCorrelationWeight), Float(reconstructionScale))
    let size = datasetSize.map { max($0, batch.count) }
    var tc = Float.nan
    let (loss, (dEncoder, dDecoder)) = valueWithGradient(at: encoder, decoder) { f, g in
      let out = f(x)
      let mu = out.columns(0..<d)
      let v = out.columns(d..<(2 * d)).clamped(to: -12, 12)
      let z = mu + (v * Float(0.5)).exp() * noise
      let totalCorrelation = TotalCorrelationEstimate.minibatch(z: z, mean: mu, logVariance: v, datasetSize: size)
      tc = withoutDerivative(at: totalCorrelation.scalar)
      return Self.reconstructionLoss(g(z), x, scale: scale)
        + VariationalInformationBottleneck<Encoder, Decoder>.kullbackLeibler(mean: mu, logVariance: v) * alpha + totalCorrelation * gamma
    }
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    encoderOptimizer.update(&encoder, along: dEncoder)
    decoderOptimizer.update(&decoder, along: dDecoder)
    lastValue = Double(tc)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastValue }

  /// The held-out split's noise, fixed so that validation is deterministic.
  func validationNoise(rows: Int, width d: Int) -> Tensor<Float> {
    var generator = SeededGenerator(seed: 0x7C)
    return Tensor(randomNormal: [rows, d], using: &generator)
  }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let d = Self.latentWidth(encoder(split.x.rows(0..<1)).shape[1])
    let p = parts(split.x, noise: validationNoise(rows: split.count, width: d))
    return (p.totalCorrelation, p.reconstruction + priorWeight * p.prior + totalCorrelationWeight * p.totalCorrelation)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [validate(on: split, evaluation: evaluation).value], candidatesPerRow: nil)
  }
}
