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
        let validation = Self.mean(SplitData.batches(data.xValidation, data.yValidation, size: preset.batchSize).map {
          bound.value(critic.scores($0.0, $0.1))
        })
        guard validation.isFinite else { throw .trainingDiverged(step: step, quantity: "\(bound.name) validation value") }
        let record = TrainingRecord(step: step, trainingValue: bound.value(scores), validationValue: validation)
        log.append(record)
        onEvaluation?(record)
        if validation > bestValidation {
          (best, bestValidation, bestStep, stale) = (critic, validation, step, 0)
        } else {
          stale += 1
          if stale >= preset.patience { break }
        }
      }
    }
    let values = SplitData.batches(data.xTest, data.yTest, size: preset.batchSize).map { bound.value(best.scores($0.0, $0.1)) }
    return result(bound: bound.name, direction: .lower, values: values, log: log, stepsRun: stepsRun, bestStep: bestStep)
  }

  /// Fits the Gaussian conditional by likelihood (early stopping on validation likelihood)
  /// and reports the upper bound `reporting` on the test split.
  func runConditional<B: ScoreBound>(
    _ model: GaussianConditional<Float>, reporting bound: B, _ onEvaluation: ((TrainingRecord) -> Void)?,
    entropyOfX: Double? = nil
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
    let values = SplitData.batches(data.xTest, data.yTest, size: preset.batchSize).map { bound.value(best.scores($0.0, $0.1)) }
    var outcome = result(
      bound: bound.name, direction: bound.direction, values: values, log: log, stepsRun: stepsRun, bestStep: bestStep)
    if let entropyOfX {
      outcome.estimate.parameters.append(Parameter("entropy of X", .real(entropyOfX)))
      outcome.estimate.warnings.append(.note(
        "ba adds H(X), here a Kozachenko–Leonenko estimate on the standardized training split, to the decoder's log-likelihood: the value is a lower bound only up to that estimate's error"))
    }
    return outcome
  }

  private func result(
    bound: String, direction: BoundDirection, values: [Double], log: [TrainingRecord], stepsRun: Int, bestStep: Int
  ) -> NeuralEstimator.Result {
    let mean = Self.mean(values)
    var parameters: [Parameter] = [
      Parameter("critic", .text([.club, .l1out, .ba].contains(estimator.bound) ? "gaussian-conditional" : estimator.critic.rawValue)),
      Parameter("batch size", .integer(preset.batchSize)),
      Parameter("hidden", .text(preset.hidden.map(String.init).joined(separator: ","))),
      Parameter("learning rate", .real(preset.learningRate)),
      Parameter("steps", .integer(stepsRun)),
      Parameter("best step", .integer(bestStep)),
      Parameter("test batches", .integer(values.count)),
      Parameter("seed", .integer(Int(truncatingIfNeeded: estimator.seed))),
    ]
    var warnings: [EstimationWarning] = []
    if values.count >= 2 {
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
      let standardError = (variance / Double(values.count)).squareRoot()
      parameters.append(Parameter("standard error", .real(standardError)))
      if standardError > 0.5 {
        warnings.append(.note(String(
          format: "the %d test batches disagree (standard error %.2f nats): the value is unreliable; bounds with an exponential term (nwj, js, mine, dv, tuba) have a variance that grows like e^I, so prefer smile or infonce at high MI, or use more samples",
          values.count, standardError)))
      }
    }
    if estimator.bound == .smile { parameters.append(Parameter("clip", .real(estimator.smileClip))) }
    if estimator.bound == .alphaInfonce { parameters.append(Parameter("alpha", .real(estimator.alpha))) }
    if estimator.bound == .wdm {
      warnings.append(.note(
        "wdm is a Wasserstein distance between p(x,y) and p(x)p(y) under a 1-Lipschitz critic, in units of the standardized data: not an MI bound and not in nats; compare it only with other wdm values"))
    }
    let k = min(preset.negatives.map { $0 + 1 } ?? preset.batchSize, data.xTest.shape[0])
    let ceiling = Double(Float.log(Float(k)))
    if estimator.bound == .infonce, mean > ceiling - 0.25 {
      warnings.append(.note(String(
        format: "InfoNCE is capped at log K = %.3f nats for K = %d candidates per row, and the estimate is within 0.25 nats of it: the true value may be much higher; use a larger batch size or another bound",
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

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }
}
