import Foundation
import MIEstimation
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
public struct NeuralEstimator: SeededMutualInformationEstimator {
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
  /// Barber–Agakov only: the estimator of H(X) of the standardized training split when
  /// `entropyOfX` is nil (the registry's `ba` gives `GaussianReferenceEntropyEstimator`:
  /// Kozachenko–Leonenko with a Gaussian-reference bias correction).
  public var entropyEstimator: (any EntropyEstimator)?
  /// The critic bounds that report MI (not wdm or jsd): train on each column's normal
  /// scores (`Matrix.normalScores()`, the empirical Gaussian copula) instead of the values
  /// as given. A strictly increasing map of each column leaves I(X;Y) unchanged, and heavy
  /// tails no longer reach the critic: on a Student-t with one degree of freedom (5,000
  /// samples, 3 seeds) NWJ failed on every seed and SMILE lay 0.30 nats above the truth on
  /// the values, and were within 0.01 and 0.06 below it on the scores (BENCHMARKS.md).
  /// The density bounds (ba, club, l1out) always use the values: BA's H(X) is of X as given.
  public var normalScores: Bool

  public var name: String { bound.rawValue }

  /// Creates an estimator; without a `preset`, the bound's recommended one
  /// (`NeuralPreset.recommended(for:)`: smaller networks for the density bounds).
  public init(
    bound: NeuralBoundKind = .infonce, critic: CriticKind = .separable, preset: NeuralPreset? = nil,
    trainingFraction: Double = 0.7, validationFraction: Double = 0.15, smileClip: Double = 5, alpha: Double = 0.01,
    seed: UInt64 = 0, entropyOfX: Double? = nil, entropyEstimator: (any EntropyEstimator)? = nil, normalScores: Bool = true
  ) {
    self.normalScores = normalScores
    self.entropyOfX = entropyOfX
    self.entropyEstimator = entropyEstimator
    self.alpha = alpha
    self.bound = bound
    self.critic = critic
    self.preset = preset ?? .recommended(for: bound)
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

  /// Trains and evaluates, calling `observe` after each validation.
  public func estimate(_ x: Matrix, _ y: Matrix, observing observe: ((TrainingRecord) -> Void)?) throws(EstimationError) -> Estimate {
    try train(x, y, onEvaluation: observe).estimate
  }

  /// Whether training uses the columns' normal scores: `normalScores` for a critic bound
  /// that reports MI.
  public var transformsToNormalScores: Bool {
    guard normalScores, bound.reportsMutualInformation, case .critic = bound.model else { return false }
    return true
  }

  /// Every estimate trains a critic (or a conditional density).
  public var trainsModel: Bool { true }

  /// The same estimator with another seed: another split, initialization and batch order.
  public func withSeed(_ seed: UInt64) -> NeuralEstimator {
    var result = self
    result.seed = seed
    return result
  }

  /// Trains and evaluates; `onEvaluation` is called after each validation (for progress).
  public func train(
    _ x: Matrix, _ y: Matrix, onEvaluation: ((TrainingRecord) -> Void)? = nil
  ) throws(EstimationError) -> Result {
    // Constant columns are left out; a constant variable shares no information.
    let reduction = try ConstantColumns([(.x, x), (.y, y)])
    try validateSettings()
    if reduction.hasConstantVariable {
      return Result(estimate: reduction.zero(.mutualInformation, estimator: name, sampleCount: x.rows), log: [])
    }
    let (rx, ry) = (reduction.variables[0], reduction.variables[1])
    if preset.sizesCriticToData, case .critic = bound.model {
      var sized = self
      sized.preset = preset.sized(xDimension: rx.columns, yDimension: ry.columns)
      return try sized.train(x, y, onEvaluation: onEvaluation)
    }
    try checkMemory(xDimension: rx.columns, yDimension: ry.columns, samples: x.rows)
    var result: Result
    if transformsToNormalScores {
      result = try trainChecked(rx.normalScores(), ry.normalScores(), onEvaluation: onEvaluation)
      result.estimate.preprocessing.insert(Parameter("marginals", .text("normal scores of average ranks, of all rows before the split")), at: 0)
    } else {
      result = try trainChecked(rx, ry, onEvaluation: onEvaluation)
    }
    try checkOutcome(result.estimate.value)
    try checkBelowZero(result.estimate)
    result.estimate.warnings = reduction.warnings + result.estimate.warnings + looseUpperBoundWarnings(result.estimate, rx, ry)
    return result
  }

  /// A lower bound's held-out value far below 0 means a critic worse than a constant one
  /// (which scores 0): training diverged or the critic overfits its training split, and the
  /// number is no estimate. Far: below −max(0.1 nats, 3 standard errors of the test
  /// batches), so that estimates of independent data, which scatter around 0, pass.
  private func checkBelowZero(_ estimate: Estimate) throws(EstimationError) {
    guard bound.reportsMutualInformation, estimate.kind == .lowerBound else { return }
    let standardError = estimate.parameters.first { $0.name == "standard error" }.flatMap { parameter -> Double? in
      if case .real(let value) = parameter.value { return value }
      return nil
    } ?? 0
    if let failure = Self.belowZeroFailure(value: estimate.value, standardError: standardError, name: name, learningRate: preset.learningRate) {
      throw .trainingFailed(failure)
    }
  }

  /// The message when a lower bound's held-out `value` lies below −max(0.1, 3 × standard
  /// error), nil otherwise (see `checkBelowZero`).
  package static func belowZeroFailure(value: Double, standardError: Double, name: String, learningRate: Double) -> String? {
    let limit = -max(0.1, 3 * standardError)
    guard value < limit else { return nil }
    return String(format: "the held-out %@ value is %.3f nats, below 0 by more than max(0.1, 3 standard errors) = %.3f: ", name, value, -limit)
      + "the critic scores held-out pairs worse than a constant critic would (which scores 0), so training diverged or overfits and this is no estimate. "
      + "Use a bound with less variance (infonce, smile), a smaller learning rate (--lr, now \(learningRate)), or more samples"
  }

  /// An upper bound (CLUB, L1Out) far above the Gaussian estimate of the same data is
  /// likely loose rather than close: CLUB at a conditional q(y|x) grows like 1/Var(Y|X), so
  /// where Y is nearly a function of X it can exceed the MI by hundreds of nats (at
  /// correlation 0.999, CLUB at the true conditional is 500 nats, the MI 3.1). The warning
  /// says so when the bound exceeds 5 × the Gaussian value + 5 nats.
  private func looseUpperBoundWarnings(_ estimate: Estimate, _ x: Matrix, _ y: Matrix) -> [EstimationWarning] {
    guard estimate.kind == .upperBound, estimate.value > 5 else { return [] }
    let joint = Matrix(columns: (0..<x.columns).map(x.column) + (0..<y.columns).map(y.column)).covariance()
    let dx = x.columns, d = joint.rows
    guard let all = joint.logDeterminantSPD(), let lx = joint.submatrix(Array(0..<dx)).logDeterminantSPD(),
      let ly = joint.submatrix(Array(dx..<d)).logDeterminantSPD()
    else { return [] }
    let gaussian = max(0, 0.5 * (lx + ly - all))
    guard estimate.value > 5 * gaussian + 5 else { return [] }
    return [
      .note(
        String(
          format: "%@'s upper bound %.1f nats is far above the Gaussian estimate of the same data (%.2f nats): it is likely loose, not close. ",
          name, estimate.value, gaussian)
          + "CLUB grows like 1/Var(Y|X) and can exceed the MI by orders of magnitude where Y is nearly a function of X; "
          + "read it as an upper bound only, and compare with a lower bound (infonce, smile) or a k-NN estimate (ksg)")
    ]
  }

  /// The largest width of a hidden layer, a sanity limit independent of memory.
  public static let maximumWidth = 1 << 20

  /// A generous estimate of the memory that training and evaluation need, in bytes, and
  /// the part of it taken by parameters (weights, gradients, Adam's two moments and the
  /// best critic kept for early stopping: 6 copies of 4-byte floats).
  ///
  /// Activations: every layer's outputs for the rows pushed through the networks at once,
  /// counted 4 times (outputs, pre-activations and their gradients): K rows for
  /// separable, bilinear and conditional critics (2E − 1 at evaluation), K² or K(1 + m)
  /// pairs for the joint critic (65 536 pairs per evaluation block).
  public func memoryRequirement(xDimension dx: Int, yDimension dy: Int, samples n: Int) -> (total: Double, parameters: Double) {
    func parameters(_ widths: [Int]) -> Double {
      zip(widths, widths.dropFirst()).reduce(0.0) { $0 + (Double($1.0) + 1) * Double($1.1) }
    }
    func activations(_ widths: [Int]) -> Double { widths.reduce(0.0) { $0 + Double($1) } }
    let k = Double(preset.batchSize)
    let heldOut = Int((Double(n) * max(validationFraction, 1 - trainingFraction - validationFraction)).rounded(.up))
    let evaluationRows = Double(min(2 * preset.evaluationBatchSize - 1, max(heldOut, 2)))
    var weights: Double
    var rowsTimesWidths: Double
    switch bound.model {
    case .conditionalDensity(let predictsX):
      // The candidates are fitted one after another: the largest sets the need.
      let (input, output) = predictsX ? (dy, dx) : (dx, dy)
      let candidates = preset.densityWidthCandidates.map { [input] + $0 + [2 * output] }
      weights = candidates.map(parameters).max() ?? 0
      rowsTimesWidths = max(k, evaluationRows) * (candidates.map(activations).max() ?? 0)
    case .critic:
      let h = preset.hidden
      switch critic {
      case .separable, .bilinear:
        let (gx, gy) = ([dx] + h + [preset.embedding], [dy] + h + [preset.embedding])
        weights = parameters(gx) + parameters(gy) + (critic == .bilinear ? Double(preset.embedding * preset.embedding) : 0)
        rowsTimesWidths = max(k, evaluationRows) * (activations(gx) + activations(gy))
      case .joint:
        let widths = [dx + dy] + h + [1]
        weights = parameters(widths)
        let pairs = k * (preset.negatives.map { 1 + Double($0) } ?? k)
        rowsTimesWidths = max(pairs, 65_536) * activations(widths)
      }
    }
    let parameterBytes = 6 * 4 * weights
    return (parameterBytes + 4 * 4 * rowsTimesWidths, parameterBytes)
  }

  /// Refuses settings whose networks or batches cannot fit in memory, before any work.
  private func checkMemory(xDimension dx: Int, yDimension dy: Int, samples n: Int) throws(EstimationError) {
    let widths = preset.hidden.map(String.init).joined(separator: ",")
    if let wide = (preset.hidden + preset.alternativeDensityWidths.joined()).first(where: { $0 > Self.maximumWidth }) {
      throw .tooLarge(
        "hidden width \(wide) (--hidden \(widths)) is above the limit of \(Self.maximumWidth); critics need widths of a few hundred (the default is 256,256)")
    }
    let (total, parameterBytes) = memoryRequirement(xDimension: dx, yDimension: dy, samples: n)
    let available = Double(ProcessInfo.processInfo.physicalMemory) / 2
    guard total > available else { return }
    let culprit = parameterBytes > total / 2
      ? "the networks of widths \(widths) on \(dx) + \(dy) input dimensions (weights and optimizer state)"
      : "the activations of batch size \(preset.batchSize)\(critic == .joint ? " (the joint critic scores K² pairs)" : "") through widths \(widths)"
    throw .tooLarge(
      "training would need about \(Self.describeBytes(total)), more than half of this machine's memory (\(Self.describeBytes(available)) of \(Self.describeBytes(2 * available))), "
        + "mostly for \(culprit); use smaller --hidden widths (the default is 256,256) or a smaller --batch-size")
  }

  /// A held-out value that no trained estimator can report: a bound (in nats) below −log K,
  /// far below 0, the least an MI can be and what a constant critic scores.
  private func checkOutcome(_ value: Double) throws(EstimationError) {
    let floor = -Foundation.log(Double(max(preset.batchSize, 2)))
    guard !value.isFinite || value < floor else { return }
    let shown = value.isFinite ? String(format: "%.4g nats", value) : "\(value)"
    throw .trainingFailed(
      "the held-out \(name) value is \(shown), below −log K = \(String(format: "%.2f", floor)) for batch size K = \(preset.batchSize) and far below 0, "
        + "the least mutual information can be (a constant critic scores 0): the critic did not learn, so this is no estimate. "
        + "Train longer (--steps, now \(preset.steps)), with the default widths 256,256 (now \(preset.hidden.map(String.init).joined(separator: ","))) "
        + "or a smaller learning rate (--lr, now \(preset.learningRate))")
  }

  /// Bytes in words: "12.0 GB".
  static func describeBytes(_ bytes: Double) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
    var value = bytes
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    if value >= 1000 { return String(format: "%.1e bytes", bytes) }
    return String(format: "%.1f", value) + " " + units[unit]
  }

  /// `train` on finite data without constant columns: the bound's kind builds its
  /// objective and trains it (`NeuralTrainingContext`).
  private func trainChecked(
    _ x: Matrix, _ y: Matrix, onEvaluation: ((TrainingRecord) -> Void)?
  ) throws(EstimationError) -> Result {
    let data = try SplitData(x: x, y: y, trainingFraction: trainingFraction, validationFraction: validationFraction,
                             batchSize: preset.batchSize, seed: seed)
    return try bound.train(NeuralTrainingContext(estimator: self, data: data, onEvaluation: onEvaluation))
  }

  /// Trains `objective` with the `Trainer`, evaluates the best one on the test split and
  /// builds the estimate from what the objective reports.
  func trainAndReport<O: TrainingObjective>(
    _ objective: O, _ data: SplitData, _ onEvaluation: ((TrainingRecord) -> Void)?
  ) throws(EstimationError) -> Result where O.Scalar == Float {
    try report(fit(objective, data, onEvaluation), data)
  }

  /// Trains `objective` with the `Trainer` on the training split, early stopping on the
  /// validation split.
  func fit<O: TrainingObjective>(
    _ objective: O, _ data: SplitData, _ onEvaluation: ((TrainingRecord) -> Void)?
  ) throws(EstimationError) -> Trainer.Outcome<O> where O.Scalar == Float {
    let trainer = Trainer(
      batchSize: preset.batchSize, steps: preset.steps, evaluationInterval: preset.evaluationInterval, patience: preset.patience,
      seed: seed &+ 2)
    return try trainer.train(objective, on: data.training, validation: data.validation, evaluation: heldOutEvaluation, onEvaluation: onEvaluation)
  }

  /// How held-out splits are scored.
  private var heldOutEvaluation: HeldOutEvaluation {
    HeldOutEvaluation(chunkSize: preset.evaluationBatchSize, batchSize: preset.batchSize)
  }

  /// Evaluates the best objective of `outcome` on the test split and builds the estimate;
  /// `hidden` is the widths its model was built with (the preset's unless a density bound
  /// chose others), `extra` what else to report.
  func report<O: TrainingObjective>(
    _ outcome: Trainer.Outcome<O>, _ data: SplitData, hidden: [Int]? = nil, extra: [Parameter] = []
  ) throws(EstimationError) -> Result where O.Scalar == Float {
    let heldOut = outcome.best.evaluate(on: data.test, evaluation: heldOutEvaluation)
    let result = report(outcome, heldOut, data, hidden: hidden ?? preset.hidden, extra: extra)
    if outcome.best.reportsMutualInformation { try checkOutcome(result.estimate.value) }
    return result
  }

  /// The estimate from the held-out values and what the objective reports.
  private func report<O: TrainingObjective>(
    _ outcome: Trainer.Outcome<O>, _ heldOut: HeldOutValues, _ data: SplitData, hidden: [Int], extra: [Parameter]
  ) -> Result {
    let objective = outcome.best
    let values = heldOut.values
    let candidates = heldOut.candidatesPerRow
    let mean = HeldOutEvaluation.mean(values)
    var parameters: [Parameter] = [
      Parameter("critic", .text(objective.modelDescription)),
      Parameter("batch size", .integer(preset.batchSize)),
      Parameter("hidden", .text(hidden.map(String.init).joined(separator: ","))),
      Parameter("learning rate", .real(preset.learningRate)),
      Parameter("steps", .integer(outcome.stepsRun)),
      Parameter("best step", .integer(outcome.bestStep)),
      Parameter(candidates == nil ? "test batches" : "test blocks", .integer(values.count)),
      Parameter("seed", .integer(Int(truncatingIfNeeded: seed))),
    ] + extra
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
    parameters += objective.parameters
    if let candidates { parameters.append(Parameter("candidates per row", .integer(candidates))) }
    warnings += objective.warnings(value: mean, candidates: candidates ?? min(preset.batchSize, data.xTest.shape[0]))
    let estimate = Estimate(
      value: mean, quantity: .mutualInformation, kind: objective.direction == .lower ? .lowerBound : .upperBound,
      estimator: objective.name, sampleCount: data.sampleCount, parameters: parameters,
      preprocessing: [
        Parameter("standardize", .text("with the training split's means and standard deviations")),
        Parameter("split", .text(String(format: "%.0f%% training, %.0f%% validation, %.0f%% test",
          trainingFraction * 100, validationFraction * 100, (1 - trainingFraction - validationFraction) * 100))),
      ],
      warnings: warnings)
    return Result(estimate: estimate, log: outcome.log)
  }

  /// What to do about test values that disagree, naming only other bounds than `bound`.
  static func varianceAdvice(for bound: NeuralBoundKind) -> String {
    let exponential = NeuralBoundKind.allCases.filter { $0.variance == .exponential }.map(\.rawValue)
    let steadier = NeuralBoundKind.allCases.filter { $0.variance == .steady && $0 != bound }.map(\.rawValue)
    let more = "use more samples, or run several seeds and report their spread"
    if bound.variance == .exponential {
      return "bounds with an exponential term (\(exponential.joined(separator: ", "))) have a variance that grows like e^I, so prefer \(steadier.joined(separator: " or ")) at high MI, or \(more)"
    }
    return more
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
    if let bad = p.alternativeDensityWidths.firstIndex(where: { $0.isEmpty || $0.contains { $0 <= 0 } }) {
      throw .invalidParameter(name: "alternative density widths", value: "\(p.alternativeDensityWidths[bad])",
                              reason: "entry \(bad + 1) needs at least one positive width")
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
    guard smileClip > 0, smileClip.isFinite else { throw .invalidParameter(name: "clip", value: "\(smileClip)", reason: "SMILE's τ must be positive") }
    if let m = p.negatives {
      if case .conditionalDensity = bound.model {
        throw .invalidParameter(name: "negatives", value: String(m),
                                reason: "sampled negatives apply to critics; \(bound.rawValue) fits a Gaussian conditional density on its own batches")
      }
      guard critic == .joint else {
        throw .invalidParameter(name: "negatives", value: String(m),
                                reason: "sampled negatives apply to the joint critic (the \(critic.rawValue) critic scores all pairs at the cost of K)")
      }
      guard m >= 1 else {
        throw .invalidParameter(name: "negatives", value: String(m), reason: "must be at least 1 sampled negative per row")
      }
      guard m <= p.batchSize - 1 else {
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
