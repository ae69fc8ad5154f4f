import ArgumentParser
import Foundation
import MutualInformation

extension DataFormat: ExpressibleByArgument {}
extension CriticKind: ExpressibleByArgument {}

/// Options shared by the commands that read a data file.
struct InputOptions: ParsableArguments {
  @Argument(help: "A CSV or TSV file with a header row, a NumPy .npy file, or - for standard input.")
  var file: String

  @Option(name: .customLong("input-format"), help: "Read the file as csv, tsv or npy (default: from the extension or the content).")
  var inputFormat: DataFormat?

  @Flag(name: .customLong("no-header"), help: "CSV/TSV: the first line is data, not column names (columns are then 0, 1, …).")
  var noHeader = false

  /// Reads the table.
  func load() throws -> DataTable {
    do {
      return try DataLoader.load(path: file, format: inputFormat, hasHeader: !noHeader)
    } catch {
      throw CommandFailure(error.description)
    }
  }
}

/// Options that choose and tune the estimator.
struct EstimatorOptions: ParsableArguments {
  @Option(name: .customLong("estimator"),
          help: "The estimator (see `mi estimators`; default: ksg1 for estimate and total-correlation, kl for entropy).")
  var chosenEstimator: EstimatorName?

  /// The estimator given, or ksg1 (the commands whose default differs say so).
  var estimator: EstimatorName { chosenEstimator ?? .ksg1 }

  @Option(parsing: .unconditional, help: "The number of nearest neighbours of k-NN estimators.")
  var k: Int = 3

  @Option(parsing: .unconditional, help: "The seed of every random step: tie-breaking noise, permutations, bootstrap resamples.")
  var seed: UInt64 = 0

  @Option(parsing: .unconditional, help: "Tie-breaking noise of k-NN estimators, relative to each column's standard deviation (default 1e-10; 0 for mixed).")
  var noise: Double?

  @Flag(name: .customLong("no-standardize"), help: "Do not standardize columns before k-NN estimation.")
  var noStandardize = false

  @Flag(name: .customLong("no-bias-correction"), help: "Turn off the analytic bias correction of gaussian and copula.")
  var noBiasCorrection = false

  @Option(parsing: .unconditional, help: "Neural estimators: the most training steps.")
  var steps: Int = NeuralPreset().steps

  @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Neural estimators: pairs per batch K (InfoNCE is capped at log K).")
  var batchSize: Int = NeuralPreset().batchSize

  @Option(help: "Neural estimators: hidden widths of every MLP, comma-separated (default: 64,64 where X and Y have at most 5 columns each, 256,256 otherwise; for the density bounds ba, club and l1out, 32 or 4, whichever q fits the validation split better).")
  var hidden: String?

  @Option(parsing: .unconditional, help: "Neural estimators: Adam's learning rate (default: 0.001 where X and Y have at most 5 columns each, 0.0001 otherwise; 0.001 for ba, club and l1out).")
  var lr: Double?

  @Option(help: "Neural lower bounds: the critic, separable, bilinear or joint.")
  var critic: CriticKind = .separable

  @Option(parsing: .unconditional, help: "Joint critic: sampled negatives per row instead of all pairs (at most batch size − 1).")
  var negatives: Int?

  @Option(name: .customLong("evaluation-size"), parsing: .unconditional,
          help: "Neural estimators: held-out splits are scored in chunks of this many samples, all pairs (InfoNCE is capped at log of it at evaluation).")
  var evaluationSize: Int = NeuralPreset().evaluationBatchSize

  @Option(name: .customLong("evaluation-interval"), parsing: .unconditional,
          help: "Neural estimators: training steps between evaluations on the validation split.")
  var evaluationInterval: Int = NeuralPreset().evaluationInterval

  @Option(parsing: .unconditional, help: "Neural estimators: evaluations without improvement on the validation split before training stops (early stopping).")
  var patience: Int = NeuralPreset().patience

  @Flag(name: .customLong("no-normal-scores"),
        help: "Neural critic bounds: train on the columns as given (standardized) instead of their normal scores (the empirical Gaussian copula, which leaves MI unchanged and tames heavy tails).")
  var noNormalScores = false

  @Option(name: .customLong("entropy-x"), parsing: .unconditional,
          help: "ba: H(X) in nats of the data as given, when known (default: estimated by Kozachenko–Leonenko, bias-corrected).")
  var entropyX: Double?

  @Option(parsing: .unconditional, help: "SMILE: the clipping threshold τ.")
  var clip: Double = 5

  @Option(parsing: .unconditional, help: "alpha-infonce: the interpolation weight α in [0, 1] (1: InfoNCE, 0: TUBA).")
  var alpha: Double = 0.01

  func validate() throws {
    guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k)") }
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    guard batchSize >= 2 else {
      throw ValidationError("--batch-size must be at least 2 (one positive and one negative pair per row), got \(batchSize)")
    }
    guard evaluationSize >= 2 else {
      throw ValidationError("--evaluation-size must be at least 2 (one positive and one negative pair per row), got \(evaluationSize)")
    }
    guard evaluationInterval >= 1 else { throw ValidationError("--evaluation-interval must be at least 1 step, got \(evaluationInterval)") }
    guard patience >= 1 else { throw ValidationError("--patience must be at least 1 evaluation, got \(patience)") }
    if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive number, got \(lr)") }
    if let entropyX {
      guard estimator == .ba else { throw ValidationError("--entropy-x is H(X) for --estimator ba; \(estimator.rawValue) does not use it") }
      guard entropyX.isFinite else { throw ValidationError("--entropy-x must be a finite number of nats, got \(entropyX)") }
    }
    guard clip > 0 else { throw ValidationError("--clip must be positive, got \(clip)") }
    guard alpha >= 0 && alpha <= 1 else { throw ValidationError("--alpha must lie in [0, 1], got \(alpha)") }
    if let negatives, negatives < 1 {
      throw ValidationError("--negatives must be at least 1 (sampled negatives per row), got \(negatives)")
    }
    if let hidden, hiddenWidths == nil {
      throw ValidationError("--hidden must be positive whole numbers separated by commas, such as 256,256; got '\(hidden)'")
    }
    if let noise, !(noise >= 0 && noise.isFinite) {
      throw ValidationError("--noise must be a finite number ≥ 0, got \(noise)")
    }
  }

  /// Throws a validation error naming the estimators that can, when the chosen one cannot
  /// estimate `quantity`.
  func require(
    _ quantity: String, context: String = "", estimator: EstimatorName? = nil,
    _ supports: (EstimatorName, EstimatorName.Settings) -> Bool
  ) throws {
    let estimator = estimator ?? self.estimator
    guard !supports(estimator, settings) else { return }
    throw ValidationError(
      "--estimator \(estimator.rawValue) does not estimate \(quantity); \(context)use one of: "
        + EstimatorName.names { supports($0, settings) })
  }

  /// The parsed `--hidden`, nil when absent or malformed.
  var hiddenWidths: [Int]? {
    guard let hidden else { return nil }
    let parts = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
    return parts.map { $0! }
  }

  var settings: EstimatorName.Settings {
    var preset = estimator.neuralBound.map(NeuralPreset.recommended(for:)) ?? NeuralPreset()
    preset.steps = steps
    preset.batchSize = batchSize
    if let hiddenWidths {
      // Widths given: q is fitted with them alone, not chosen among candidates.
      preset.hidden = hiddenWidths
      preset.alternativeDensityWidths = []
    }
    preset.learningRate = lr ?? preset.learningRate
    // Widths or rate given: the critic is not sized to the data.
    if hiddenWidths != nil || lr != nil { preset.sizesCriticToData = false }
    preset.negatives = negatives
    preset.evaluationBatchSize = evaluationSize
    preset.evaluationInterval = evaluationInterval
    preset.patience = patience
    return EstimatorName.Settings(
      k: k, standardize: !noStandardize, noise: noise, seed: seed, biasCorrected: !noBiasCorrection, preset: preset,
      critic: critic, clip: clip, alpha: alpha, entropyOfX: entropyX, normalScores: !noNormalScores)
  }
}

/// Options that choose how results are printed.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Report in bits instead of nats.")
  var bits = false

  @Option(help: "Output format: text, json or csv.")
  var format: ReportFormat = .text

  var unit: InformationUnit { bits ? .bits : .nats }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
