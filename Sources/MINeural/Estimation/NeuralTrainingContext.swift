import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor

/// What a `NeuralBoundKind` builds its objective from: the estimator's settings and the
/// split data. It builds the critic of the estimator's `CriticKind` (or the Gaussian
/// conditional of a density bound), puts it together with the bound, trains it with the
/// `Trainer` and reports the held-out estimate.
struct NeuralTrainingContext {
  let estimator: NeuralEstimator
  let data: SplitData
  let onEvaluation: ((TrainingRecord) -> Void)?

  var preset: NeuralPreset { estimator.preset }

  /// Trains a critic of the estimator's kind on `bound`; `lipschitz` makes it 1-Lipschitz
  /// (spectral normalization).
  func train<B: ScoreBound>(bound: B, lipschitz: Bool = false) throws(EstimationError) -> NeuralEstimator.Result
  where B.Scalar == Float {
    try withCritic(lipschitz: lipschitz, Plain(context: self, bound: bound))
  }

  /// Trains a critic of the estimator's kind with a learned baseline b(y) on `bound`.
  func train<B: ScoreBound>(bound: B, baseline: BaselineArrangement) throws(EstimationError) -> NeuralEstimator.Result
  where B.Scalar == Float {
    try withCritic(lipschitz: false, Baselined(context: self, bound: bound, arrangement: baseline))
  }

  /// What to do with the critic built for the estimator's `CriticKind`.
  private protocol CriticVisitor {
    func visit<C: Critic>(_ critic: C, _ generator: inout SeededGenerator) throws(EstimationError) -> NeuralEstimator.Result
    where C.Scalar == Float
  }

  private struct Plain<B: ScoreBound>: CriticVisitor where B.Scalar == Float {
    let context: NeuralTrainingContext
    let bound: B
    func visit<C: Critic>(_ critic: C, _ generator: inout SeededGenerator) throws(EstimationError) -> NeuralEstimator.Result
    where C.Scalar == Float {
      try context.train(critic: critic, bound)
    }
  }

  private struct Baselined<B: ScoreBound>: CriticVisitor where B.Scalar == Float {
    let context: NeuralTrainingContext
    let bound: B
    let arrangement: BaselineArrangement
    func visit<C: Critic>(_ critic: C, _ generator: inout SeededGenerator) throws(EstimationError) -> NeuralEstimator.Result
    where C.Scalar == Float {
      let baselined = BaselineCritic(
        inner: critic, yDimension: context.data.yDimension, hidden: [64], arrangement: arrangement, using: &generator)
      return try context.train(critic: baselined, bound)
    }
  }

  /// Builds the critic of the estimator's kind (initialized from seed + 1) and hands it to
  /// `visitor`: the one place that knows the critic families.
  private func withCritic<V: CriticVisitor>(lipschitz: Bool, _ visitor: V) throws(EstimationError) -> NeuralEstimator.Result {
    var generator = SeededGenerator(seed: estimator.seed &+ 1)
    let (dx, dy, p) = (data.xTrain.shape[1], data.yDimension, preset)
    switch estimator.critic {
    case .separable:
      let critic = SeparableCritic<Float>(
        xDimension: dx, yDimension: dy, hidden: p.hidden, embedding: p.embedding, spectrallyNormalized: lipschitz, using: &generator)
      return try visitor.visit(critic, &generator)
    case .bilinear:
      let critic = BilinearCritic<Float>(xDimension: dx, yDimension: dy, hidden: p.hidden, embedding: p.embedding, using: &generator)
      return try visitor.visit(critic, &generator)
    case .joint:
      let critic = JointCritic<Float>(xDimension: dx, yDimension: dy, hidden: p.hidden, spectrallyNormalized: lipschitz, using: &generator)
      return try visitor.visit(critic, &generator)
    }
  }

  fileprivate func train<C: Critic, B: ScoreBound>(
    critic: C, _ bound: B
  ) throws(EstimationError) -> NeuralEstimator.Result where C.Scalar == Float, B.Scalar == Float {
    let negatives = preset.negatives.map { ShuffledNegatives(count: $0, seed: estimator.seed &+ 3) }
    let objective = try CriticObjective(
      critic: critic, bound: bound, negatives: negatives, optimizer: Adam(learningRate: Float(preset.learningRate)),
      criticName: estimator.critic.rawValue)
    return try estimator.trainAndReport(objective, data, onEvaluation)
  }

  /// Fits a Gaussian conditional by likelihood and reports `bound` from its log-densities:
  /// q(y|x), or with `predictingX` a decoder q(x|y).
  ///
  /// q is fitted once for each of the preset's `densityWidthCandidates` (from the same seed)
  /// and the one with the best validation likelihood is reported. The reason: a fitted q
  /// moves the density bounds by the fit's excess negative log-likelihood, KL(p ‖ q̂), which
  /// grows with q's size where the conditional is simple (L1Out fell 1–2.5 standard errors
  /// below I on dense Gaussians of 10–20 dimensions with 32 hidden units) and with its
  /// misfit where it is not (4 units lost 0.5 nats on a sine); the held-out likelihood
  /// tells which is the case. When several were fitted, the kept fit's curve is passed to
  /// `onEvaluation` after all of them have run.
  func trainDensity<B: ScoreBound>(bound: B, predictingX: Bool = false) throws(EstimationError) -> NeuralEstimator.Result
  where B.Scalar == Float {
    let split = predictingX ? data.swapped() : data
    let candidates = preset.densityWidthCandidates
    var kept: (outcome: Trainer.Outcome<ConditionalDensityObjective<B>>, widths: [Int], likelihood: Double)?
    var tried: [String] = []
    var firstFailure: EstimationError?
    for widths in candidates {
      var generator = SeededGenerator(seed: estimator.seed &+ 1)
      let q = GaussianConditional<Float>(
        xDimension: split.xTrain.shape[1], yDimension: split.yDimension, hidden: widths, using: &generator)
      let objective = try ConditionalDensityObjective(model: q, bound: bound, optimizer: Adam(learningRate: Float(preset.learningRate)))
      let outcome: Trainer.Outcome<ConditionalDensityObjective<B>>
      do {
        outcome = try estimator.fit(objective, split, candidates.count == 1 ? onEvaluation : nil)
      } catch {
        firstFailure = firstFailure ?? error
        continue
      }
      // The criterion is the negative log-likelihood for upper bounds, its negative for lower.
      let likelihood = bound.direction == .upper ? outcome.bestCriterion : -outcome.bestCriterion
      tried.append("\(widths.map(String.init).joined(separator: ",")): \(Self.nats(likelihood))")
      if kept == nil || likelihood < kept!.likelihood { kept = (outcome, widths, likelihood) }
    }
    guard let kept else { throw firstFailure! }
    var extra: [Parameter] = []
    if candidates.count > 1 {
      kept.outcome.log.forEach { onEvaluation?($0) }
      extra.append(Parameter("q widths tried (validation negative log-likelihood)", .text(tried.joined(separator: "; "))))
    }
    return try estimator.report(kept.outcome, split, hidden: kept.widths, extra: extra)
  }

  /// A value in nats with four decimals.
  private static func nats(_ value: Double) -> String { String(format: "%.4f", value) }

  /// The Barber–Agakov bound with H(X) of the standardized x: given (less the log-scales of
  /// standardization) or estimated on the training split.
  func barberAgakov() throws(EstimationError) -> BarberAgakov<Float> {
    if let entropyOfX = estimator.entropyOfX {
      return BarberAgakov(entropy: entropyOfX - data.xLogScale, origin: .given)
    }
    guard let entropyEstimator = estimator.entropyEstimator else {
      throw .invalidParameter(
        name: "entropy of X", value: "none",
        reason: "ba needs H(X): give it (entropyOfX, --entropy-x) or an entropy estimator (entropyEstimator; the registry's ba uses GaussianReferenceEntropyEstimator)")
    }
    let estimate = try entropyEstimator.entropy(data.trainingXMatrix)
    let uncorrected = estimate.parameters.first { $0.name == "uncorrected" }.flatMap { parameter -> Double? in
      if case .real(let value) = parameter.value { return value }
      return nil
    }
    return BarberAgakov(entropy: estimate.value, origin: .estimated(by: estimate.estimator, uncorrected: uncorrected))
  }
}
