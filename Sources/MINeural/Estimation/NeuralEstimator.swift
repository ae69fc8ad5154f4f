import MIClassical
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Estimates I(X;Y) by training a neural critic on a bound, with the care an honest number
/// needs: the data are standardized with statistics of the training split; the critic is
/// trained on the training split with Adam; the bound on the validation split picks the
/// best critic (early stopping); and the reported value is the bound on the held-out test
/// split with a standard error. Held-out splits are scored in chunks of
/// `preset.evaluationBatchSize` samples with all pairs of a chunk, each chunk's rows in
/// blocks whose values give the standard error (`HeldOutEvaluation`); the bounds that need
/// the square matrix (α-InfoNCE, CLUB, L1Out, BA) use batches of the training batch size.
///
/// Lower bounds (InfoNCE, NWJ, DV, MINE, JS, SMILE, TUBA, α-InfoNCE) report a value below
/// I in expectation (InfoNCE also below log K); upper bounds (CLUB, L1Out) fit a Gaussian
/// q(y|x) by likelihood and report a value above I for a well-fitted q; Barber–Agakov fits
/// a Gaussian decoder q(x|y); WDM reports a Wasserstein dependency, not nats.
public struct NeuralEstimator: MutualInformationEstimator {
  /// The bound to train and report.
  public var bound: NeuralBoundKind
  /// The critic family (lower bounds).
  public var critic: CriticKind
  /// Budget and architecture.
  public var preset: NeuralPreset
  /// Fractions of the samples for training and validation; the rest is the test split.
  public var trainingFraction: Double
  public var validationFraction: Double
  /// SMILE's τ.
  public var smileClip: Double
  /// α of the interpolated bound (`alpha-infonce`).
  public var alpha: Double
  /// The seed of the split, the initialization and the batches.
  public var seed: UInt64
  /// Barber–Agakov only: H(X) in nats, of the data as given (not standardized), when it is
  /// known (X is an input you control); nil estimates it (`MarginalEntropy`: Kozachenko–
  /// Leonenko with a Gaussian-reference bias correction).
  public var entropyOfX: Double?

  public var name: String { bound.rawValue }

  /// Creates an estimator.
  public init(
    bound: NeuralBoundKind = .infonce, critic: CriticKind = .separable, preset: NeuralPreset = NeuralPreset(),
    trainingFraction: Double = 0.7, validationFraction: Double = 0.15, smileClip: Double = 5, alpha: Double = 0.01,
    seed: UInt64 = 0, entropyOfX: Double? = nil
  ) {
    self.entropyOfX = entropyOfX
    self.alpha = alpha
    self.bound = bound
    self.critic = critic
    self.preset = preset
    self.trainingFraction = trainingFraction
    self.validationFraction = validationFraction
    self.smileClip = smileClip
    self.seed = seed
  }

  /// The estimate and the training curve.
  public struct Result: Sendable {
    public var estimate: Estimate
    public var log: [TrainingRecord]
  }

  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try train(x, y).estimate
  }

  /// Trains and evaluates; `onEvaluation` is called after each validation (for progress).
  public func train(
    _ x: Matrix, _ y: Matrix, onEvaluation: ((TrainingRecord) -> Void)? = nil
  ) throws(EstimationError) -> Result {
    try InputValidation.check([(.x, x), (.y, y)])
    try InputValidation.checkNotConstant([(.x, x), (.y, y)])
    try validateSettings()
    let data = try SplitData(x: x, y: y, trainingFraction: trainingFraction, validationFraction: validationFraction,
                             batchSize: preset.batchSize, seed: seed)
    var generator = SeededGenerator(seed: seed &+ 1)
    let (dx, dy) = (x.columns, y.columns)
    let p = preset
    switch bound {
    case .club, .l1out:
      let q = GaussianConditional<Float>(xDimension: dx, yDimension: dy, hidden: p.hidden, using: &generator)
      if bound == .club {
        return try TrainingLoop(estimator: self, data: data).runConditional(q, reporting: CLUB<Float>(), onEvaluation)
      }
      return try TrainingLoop(estimator: self, data: data).runConditional(q, reporting: L1Out<Float>(), onEvaluation)
    case .ba:
      // The decoder q(x|y) predicts x from y; H(X) of the standardized x, given (less the
      // log-scales of standardization) or estimated on the training split.
      let decoder = GaussianConditional<Float>(xDimension: dy, yDimension: dx, hidden: p.hidden, using: &generator)
      let entropy: TrainingLoop.EntropyOfX
      if let entropyOfX {
        entropy = .given(entropyOfX - data.xLogScale)
      } else {
        let estimate = try MarginalEntropy(data.trainingXMatrix, seed: seed &+ 4)
        entropy = .estimated(estimate.value, uncorrected: estimate.uncorrected)
      }
      return try TrainingLoop(estimator: self, data: data.swapped())
        .runConditional(decoder, reporting: BarberAgakov<Float>(entropy: entropy.value), onEvaluation, entropyOfX: entropy)
    default:
      // The Wasserstein dependency measure needs a 1-Lipschitz critic.
      let lipschitz = bound == .wdm
      switch critic {
      case .separable:
        return try trainLowerBound(
          SeparableCritic<Float>(
            xDimension: dx, yDimension: dy, hidden: p.hidden, embedding: p.embedding, spectrallyNormalized: lipschitz,
            using: &generator),
          data, &generator, onEvaluation)
      case .bilinear:
        return try trainLowerBound(
          BilinearCritic<Float>(xDimension: dx, yDimension: dy, hidden: p.hidden, embedding: p.embedding, using: &generator),
          data, &generator, onEvaluation)
      case .joint:
        var joint = JointCritic<Float>(xDimension: dx, yDimension: dy, hidden: p.hidden, spectrallyNormalized: lipschitz, using: &generator)
        joint.negativesPerRow = p.negatives
        joint.negativeSeed = seed &+ 3
        return try trainLowerBound(
          joint, data, &generator,
          onEvaluation)
      }
    }
  }

  private func trainLowerBound<C: Critic>(
    _ critic: C, _ data: SplitData, _ generator: inout SeededGenerator, _ onEvaluation: ((TrainingRecord) -> Void)?
  ) throws(EstimationError) -> Result where C.Scalar == Float {
    let loop = TrainingLoop(estimator: self, data: data)
    switch bound {
    case .infonce: return try loop.run(critic, InfoNCE<Float>(), onEvaluation)
    case .nwj: return try loop.run(critic, NWJ<Float>(), onEvaluation)
    case .dv: return try loop.run(critic, DonskerVaradhan<Float>(), onEvaluation)
    case .mine: return try loop.run(critic, MINE<Float>(), onEvaluation)
    case .js: return try loop.run(critic, JensenShannon<Float>(), onEvaluation)
    case .smile: return try loop.run(critic, SMILE<Float>(clip: smileClip), onEvaluation)
    case .tuba:
      let baselined = BaselineCritic(inner: critic, yDimension: data.yDimension, hidden: [64], using: &generator)
      return try loop.run(baselined, TUBA<Float>(), onEvaluation)
    case .wdm: return try loop.run(critic, WassersteinDependency<Float>(), onEvaluation)
    case .alphaInfonce:
      let interpolating = InterpolationCritic(inner: critic, yDimension: data.yDimension, hidden: [64], using: &generator)
      return try loop.run(interpolating, InterpolatedInfoNCE<Float>(alpha: alpha), onEvaluation)
    case .club, .l1out, .ba: fatalError("conditional-density bounds train a GaussianConditional")
    }
  }

  private func validateSettings() throws(EstimationError) {
    let p = preset
    guard p.batchSize >= 2 else {
      throw .invalidParameter(name: "batch size", value: String(p.batchSize),
                              reason: "a bound needs at least 2 pairs per batch (one positive and one negative per row)")
    }
    guard p.steps >= 1 else { throw .invalidParameter(name: "steps", value: String(p.steps), reason: "must be at least 1") }
    guard p.learningRate > 0, p.learningRate.isFinite else {
      throw .invalidParameter(name: "learning rate", value: "\(p.learningRate)", reason: "must be a positive number")
    }
    guard !p.hidden.isEmpty, p.hidden.allSatisfy({ $0 > 0 }), p.embedding > 0 else {
      throw .invalidParameter(name: "hidden", value: "\(p.hidden)", reason: "needs at least one positive width")
    }
    guard p.evaluationBatchSize >= 2 else {
      throw .invalidParameter(name: "evaluation batch size", value: String(p.evaluationBatchSize),
                              reason: "held-out chunks need at least 2 samples (one positive and one negative per row)")
    }
    guard p.evaluationInterval >= 1, p.patience >= 1 else {
      throw .invalidParameter(name: "evaluation interval / patience", value: "\(p.evaluationInterval) / \(p.patience)",
                              reason: "both must be at least 1")
    }
    guard trainingFraction > 0, validationFraction > 0, trainingFraction + validationFraction < 1 else {
      throw .invalidParameter(name: "split", value: "\(trainingFraction) / \(validationFraction)",
                              reason: "training and validation fractions must be positive and leave a test split")
    }
    guard smileClip > 0 else { throw .invalidParameter(name: "clip", value: "\(smileClip)", reason: "SMILE's τ must be positive") }
    if let m = p.negatives {
      guard critic == .joint, [.infonce, .nwj, .dv, .mine, .js, .smile, .wdm].contains(bound) else {
        throw .invalidParameter(name: "negatives", value: String(m),
                                reason: "sampled negatives apply to the joint critic with infonce, nwj, dv, mine, js, smile or wdm")
      }
      guard m >= 1, m <= p.batchSize - 1 else {
        throw .invalidParameter(name: "negatives", value: String(m),
                                reason: "more negatives than samples: a batch of \(p.batchSize) has \(p.batchSize - 1) other samples per row")
      }
    }
    if let entropyOfX {
      guard bound == .ba else {
        throw .invalidParameter(name: "entropy of X", value: "\(entropyOfX)", reason: "only the ba bound uses H(X)")
      }
      guard entropyOfX.isFinite else {
        throw .invalidParameter(name: "entropy of X", value: "\(entropyOfX)", reason: "must be a finite number of nats")
      }
    }
    guard alpha >= 0 && alpha <= 1 else { throw .invalidParameter(name: "alpha", value: "\(alpha)", reason: "must lie in [0, 1]") }
  }
}
