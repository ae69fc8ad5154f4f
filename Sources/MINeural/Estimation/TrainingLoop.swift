import Foundation
import MIClassical
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The training, early stopping and held-out evaluation shared by every bound.
struct TrainingLoop {
  let estimator: NeuralEstimator
  let data: SplitData

  var preset: NeuralPreset { estimator.preset }
  var evaluation: HeldOutEvaluation { HeldOutEvaluation(chunkSize: preset.evaluationBatchSize, batchSize: preset.batchSize) }

  /// Draws training batches without replacement, reshuffling after each pass.
  struct BatchSampler {
    var generator: SeededGenerator
    var order: [Int] = []
    var cursor = 0
    let count: Int
    let size: Int

    mutating func next() -> [Int] {
      if cursor + size > order.count {
        order = generator.permutation(of: count)
        cursor = 0
      }
      defer { cursor += size }
      return Array(order[cursor..<(cursor + size)])
    }
  }

  /// Trains `critic` on `bound` (a lower bound) and reports the bound on the test split.
  func run<C: Critic, B: ScoreBound>(
    _ critic: C, _ bound: B, _ onEvaluation: ((TrainingRecord) -> Void)?
  ) throws(EstimationError) -> NeuralEstimator.Result where C.Scalar == Float, B.Scalar == Float {
    var critic = critic
    var bound = bound
    var adam = Adam<Float>(learningRate: Float(preset.learningRate))
    var sampler = BatchSampler(generator: SeededGenerator(seed: estimator.seed &+ 2), count: data.xTrain.shape[0], size: preset.batchSize)
    var best = critic
    var bestValidation = -Double.infinity
    var bestStep = 0
    var stale = 0
    var log: [TrainingRecord] = []
    var stepsRun = 0
    for step in 1...preset.steps {
      stepsRun = step
      let rows = sampler.next()
      let (x, y) = (data.xTrain.gatheringRows(at: rows), data.yTrain.gatheringRows(at: rows))
      critic.prepareForStep()
      let (scores, pullback) = valueWithPullback(at: critic) { c in c.scores(x, y) }
      let (loss, scoreGradient) = valueWithGradient(at: scores) { s in bound.loss(s) }
      guard loss.scalar.isFinite else { throw .trainingDiverged(step: step, quantity: "\(bound.name) training loss") }
      adam.update(&critic, along: pullback(scoreGradient))
      bound.observe(scores)
      if step % preset.evaluationInterval == 0 || step == preset.steps {
        let measured = evaluation.measure(
          critic, data.xValidation, data.yValidation, squareOnly: !bound.acceptsSampledNegatives
        ) { (bound.value($0), bound.validationCriterion($0)) }
        let validation = Self.mean(measured.map(\.0)), criterion = Self.mean(measured.map(\.1))
        guard validation.isFinite, criterion.isFinite else {
          throw .trainingDiverged(step: step, quantity: "\(bound.name) validation value")
        }
        let record = TrainingRecord(step: step, trainingValue: bound.value(scores), validationValue: validation)
        log.append(record)
        onEvaluation?(record)
        if criterion > bestValidation {
          (best, bestValidation, bestStep, stale) = (critic, criterion, step, 0)
        } else {
          stale += 1
          if stale >= preset.patience { break }
        }
      }
    }
    let values = evaluation.values(of: bound, critic: best, data.xTest, data.yTest)
    return result(
      bound: bound.name, direction: .lower, values: values, log: log, stepsRun: stepsRun, bestStep: bestStep,
      candidates: bound.acceptsSampledNegatives ? evaluation.candidatesPerRow(count: data.xTest.shape[0]) : nil)
  }

  /// H(X) of the standardized x for Barber–Agakov, given by the user or estimated.
  enum EntropyOfX {
    case given(Double)
    case estimated(Double, uncorrected: Double)

    var value: Double {
      switch self {
      case .given(let value), .estimated(let value, _): value
      }
    }
  }

  /// Fits the Gaussian conditional by likelihood (early stopping on validation likelihood)
  /// and reports the upper bound `reporting` on the test split.
  func runConditional<B: ScoreBound>(
    _ model: GaussianConditional<Float>, reporting bound: B, _ onEvaluation: ((TrainingRecord) -> Void)?,
    entropyOfX: EntropyOfX? = nil
  ) throws(EstimationError) -> NeuralEstimator.Result where B.Scalar == Float {
    var q = model
    var adam = Adam<Float>(learningRate: Float(preset.learningRate))
    var sampler = BatchSampler(generator: SeededGenerator(seed: estimator.seed &+ 2), count: data.xTrain.shape[0], size: preset.batchSize)
    var best = q
    var bestLikelihood = Double.infinity
    var bestStep = 0
    var stale = 0
    var log: [TrainingRecord] = []
    var stepsRun = 0
    let validationBatches = SplitData.batches(data.xValidation, data.yValidation, size: preset.batchSize)
    for step in 1...preset.steps {
      stepsRun = step
      let rows = sampler.next()
      let (x, y) = (data.xTrain.gatheringRows(at: rows), data.yTrain.gatheringRows(at: rows))
      let (loss, gradient) = valueWithGradient(at: q) { q in q.negativeLogLikelihood(x, y) }
      guard loss.scalar.isFinite else { throw .trainingDiverged(step: step, quantity: "negative log-likelihood of q(y|x)") }
      adam.update(&q, along: gradient)
      if step % preset.evaluationInterval == 0 || step == preset.steps {
        let likelihood = Self.mean(validationBatches.map { Double(q.negativeLogLikelihood($0.0, $0.1).scalar) })
        guard likelihood.isFinite else { throw .trainingDiverged(step: step, quantity: "validation negative log-likelihood") }
        let validation = Self.mean(validationBatches.map { bound.value(q.scores($0.0, $0.1)) })
        let record = TrainingRecord(step: step, trainingValue: bound.value(q.scores(x, y)), validationValue: validation)
        log.append(record)
        onEvaluation?(record)
        if likelihood < bestLikelihood {
          (best, bestLikelihood, bestStep, stale) = (q, likelihood, step, 0)
        } else {
          stale += 1
          if stale >= preset.patience { break }
        }
      }
    }
    let values = evaluation.values(of: bound, critic: best, data.xTest, data.yTest)
    var outcome = result(
      bound: bound.name, direction: bound.direction, values: values, log: log, stepsRun: stepsRun, bestStep: bestStep)
    switch entropyOfX {
    case .given(let value)?:
      outcome.estimate.parameters.append(Parameter("entropy of X (standardized, given)", .real(value)))
    case .estimated(let value, let uncorrected)?:
      outcome.estimate.parameters.append(Parameter("entropy of X", .real(value)))
      outcome.estimate.parameters.append(Parameter("entropy of X, uncorrected", .real(uncorrected)))
      outcome.estimate.warnings.append(.note(
        "ba adds H(X) to the decoder's log-likelihood, here a Kozachenko–Leonenko estimate on the standardized training split with its bias on a Gaussian reference removed: the value is a lower bound only up to that estimate's error; pass H(X) when you know it"))
    case nil: break
    }
    return outcome
  }

  /// The estimate from the held-out values; `candidates` is the candidates per row of the
  /// chunked evaluation (nil: batches of the training batch size).
  private func result(
    bound: String, direction: BoundDirection, values: [Double], log: [TrainingRecord], stepsRun: Int, bestStep: Int,
    candidates: Int? = nil
  ) -> NeuralEstimator.Result {
    let mean = Self.mean(values)
    var parameters: [Parameter] = [
      Parameter("critic", .text([.club, .l1out, .ba].contains(estimator.bound) ? "gaussian-conditional" : estimator.critic.rawValue)),
      Parameter("batch size", .integer(preset.batchSize)),
      Parameter("hidden", .text(preset.hidden.map(String.init).joined(separator: ","))),
      Parameter("learning rate", .real(preset.learningRate)),
      Parameter("steps", .integer(stepsRun)),
      Parameter("best step", .integer(bestStep)),
      Parameter(candidates == nil ? "test batches" : "test blocks", .integer(values.count)),
      Parameter("seed", .integer(Int(truncatingIfNeeded: estimator.seed))),
    ]
    var warnings: [EstimationWarning] = []
    if values.count >= 2 {
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
      let standardError = (variance / Double(values.count)).squareRoot()
      parameters.append(Parameter("standard error", .real(standardError)))
      // Unreliable: more than half a nat and more than 5% of the value (CLUB's tens of
      // nats vary by more than half a nat between batches without being in doubt).
      if standardError > 0.5, standardError > 0.05 * abs(mean) {
        warnings.append(.note(String(
          format: "the %d test \(candidates == nil ? "batches" : "blocks") disagree (standard error %.2f nats): the value is unreliable; ",
          values.count, standardError) + Self.varianceAdvice(for: bound)))
      }
    }
    if estimator.bound == .smile { parameters.append(Parameter("clip", .real(estimator.smileClip))) }
    if estimator.bound == .alphaInfonce { parameters.append(Parameter("alpha", .real(estimator.alpha))) }
    if estimator.bound == .wdm {
      warnings.append(.note(
        "wdm is a Wasserstein distance between p(x,y) and p(x)p(y) under a 1-Lipschitz critic, in units of the standardized data: not an MI bound and not in nats; compare it only with other wdm values"))
    }
    if let candidates { parameters.append(Parameter("candidates per row", .integer(candidates))) }
    let k = candidates ?? min(preset.batchSize, data.xTest.shape[0])
    let ceiling = Double(Float.log(Float(k)))
    if estimator.bound == .infonce, mean > ceiling - 0.25 {
      warnings.append(.note(String(
        format: "InfoNCE is capped at log K = %.3f nats for K = %d candidates per row, and the estimate is within 0.25 nats of it: the true value may be much higher; use more samples (the test split bounds K), a larger evaluation size, or another bound",
        ceiling, k)))
    }
    let estimate = Estimate(
      value: mean, quantity: .mutualInformation, kind: direction == .lower ? .lowerBound : .upperBound,
      estimator: bound, sampleCount: data.sampleCount, parameters: parameters,
      preprocessing: [
        Parameter("standardize", .text("with the training split's means and standard deviations")),
        Parameter("split", .text(String(format: "%.0f%% training, %.0f%% validation, %.0f%% test",
          estimator.trainingFraction * 100, estimator.validationFraction * 100,
          (1 - estimator.trainingFraction - estimator.validationFraction) * 100))),
      ],
      warnings: warnings)
    return NeuralEstimator.Result(estimate: estimate, log: log)
  }

  /// What to do about test values that disagree, naming only other bounds than `bound`.
  static func varianceAdvice(for bound: String) -> String {
    let exponential = ["nwj", "js", "mine", "dv", "tuba"]
    let steadier = ["smile", "infonce"].filter { $0 != bound }
    let more = "use more samples, or run several seeds and report their spread"
    if exponential.contains(bound) {
      return "bounds with an exponential term (\(exponential.joined(separator: ", "))) have a variance that grows like e^I, so prefer \(steadier.joined(separator: " or ")) at high MI, or \(more)"
    }
    return more
  }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }
}
