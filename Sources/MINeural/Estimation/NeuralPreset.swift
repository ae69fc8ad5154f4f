/// The training budget and architecture of a `NeuralEstimator`.
///
/// The defaults work out of the box on the benchmark tasks (correlated Gaussians of 5 to
/// 20 dimensions with 1 to 8 nats, on standardized data), and each has a reason:
/// - `batchSize` 128: InfoNCE cannot exceed log K = 4.85 nats; larger batches raise that
///   ceiling at K² cost for joint critics.
/// - `hidden` [256, 256], `embedding` 32: the critic of Poole et al. (2019) and SMILE's
///   staircase experiments; enough for every benchmark task. Where X and Y have at most 5
///   columns each, the recommended preset trains the smaller `compactCritic` (64, 64 at
///   10⁻³) instead: as accurate there and several times faster (`sizesCriticToData`).
/// - `learningRate` 10⁻⁴ with Adam: those experiments use 5·10⁻⁴ with a fresh batch every
///   step, but on a fixed data set of a few thousand samples that rate overfits between
///   two validations (the best critic was often the first one, at step 100) and pushed
///   NWJ, MINE and TUBA 1–1.5 nats lower at 8 nats (BENCHMARKS.md, "Presets").
/// - `steps` 5000 with validation every 100 steps and `patience` 5: a cap; early stopping
///   ends most runs between steps 1000 and 3000 and keeps the best critic on held-out data.
/// - `evaluationBatchSize` 1024: held-out splits are scored in chunks of 1024 to 2047
///   samples, all pairs of a chunk (see `NeuralEstimator`), so InfoNCE's ceiling at
///   evaluation is log E (6.9 nats and more) instead of the training batch's log K, and the
///   exponential terms of NWJ, DV, MINE and JS average over a million negatives instead
///   of sixteen thousand. A split smaller than that is one chunk.
public struct NeuralPreset: Sendable, Equatable {
  /// K, the pairs per batch (each batch yields K positives and K(K − 1) negatives).
  public var batchSize: Int
  /// Hidden widths of every MLP.
  public var hidden: [Int]
  /// Output width of the separable and bilinear encoders.
  public var embedding: Int
  /// Adam's step size.
  public var learningRate: Double
  /// The most training steps.
  public var steps: Int
  /// Steps between evaluations on the validation split.
  public var evaluationInterval: Int
  /// Evaluations without improvement before training stops.
  public var patience: Int
  /// Joint critic only: sampled negatives per row instead of all K − 1 (nil: all pairs).
  public var negatives: Int?
  /// E, the chunk size in which the validation and test splits are scored (all pairs of
  /// a chunk; each row has E − 1 negatives).
  public var evaluationBatchSize: Int
  /// The density bounds only (ba, club, l1out): other hidden widths of q(y|x) fitted besides
  /// `hidden`, each from the same seed; the q with the best validation likelihood is kept
  /// (and `hidden` wins ties). Empty: `hidden` alone. Critics ignore it.
  public var alternativeDensityWidths: [[Int]]
  /// Critics only: when true, `hidden` and `learningRate` are chosen from the data's
  /// dimensions at training time (`sized(xDimension:yDimension:)`): the compact critic
  /// where X and Y have at most `compactDimensionLimit` columns each, `hidden` and
  /// `learningRate` as set otherwise. `recommended(for:)` sets it; a preset built with
  /// explicit widths or rate leaves it false.
  public var sizesCriticToData: Bool

  /// Creates a preset; see the type's documentation for the defaults' reasons.
  public init(
    batchSize: Int = 128, hidden: [Int] = [256, 256], embedding: Int = 32, learningRate: Double = 1e-4,
    steps: Int = 5000, evaluationInterval: Int = 100, patience: Int = 5, negatives: Int? = nil,
    evaluationBatchSize: Int = 1024, alternativeDensityWidths: [[Int]] = [], sizesCriticToData: Bool = false
  ) {
    self.sizesCriticToData = sizesCriticToData
    self.alternativeDensityWidths = alternativeDensityWidths
    self.negatives = negatives
    self.evaluationBatchSize = evaluationBatchSize
    self.batchSize = batchSize
    self.hidden = hidden
    self.embedding = embedding
    self.learningRate = learningRate
    self.steps = steps
    self.evaluationInterval = evaluationInterval
    self.patience = patience
  }
}

extension NeuralPreset {
  /// The preset of the bounds that fit a Gaussian conditional density (ba, club, l1out):
  /// one hidden layer of 32 units and Adam at 10⁻³, q fitted a second time with 4 units
  /// (`alternativeDensityWidths`) and the fit with the better validation likelihood kept,
  /// the rest as the default.
  ///
  /// The reason: a density model's mean network that fits its training split better than the
  /// noise allows leaves residuals smaller than the noise, so q's variance shrinks and CLUB,
  /// which is proportional to q's precision, rises. With the default 256×256 networks at
  /// 10⁻⁴, CLUB on dense Gaussians (every correlation 0.5, 5,000 samples) lay 21%, 24%, 51%
  /// and 47% above its value at the true conditional for 2, 5, 10 and 20 dimensions; with
  /// this preset (and q's linear path) the median over seeds lies within 5%, and a fit takes
  /// 0.3–1.3 s instead of 2–5 s (BENCHMARKS.md, "CLUB at its closed form"). Cheng et al.
  /// (2020) also fit CLUB's q with small networks.
  ///
  /// Why two widths: L1Out with a fitted q falls below its exact-conditional value by the
  /// fit's excess negative log-likelihood. With 32 units alone that left it 1–2.5 standard
  /// errors below I on the same Gaussians at 10 and 20 dimensions; 4 units close the gap
  /// (medians within 0.04 nats at 1–20 dimensions) but lose 0.56 nats on a sine they
  /// cannot follow. The validation likelihood picks the smaller excess on the data at hand.
  public static var densityModel: NeuralPreset {
    NeuralPreset(hidden: [32], learningRate: 1e-3, alternativeDensityWidths: [[4]])
  }

  /// The hidden widths a density bound fits q with, in order: `hidden`, then
  /// `alternativeDensityWidths`.
  public var densityWidthCandidates: [[Int]] { [hidden] + alternativeDensityWidths.filter { $0 != hidden } }

  /// The preset a bound gets when none is given: `densityModel` for the bounds that fit a
  /// conditional density; for the critic-based ones the default, sized to the data when
  /// training starts (`sizesCriticToData`).
  public static func recommended(for bound: NeuralBoundKind) -> NeuralPreset {
    if case .conditionalDensity = bound.model { return .densityModel }
    return NeuralPreset(sizesCriticToData: true)
  }

  /// The most columns X and Y may each have for the compact critic.
  public static let compactDimensionLimit = 5

  /// The critic of low-dimensional data: hidden widths 64, 64 and Adam at 10⁻³.
  ///
  /// The reason (BENCHMARKS.md, "Neural estimators against bmi and torch-mist"): on the
  /// suite's tasks with X and Y of 1 to 5 dimensions (Gaussians, Student-t, transforms;
  /// 5,000 samples, 3 seeds) it is 3–12× faster than 256, 256 at 10⁻⁴ with a median error
  /// that is smaller (0.07 nats against 0.09), because the small network converges in
  /// fewer steps at the larger rate; on correlated Gaussians of 5 dimensions at 1, 4 and 8
  /// nats every lower bound is as close as with the default. At 20 dimensions it falls
  /// 0.3–1.2 nats short, so wider data keep the default widths and rate.
  public static var compactCritic: (hidden: [Int], learningRate: Double) { ([64, 64], 1e-3) }

  /// This preset as training uses it on X with `dx` and Y with `dy` columns: unchanged
  /// unless `sizesCriticToData`; then the compact critic's widths and rate where both have
  /// at most `compactDimensionLimit` columns. The result no longer sizes itself.
  public func sized(xDimension dx: Int, yDimension dy: Int) -> NeuralPreset {
    guard sizesCriticToData else { return self }
    var result = self
    result.sizesCriticToData = false
    if max(dx, dy) <= Self.compactDimensionLimit {
      (result.hidden, result.learningRate) = Self.compactCritic
    }
    return result
  }
}
