import MIEstimation
import MINumerics
import MITensor

/// The one training loop of the toolkit: batches drawn without replacement (reshuffled after
/// each pass), one `TrainingObjective.step` and `afterStep` per batch, an evaluation on the
/// validation split every `evaluationInterval` steps, and early stopping that keeps the
/// objective whose validation criterion was best in the objective's `direction` (highest
/// for lower bounds, lowest for upper bounds) and stops after `patience` evaluations
/// without improvement.
public struct Trainer: Sendable {
  /// Samples per training batch.
  public var batchSize: Int
  /// The most steps.
  public var steps: Int
  /// Steps between validations.
  public var evaluationInterval: Int
  /// Validations without improvement before stopping.
  public var patience: Int
  /// The seed of the batch order.
  public var seed: UInt64

  /// Creates a trainer.
  public init(batchSize: Int, steps: Int, evaluationInterval: Int = 100, patience: Int = 5, seed: UInt64 = 0) {
    self.batchSize = batchSize
    self.steps = steps
    self.evaluationInterval = evaluationInterval
    self.patience = patience
    self.seed = seed
  }

  /// What training produced: the best objective (its models as they were at `bestStep`),
  /// the validation curve and the steps run.
  public struct Outcome<Objective: TrainingObjective> {
    /// The objective at its best validation.
    public var best: Objective
    /// One record per validation.
    public var log: [TrainingRecord]
    /// Steps run (fewer than the budget after early stopping).
    public var stepsRun: Int
    /// The step of the best validation.
    public var bestStep: Int
    /// The objective's validation criterion at `bestStep` (larger is better for lower bounds,
    /// smaller for upper bounds).
    public var bestCriterion: Double
  }

  /// Trains `objective` on `training`, validating on `validation`; `onEvaluation` is called
  /// after each validation.
  public func train<Objective: TrainingObjective>(
    _ objective: Objective, on training: Batch<Objective.Scalar>, validation: Batch<Objective.Scalar>,
    evaluation: HeldOutEvaluation, onEvaluation: ((TrainingRecord) -> Void)? = nil
  ) throws(EstimationError) -> Outcome<Objective> {
    var objective = objective
    var sampler = BatchSampler(generator: SeededGenerator(seed: seed), count: training.count, size: batchSize)
    let maximizes = objective.direction == .lower
    var best = objective
    var bestCriterion = maximizes ? -Double.infinity : Double.infinity
    var bestStep = 0
    var stale = 0
    var log: [TrainingRecord] = []
    var stepsRun = 0
    for step in 1...steps {
      stepsRun = step
      let batch = training.selecting(rows: sampler.next())
      let loss = objective.step(on: batch)
      guard loss.isFinite else { throw .trainingDiverged(step: step, quantity: objective.lossDescription) }
      objective.afterStep(on: batch)
      if step % evaluationInterval == 0 || step == steps {
        let (value, criterion) = objective.validate(on: validation, evaluation: evaluation)
        guard value.isFinite, criterion.isFinite else {
          throw .trainingDiverged(step: step, quantity: objective.criterionDescription)
        }
        let record = TrainingRecord(step: step, trainingValue: objective.trainingValue(), validationValue: value)
        log.append(record)
        onEvaluation?(record)
        if maximizes ? criterion > bestCriterion : criterion < bestCriterion {
          (best, bestCriterion, bestStep, stale) = (objective, criterion, step, 0)
        } else {
          stale += 1
          if stale >= patience { break }
        }
      }
    }
    return Outcome(best: best, log: log, stepsRun: stepsRun, bestStep: bestStep, bestCriterion: bestCriterion)
  }

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
}
