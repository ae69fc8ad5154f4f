import MIEstimation
import MITensor

/// Something a model is trained to maximize or minimize, in the spirit of torch-mist's
/// `MIEstimator.loss(x, y)`: a value that owns its model(s) and optimizer(s) and says
///
/// - its `direction` (lower bounds are maximized, upper bounds minimized), which also
///   drives early stopping on `validate`'s criterion;
/// - one optimization `step` on a batch (a min–max objective updates its two models with
///   its two optimizers here) and what happens `afterStep` (MINE's moving average, a
///   momentum encoder, a queue);
/// - the value it reports and how it is `evaluate`d on held-out data;
/// - the parameters and warnings its estimates record.
///
/// `Trainer` runs any conformer; `CriticObjective` (a critic with a score bound) and
/// `ConditionalDensityObjective` (a variational density with CLUB, L1Out or Barber–Agakov)
/// are the two kinds `NeuralEstimator` builds.
public protocol TrainingObjective<Scalar> {
  /// The scalar type of the batches.
  associatedtype Scalar: TensorScalar

  /// A short name for reports ("infonce", …).
  var name: String { get }
  /// `.lower`: the value and the validation criterion are maximized; `.upper`: minimized.
  var direction: BoundDirection { get }
  /// What the models are, for reports ("separable", "gaussian-conditional").
  var modelDescription: String { get }

  /// One optimization step on `batch`; returns the training loss (the trainer stops with an
  /// error when it is not finite).
  mutating func step(on batch: Batch<Scalar>) -> Double
  /// State updates after a step. The default does nothing.
  mutating func afterStep(on batch: Batch<Scalar>)
  /// The reported value on the last training batch.
  func trainingValue() -> Double
  /// The value and the early-stopping criterion (optimized in `direction`) on a held-out
  /// split.
  func validate(on split: Batch<Scalar>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double)
  /// The reported value on each block (or batch) of a held-out split.
  func evaluate(on split: Batch<Scalar>, evaluation: HeldOutEvaluation) -> HeldOutValues

  /// Settings recorded in the estimate. The default is none.
  var parameters: [Parameter] { get }
  /// Notes on a held-out value measured with `candidates` candidates per row. The default
  /// is none.
  func warnings(value: Double, candidates: Int) -> [EstimationWarning]
  /// Whether the value is in nats of mutual information. The default is true.
  var reportsMutualInformation: Bool { get }
  /// What `step`'s loss is, for the error when it diverges. The default is "NAME training loss".
  var lossDescription: String { get }
  /// What `validate`'s criterion is, for the error when it diverges.
  var criterionDescription: String { get }
}

extension TrainingObjective {
  public mutating func afterStep(on batch: Batch<Scalar>) {}
  public var parameters: [Parameter] { [] }
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] { [] }
  public var reportsMutualInformation: Bool { true }
  public var lossDescription: String { "\(name) training loss" }
  public var criterionDescription: String { "\(name) validation value" }
}

/// The held-out values of an objective: one per block (or batch), and the candidates each
/// row was scored against (nil when the split was scored in batches of the training size).
public struct HeldOutValues: Sendable, Equatable {
  /// One value per block or batch.
  public var values: [Double]
  /// Candidates per row of the chunked evaluation, nil for batches.
  public var candidatesPerRow: Int?

  /// Creates the values.
  public init(values: [Double], candidatesPerRow: Int?) {
    self.values = values
    self.candidatesPerRow = candidatesPerRow
  }
}
