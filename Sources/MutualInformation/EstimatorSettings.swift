/// The settings every estimator of the `EstimatorRegistry` is built from; each estimator
/// reads the ones that apply to it (k-NN estimators `k`, `standardize` and `noise`; neural
/// ones `preset`, `critic`, …).
public struct EstimatorSettings: Sendable {
  /// Neighbours of k-NN estimators.
  public var k: Int = 3
  /// Whether k-NN estimators standardize each column first.
  public var standardize: Bool = true
  /// Tie-breaking noise of k-NN estimators, relative to each column's standard deviation;
  /// nil takes the estimator's default (`EstimatorEntry.defaultNoise`).
  public var noise: Double? = nil
  /// The seed of every random choice.
  public var seed: UInt64 = 0
  /// Whether the Gaussian estimators remove their finite-sample bias.
  public var biasCorrected: Bool = true
  /// Progress of the k-NN estimates that report it (`EstimatorEntry.reportsProgress`).
  public var progress: ProgressHandler? = nil
  /// Budget and architecture of the neural estimators; nil gives each bound its
  /// recommended preset (`NeuralPreset.recommended(for:)`).
  public var preset: NeuralPreset? = nil
  /// The critic of the neural lower bounds.
  public var critic: CriticKind = .separable
  /// SMILE's τ.
  public var clip: Double = 5
  /// α of alpha-infonce.
  public var alpha: Double = 0.01
  /// H(X) in nats for ba, when known.
  public var entropyOfX: Double? = nil
  /// Whether the neural critic bounds train on the columns' normal scores
  /// (`NeuralEstimator.normalScores`).
  public var normalScores: Bool = true

  /// Creates settings; every argument has the command line's default.
  public init(
    k: Int = 3, standardize: Bool = true, noise: Double? = nil, seed: UInt64 = 0, biasCorrected: Bool = true,
    progress: ProgressHandler? = nil, preset: NeuralPreset? = nil, critic: CriticKind = .separable, clip: Double = 5,
    alpha: Double = 0.01, entropyOfX: Double? = nil, normalScores: Bool = true
  ) {
    self.normalScores = normalScores
    self.k = k
    self.standardize = standardize
    self.noise = noise
    self.seed = seed
    self.biasCorrected = biasCorrected
    self.progress = progress
    self.preset = preset
    self.critic = critic
    self.clip = clip
    self.alpha = alpha
    self.entropyOfX = entropyOfX
  }
}
