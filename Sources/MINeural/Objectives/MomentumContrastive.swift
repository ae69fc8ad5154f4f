import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// InfoNCE with a momentum encoder and a queue of negatives (NCE-mom; He et al., CVPR 2020,
/// MoCo; Li et al., NeurIPS 2021, ALBEF), for two encoders g (of x) and h (of y):
///
///     Î = (1/K) Σᵢ [sᵢᵢ − log((1/(K + Q)) Σ_{j ≤ K + Q} e^{sᵢⱼ})] ,
///     sᵢⱼ = g(xᵢ)·h(yⱼ)/τ for the batch's yⱼ,  sᵢ,K+q = g(xᵢ)·kq/τ for the Q queued keys,
///
/// where the keys kq = h̄(y) of earlier batches come from a momentum copy h̄ of h, updated after
/// each step as h̄ ← m·h̄ + (1 − m)·h, and held in a first-in first-out queue of length Q
/// (no gradient flows into the queue). The queued keys are negatives drawn from p(y), so Î
/// stays an InfoNCE bound with K + Q candidates per row.
///
/// - Ceiling: log(K + Q) instead of log K; the queue fills during the first Q/K steps, and
///   until it is full the candidates are the batch and what is queued so far.
/// - Bias: the positives and the batch's negatives are scored with h, the queued keys with
///   the older h̄, so the queued negatives are slightly easier than fresh ones and the value
///   can overshoot: 6.13 nats on a training batch of 16 for a true 6 (ceiling log 528), while
///   the same critic scored on held-out chunks of 1024 without a queue gives 3.71 (a
///   batch-only critic 4.59). Use the queue to train with many negatives; report a held-out
///   value. (MoCo scores the positive key with h̄ too; this form keeps h trained by gradient
///   for two modalities.)
public struct MomentumContrastiveObjective: TrainingObjective {
  public typealias Scalar = Float
  /// The two trained encoders, g (of x) and h (of y).
  public struct Encoders: Trainable {
    public typealias Scalar = Float
    /// g.
    public var query: MLP<Float>
    /// h.
    public var key: MLP<Float>

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Float>) -> Void) {
      query.visitParameters(prefix: Self.qualified(prefix, "query"), visitor)
      key.visitParameters(prefix: Self.qualified(prefix, "key"), visitor)
    }

    /// The gradient of both encoders.
    public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
      public typealias Scalar = Float
      /// ∂/∂g.
      public var query: MLP<Float>.TangentVector
      /// ∂/∂h.
      public var key: MLP<Float>.TangentVector

      /// Creates a gradient from its parts.
      public init(query: MLP<Float>.TangentVector, key: MLP<Float>.TangentVector) {
        self.query = query
        self.key = key
      }

      public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Float>) -> Void) {
        query.visitParameters(prefix: Encoders.qualified(prefix, "query"), visitor)
        key.visitParameters(prefix: Encoders.qualified(prefix, "key"), visitor)
      }
    }

    public mutating func move(by offset: TangentVector) {
      query.move(by: offset.query)
      key.move(by: offset.key)
    }
  }

  /// g and h, trained by gradient.
  public var encoders: Encoders
  /// h̄, the momentum copy of h.
  public private(set) var momentumKey: MLP<Float>
  /// m, the momentum of h̄.
  public let momentum: Double
  /// Q, the queue's length.
  public let queueLength: Int
  /// τ.
  public let temperature: Double
  /// The optimizer of g and h.
  public var optimizer: Adam<Float>
  /// The queued keys, oldest first, as rows of `keyWidth` values.
  private var queue: [Float] = []
  private let keyWidth: Int
  private var lastValue = Double.nan

  /// Creates the objective; refuses an empty queue, a momentum outside [0, 1) or encoders of
  /// different output widths.
  public init(
    query: MLP<Float>, key: MLP<Float>, queueLength: Int, momentum: Double = 0.99, temperature: Double = 1,
    optimizer: Adam<Float>
  ) throws(EstimationError) {
    guard queueLength >= 1 else {
      throw .invalidParameter(name: "queue length", value: String(queueLength), reason: "MomentumContrastive needs a queue of at least 1 key")
    }
    guard momentum >= 0, momentum < 1 else {
      throw .invalidParameter(name: "momentum", value: "\(momentum)", reason: "MomentumContrastive's momentum must lie in [0, 1)")
    }
    guard temperature > 0, temperature.isFinite else {
      throw .invalidParameter(name: "temperature", value: "\(temperature)", reason: "must be a positive number")
    }
    guard query.widths.last == key.widths.last else {
      throw .incompatible("MomentumContrastive: the query encoder gives \(query.widths.last!) values, the key encoder \(key.widths.last!)")
    }
    encoders = Encoders(query: query, key: key)
    momentumKey = key
    self.momentum = momentum
    self.queueLength = queueLength
    self.temperature = temperature
    self.optimizer = optimizer
    keyWidth = key.widths.last!
  }

  public var name: String { "infonce-momentum" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { "query and key MLPs with a momentum key encoder" }
  public var parameters: [Parameter] {
    [Parameter("queue length", .integer(queueLength)), Parameter("momentum", .real(momentum)), Parameter("temperature", .real(temperature))]
  }

  /// The keys in the queue.
  public var queuedCount: Int { queue.count / keyWidth }

  /// The InfoNCE bound of `encoders` on a batch with the `queued` keys as extra negatives.
  @differentiable(reverse, wrt: encoders)
  static func bound(_ encoders: Encoders, _ x: Tensor<Float>, _ y: Tensor<Float>, queued: Tensor<Float>?, temperature: Float) -> Tensor<Float> {
    let gx = encoders.query(x)
    var scores = matmul(gx, encoders.key(y), transposingB: true)
    if let queued = withoutDerivative(at: queued) { scores = scores.concatenated(with: matmul(gx, queued, transposingB: true), alongAxis: 1) }
    scores = scores / temperature
    let (k, candidates) = withoutDerivative(at: (scores.shape[0], Float(scores.shape[1])))
    return scores.columns(0..<k).diagonal().mean() - scores.logSumExp(alongAxis: 1).mean() + Float.log(candidates)
  }

  var queuedKeys: Tensor<Float>? {
    queue.isEmpty ? nil : Tensor(shape: [queuedCount, keyWidth], scalars: queue)
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    guard queueLength >= batch.count else {
      ContractViolation.trap("MomentumContrastiveObjective: the queue of \(queueLength) keys is shorter than the batch of \(batch.count)")
    }
    let (x, y, queued, t) = (batch.x, batch.y, queuedKeys, Float(temperature))
    let (loss, gradient) = valueWithGradient(at: encoders) { e in -Self.bound(e, x, y, queued: queued, temperature: t) }
    lastValue = -Double(loss.scalar)
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&encoders, along: gradient)
    return Double(loss.scalar)
  }

  /// The momentum update of h̄, then this batch's keys h̄(y) into the queue.
  public mutating func afterStep(on batch: Batch<Float>) {
    let online = encoders.key.namedParameters
    var index = 0
    let m = Float(momentum)
    momentumKey.visitParameters(prefix: "") { _, parameter in
      parameter = parameter * m + online[index].tensor * (1 - m)
      index += 1
    }
    queue.append(contentsOf: momentumKey(batch.y).scalars)
    let excess = queuedCount - queueLength
    if excess > 0 { queue.removeFirst(excess * keyWidth) }
  }

  public func trainingValue() -> Double { lastValue }

  /// Held-out chunks, every row against every y of its chunk (no queue): the critic
  /// g(x)·h(y)/τ as an InfoNCE estimate with the chunk's candidates.
  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let value = HeldOutEvaluation.mean(evaluate(on: split, evaluation: evaluation).values)
    return (value, value)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let chunks = HeldOutEvaluation.chunks(count: split.count, size: evaluation.chunkSize)
    let t = Float(temperature)
    let values = chunks.map { range in
      Double(Self.bound(encoders, split.x.rows(range), split.y.rows(range), queued: nil, temperature: t).scalar)
    }
    return HeldOutValues(values: values, candidatesPerRow: chunks.first?.count)
  }
}
