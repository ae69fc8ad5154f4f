/// One evaluation during training: the step (1-based), the bound on the training batch,
/// and the bound on the validation split (nats).
public struct TrainingRecord: Sendable, Equatable, Codable {
  public var step: Int
  public var trainingValue: Double
  public var validationValue: Double?

  /// Creates a record.
  public init(step: Int, trainingValue: Double, validationValue: Double?) {
    self.step = step
    self.trainingValue = trainingValue
    self.validationValue = validationValue
  }
}
