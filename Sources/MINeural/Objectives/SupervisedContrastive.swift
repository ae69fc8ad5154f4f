import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Supervised contrastive learning with logit adjustment (NCE-sup; Khosla et al., NeurIPS
/// 2020; Menon et al., ICLR 2021; Suh & Seo, ICML 2023, "Long-tailed recognition by mutual
/// information maximization between latent features and ground-truth labels").
///
/// For K L2-normalized embeddings zᵢ with labels yᵢ and C normalized class prototypes w_c,
/// the loss is the sum of two terms:
///
/// - supervised contrastive: −log [e^{zᵢ·z_p/τ} / Σ_{a ≠ i} e^{zᵢ·z_a/τ}] averaged over all
///   pairs (i, p) of distinct samples with the same label (Khosla et al.'s L_out);
/// - logit-adjusted prototypes: −log softmax_c(zᵢ·w_c/τ + α·log π_c)[yᵢ] averaged over rows.
///
/// The batch's samples already come in proportion to the prior, so the adjustment applies
/// where each class appears once, to the prototypes. α = 0 is supervised contrastive learning
/// with a cosine classifier; α = 1 adds the log class prior π, so that the prior-free scores
/// zᵢ·w_c/τ, by which a sample is classified, stop favouring the frequent classes
/// (`logitAdjustmentRaisesBalancedAccuracyOnALongTail`: on ten classes with imbalance ratio
/// 100, balanced accuracy 0.71–0.75 without, 0.79–0.88 with).
///
/// - Reported value: the Barber–Agakov bound I(Z; Y) ≥ H_π(Y) + E[log q(yᵢ | zᵢ)] with
///   q(c | z) ∝ π_c^α e^{z·w_c/τ} (α = 1: the prior-weighted softmax over prototypes), in nats.
/// - Ceiling: H_π(Y) ≤ log C.
/// - Bias: below I(Z; Y) by E KL(p(y|z) ‖ q(y|z)); a class with a single sample in the batch
///   has only its prototype as positive.
public struct SupervisedContrastive<Scalar: TensorScalar>: Sendable {
  /// τ, the temperature of the cosine similarities.
  public var temperature: Double
  /// α, the weight of the log class prior added to the logits (0: no adjustment).
  public var adjustment: Double
  /// π, the class prior (C values, positive, summing to 1).
  public let classPrior: [Double]

  /// Creates the objective; refuses a prior that is not a distribution with no zero.
  public init(classPrior: [Double], temperature: Double = 0.1, adjustment: Double = 1) throws(EstimationError) {
    guard classPrior.count >= 2 else {
      throw .invalidParameter(name: "class prior", value: "\(classPrior)", reason: "SupervisedContrastive needs at least 2 classes")
    }
    if let bad = classPrior.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
      throw .invalidParameter(
        name: "class prior", value: "\(classPrior[bad]) at class \(bad)",
        reason: "SupervisedContrastive's prior must be positive for every class (log π_y is added to the logits)")
    }
    let total = classPrior.reduce(0, +)
    guard abs(total - 1) < 1e-6 else {
      throw .invalidParameter(name: "class prior", value: "sum \(total)", reason: "SupervisedContrastive's prior must sum to 1")
    }
    guard temperature > 0, temperature.isFinite, adjustment >= 0, adjustment.isFinite else {
      throw .invalidParameter(
        name: "temperature / adjustment", value: "\(temperature) / \(adjustment)",
        reason: "SupervisedContrastive needs a positive temperature and an adjustment ≥ 0")
    }
    self.classPrior = classPrior
    self.temperature = temperature
    self.adjustment = adjustment
  }

  /// The class prior of `labels` (frequencies of 0..<classes), for `init(classPrior:)`.
  public static func prior(of labels: [Int], classes: Int) throws(EstimationError) -> [Double] {
    var counts = [Double](repeating: 0, count: classes)
    for (row, label) in labels.enumerated() {
      guard label >= 0 && label < classes else {
        throw .invalidParameter(name: "labels", value: "\(label) at row \(row)", reason: "labels must lie in 0..<\(classes)")
      }
      counts[label] += 1
    }
    if let empty = counts.firstIndex(of: 0) {
      throw .invalidParameter(name: "labels", value: "class \(empty)", reason: "has no sample, so its prior would be 0")
    }
    return counts.map { $0 / Double(labels.count) }
  }

  /// The number of classes C.
  public var classes: Int { classPrior.count }

  /// Checks `labels` against K rows; traps with the objective, the argument and the numbers.
  func check(_ labels: [Int], rows k: Int, prototypes: Int) {
    guard labels.count == k, k >= 2 else {
      ContractViolation.trap("SupervisedContrastive: \(labels.count) labels for \(k) embeddings (at least 2 needed)")
    }
    guard prototypes == classes else {
      ContractViolation.trap("SupervisedContrastive: \(prototypes) prototypes for a prior of \(classes) classes")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      ContractViolation.trap("SupervisedContrastive: label \(labels[bad]) at row \(bad) is outside 0..<\(classes)")
    }
  }

  /// The loss of K×e `embeddings` with `labels` against C×e `prototypes` (both normalized
  /// here), to minimize: the supervised contrastive term over the other samples plus the
  /// logit-adjusted cross-entropy over the prototypes.
  @differentiable(reverse, wrt: (embeddings, prototypes))
  public func loss(_ embeddings: Tensor<Scalar>, _ prototypes: Tensor<Scalar>, labels: [Int]) -> Tensor<Scalar> {
    let (k, c) = withoutDerivative(at: (embeddings.shape[0], prototypes.shape[0]))
    withoutDerivative(at: check(labels, rows: k, prototypes: c))
    let z = embeddings.l2NormalizedRows(), w = prototypes.l2NormalizedRows()
    let (logPrior, target) = withoutDerivative(at: classMasks(labels))
    let scaled = z * Scalar(1 / temperature)  // z/τ, so that the K×K and K×C scores need no division
    let contrastive = Self.contrastiveTerm(matmul(scaled, z, transposingB: true), labels: labels)
    // Prototypes: cross-entropy of the adjusted softmax z·w/τ + α log π.
    let classLogits = (matmul(scaled, w, transposingB: true) + logPrior).logSoftmax(alongAxis: 1)
    let crossEntropy = -(classLogits * target).sum() / Scalar(k)
    return contrastive + crossEntropy
  }

  /// The [1, C] adjustment α·log π and the K×C one-hot targets.
  func classMasks(_ labels: [Int]) -> (Tensor<Scalar>, Tensor<Scalar>) {
    let (k, c) = (labels.count, classes)
    let logPrior = Tensor<Scalar>(shape: [1, c], scalars: classPrior.map { Scalar(adjustment * Foundation.log($0)) })
    var target = Tensor<Scalar>(zeros: [k, c])
    target.withUnsafeMutableScalars { target in
      for i in 0..<k { target[i * c + labels[i]] = 1 }
    }
    return (logPrior, target)
  }

  /// The supervised contrastive term of K×K similarities S (Khosla et al.'s L_out), fused:
  ///
  ///     L = Σᵢ [nᵢ · log Σ_{a ≠ i} e^{S_ia} − Σ_{p ∈ P(i)} S_ip] / max(Σᵢ nᵢ, 1),
  ///
  /// P(i) the other samples with yᵢ's label and nᵢ = |P(i)|; one pass over S forward and one
  /// backward, ∂L/∂S_ia = (nᵢ · softmax_{a ≠ i}(S_i)_a − [a ∈ P(i)]) / max(Σ nᵢ, 1), with no
  /// K×K masks.
  @differentiable(reverse, wrt: similarities)
  static func contrastiveTerm(_ similarities: Tensor<Scalar>, labels: [Int]) -> Tensor<Scalar> {
    contrastiveForward(similarities, groups: groups(labels)).loss
  }

  /// The rows of each label in the batch, and each row's index into that list.
  static func groups(_ labels: [Int]) -> [[Int]] {
    var rowsOf: [Int: [Int]] = [:]
    for (row, label) in labels.enumerated() { rowsOf[label, default: []].append(row) }
    return labels.map { rowsOf[$0]! }
  }

  /// L, and each row's log Σ_{a ≠ i} e^{S_ia} for the pullback.
  static func contrastiveForward(_ similarities: Tensor<Scalar>, groups: [[Int]]) -> (loss: Tensor<Scalar>, normalizers: [Scalar], pairs: Int) {
    let k = groups.count
    var normalizers = [Scalar](repeating: 0, count: k)
    var total: Scalar = 0
    var pairs = 0
    let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: max(k, 1))
    defer { scratch.deallocate() }
    similarities.withUnsafeScalars { s in
      for i in 0..<k {
        let row = s.baseAddress! + i * k
        // The row without its diagonal entry.
        scratch.update(from: row, count: i)
        (scratch + i).update(from: row + i + 1, count: k - 1 - i)
        let others = k - 1
        let best = Scalar.maximum(scratch, count: others)
        for j in 0..<others { scratch[j] -= best }
        Scalar.exp(scratch, into: scratch, count: others)
        normalizers[i] = best + Scalar.log(Scalar.sum(scratch, count: others))
        var positiveSum: Scalar = 0
        for a in groups[i] where a != i { positiveSum += row[a] }
        let count = groups[i].count - 1
        total += Scalar(count) * normalizers[i] - positiveSum
        pairs += count
      }
    }
    return (Tensor(total / Scalar(max(pairs, 1))), normalizers, pairs)
  }

  @derivative(of: contrastiveTerm, wrt: similarities)
  static func _vjpContrastiveTerm(_ similarities: Tensor<Scalar>, labels: [Int]) -> (
    value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>
  ) {
    let groups = groups(labels)
    let (loss, normalizers, pairs) = contrastiveForward(similarities, groups: groups)
    let k = labels.count
    return (loss, { v in
      let scale = (v.isShapelessZero ? 0 : v.scalars[0]) / Scalar(max(pairs, 1))
      var result = Tensor<Scalar>(zeros: [k, k])
      result.withUnsafeMutableScalars { buffer in
        let out = buffer.baseAddress!
        similarities.withUnsafeScalars { s in
          for i in 0..<k {
            let (row, gradient) = (s.baseAddress! + i * k, out + i * k)
            let (normalizer, weight) = (normalizers[i], scale * Scalar(groups[i].count - 1))
            for a in 0..<k { gradient[a] = row[a] - normalizer }
            Scalar.exp(UnsafePointer(gradient), into: gradient, count: k)
            for a in 0..<k { gradient[a] *= weight }
            gradient[i] = 0
            for a in groups[i] where a != i { gradient[a] -= scale }
          }
        }
      }
      return result
    })
  }

  /// The prior-free class scores zᵢ·w_c / τ, K×C: what a sample is classified by.
  public func classScores(_ embeddings: Tensor<Scalar>, _ prototypes: Tensor<Scalar>) -> Tensor<Scalar> {
    matmul(embeddings.l2NormalizedRows(), prototypes.l2NormalizedRows(), transposingB: true) / Scalar(temperature)
  }

  /// The Barber–Agakov bound H_π(Y) + mean log q(yᵢ | zᵢ), q ∝ π^α e^{z·w/τ}, in nats.
  public func mutualInformationBound(_ embeddings: Tensor<Scalar>, _ prototypes: Tensor<Scalar>, labels: [Int]) -> Double {
    check(labels, rows: embeddings.shape[0], prototypes: prototypes.shape[0])
    let logPrior = Tensor<Scalar>(shape: [1, classes], scalars: classPrior.map { Scalar(adjustment * Foundation.log($0)) })
    let logQ = (classScores(embeddings, prototypes) + logPrior).logSoftmax(alongAxis: 1)
    let entropy = -classPrior.reduce(0) { $0 + $1 * Foundation.log($1) }
    let mean = labels.enumerated().reduce(0.0) { $0 + Double(logQ[$1.offset, $1.element]) } / Double(labels.count)
    return entropy + mean
  }
}

/// An encoder and C class prototypes trained by `SupervisedContrastive` (a `TrainingObjective`):
/// the batch's `x` are the inputs and its `labels` the classes. Reports the I(Z; Y) bound.
public struct SupervisedContrastiveObjective<Encoder: Layer>: TrainingObjective where Encoder.Scalar == Float {
  public typealias Scalar = Float
  /// The parameters trained: the encoder and the prototypes.
  public struct Model: Trainable {
    public typealias Scalar = Float
    /// Inputs → embeddings.
    public var encoder: Encoder
    /// C×e class prototypes.
    public var prototypes: Tensor<Float>

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Float>) -> Void) {
      encoder.visitParameters(prefix: Self.qualified(prefix, "encoder"), visitor)
      visitor(Self.qualified(prefix, "prototypes"), &prototypes)
    }

    /// The gradient of the encoder and the prototypes.
    public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
      public typealias Scalar = Float
      /// ∂/∂encoder.
      public var encoder: Encoder.TangentVector
      /// ∂/∂prototypes.
      public var prototypes: Tensor<Float>

      /// Creates a gradient from its parts.
      public init(encoder: Encoder.TangentVector, prototypes: Tensor<Float>) {
        self.encoder = encoder
        self.prototypes = prototypes
      }

      public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Float>) -> Void) {
        encoder.visitParameters(prefix: Model.qualified(prefix, "encoder"), visitor)
        visitor(Model.qualified(prefix, "prototypes"), &prototypes)
      }
    }

    public mutating func move(by offset: TangentVector) {
      encoder.move(by: offset.encoder)
      prototypes.move(by: offset.prototypes)
    }
  }
  /// The encoder and the prototypes.
  public var model: Model
  /// The objective.
  public var objective: SupervisedContrastive<Float>
  /// Their optimizer.
  public var optimizer: Adam<Float>
  /// The last training batch's embeddings, the prototypes its step used, and its labels.
  private var lastEmbeddings: Tensor<Float>?
  private var lastPrototypes: Tensor<Float>?
  private var lastLabels: [Int] = []

  /// Creates the objective with prototypes drawn from `generator`.
  public init(
    encoder: Encoder, embedding: Int, objective: SupervisedContrastive<Float>, optimizer: Adam<Float>,
    using generator: inout SeededGenerator
  ) {
    model = Model(encoder: encoder, prototypes: Tensor(randomNormal: [objective.classes, embedding], using: &generator))
    self.objective = objective
    self.optimizer = optimizer
  }

  public var name: String { objective.adjustment == 0 ? "supcon" : "supcon-adjusted" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { String(describing: Encoder.self) + " with prototypes" }
  public var parameters: [Parameter] {
    [Parameter("temperature", .real(objective.temperature)), Parameter("adjustment", .real(objective.adjustment))]
  }

  static func labels(_ batch: Batch<Float>) -> [Int] {
    guard let labels = batch.labels else { ContractViolation.trap("SupervisedContrastiveObjective: the batch has no labels") }
    return labels
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let (x, labels, objective) = (batch.x, Self.labels(batch), self.objective)
    // One forward pass: the embeddings serve the loss, its gradient and the reported bound.
    let (embeddings, encoderPullback) = valueWithPullback(at: model.encoder) { encoder in encoder(x) }
    let prototypes = model.prototypes
    let (loss, lossPullback) = valueWithPullback(at: embeddings, prototypes) { z, w in objective.loss(z, w, labels: labels) }
    let (embeddingGradient, prototypeGradient) = lossPullback(Tensor(1))
    (lastEmbeddings, lastPrototypes, lastLabels) = (embeddings, model.prototypes, labels)
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&model, along: Model.TangentVector(encoder: encoderPullback(embeddingGradient), prototypes: prototypeGradient))
    return Double(loss.scalar)
  }

  /// The I(Z; Y) bound on the last training batch, from the embeddings and prototypes its
  /// step used (computed when asked, not at every step).
  public func trainingValue() -> Double {
    guard let lastEmbeddings, let lastPrototypes else { return .nan }
    return objective.mutualInformationBound(lastEmbeddings, lastPrototypes, labels: lastLabels)
  }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let value = objective.mutualInformationBound(model.encoder(split.x), model.prototypes, labels: Self.labels(split))
    return (value, value)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [validate(on: split, evaluation: evaluation).value], candidatesPerRow: nil)
  }

  /// The class of each row of `x`: the prototype of the highest prior-free score.
  public func predictions(_ x: Tensor<Float>) -> [Int] {
    ClusterAssignments.argmax(objective.classScores(model.encoder(x), model.prototypes))
  }
}
