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
  func trainDensity<B: ScoreBound>(bound: B, predictingX: Bool = false) throws(EstimationError) -> NeuralEstimator.Result
  where B.Scalar == Float {
    var generator = SeededGenerator(seed: estimator.seed &+ 1)
    let split = predictingX ? data.swapped() : data
    let q = GaussianConditional<Float>(
      xDimension: split.xTrain.shape[1], yDimension: split.yDimension, hidden: preset.hidden, using: &generator)
    let objective = try ConditionalDensityObjective(model: q, bound: bound, optimizer: Adam(learningRate: Float(preset.learningRate)))
    return try estimator.trainAndReport(objective, split, onEvaluation)
  }

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
