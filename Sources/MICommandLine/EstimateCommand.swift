import ArgumentParser
import Foundation
import MutualInformation

/// `mi estimate`: mutual information (or conditional mutual information) between columns of a file.
struct EstimateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estimate",
    abstract: "Estimate I(X;Y), or I(X;Y|Z) with --z, between columns of a data file.",
    discussion: """
      Columns are chosen by name, by 0-based index, or by ranges START:END (END excluded), \
      separated by commas: --x 'a,b' --y 2 --z 3:6.

      Examples:
        mi estimate data.csv --x x1,x2 --y y
        mi estimate data.npy --x 0 --y 1 --estimator ksg2 --k 5 --permutations 200
        mi estimate data.csv --x a --y b --z c --estimator gaussian --format json
        cat data.tsv | mi estimate - --x 0 --y 1 --bits
        mi estimate data.csv --x 0:20 --y 20:40 --estimator infonce --steps 3000 --log curve.csv
      """)

  @OptionGroup var input: InputOptions

  @Option(name: .customLong("x"), help: "The columns of X.")
  var x: String

  @Option(name: .customLong("y"), help: "The columns of Y.")
  var y: String

  @Option(name: .customLong("z"), help: "The columns of Z, to estimate I(X;Y|Z).")
  var z: String?

  @OptionGroup var estimatorOptions: EstimatorOptions

  @Option(parsing: .unconditional, help: "Permutation test with this many shuffles (0: none).")
  var permutations: Int = 0

  @Option(parsing: .unconditional, help: "Bootstrap confidence interval with this many resamples (0: none).")
  var bootstrap: Int = 0

  @Option(parsing: .unconditional, help: "Coverage of the bootstrap interval.")
  var confidence: Double = 0.95

  @Option(name: .customLong("interval-method"),
          help: "How --bootstrap re-estimates: subsampling (half the rows without replacement, rate-corrected; the default for k-NN estimators, which repeated rows bias), retraining (all rows, another seed each time: another split, initialization and batch order; the default for neural estimators), resampling (with replacement; the default for the others), or auto.")
  var intervalMethod: IntervalMethodName = .auto

  @Option(help: "Neural estimators: write the training curve (step, training and validation bound) to this CSV file.")
  var log: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard permutations >= 0 else { throw ValidationError("--permutations must be ≥ 0, got \(permutations)") }
    guard bootstrap == 0 || bootstrap >= 2 else { throw ValidationError("--bootstrap needs at least 2 resamples, got \(bootstrap)") }
    if intervalMethod != .auto && bootstrap == 0 {
      throw ValidationError("--interval-method chooses how --bootstrap draws rows; give --bootstrap N too")
    }
    guard confidence > 0 && confidence < 1 else { throw ValidationError("--confidence must lie strictly between 0 and 1, got \(confidence)") }
    if z != nil {
      try estimatorOptions.require("conditional MI", context: "with --z ") { $0.conditional($1) != nil }
    }
    if log != nil && !estimatorOptions.estimator.mutualInformation(estimatorOptions.settings).trainsModel {
      throw ValidationError("--log writes the training curve of a neural estimator; --estimator \(estimatorOptions.estimator.rawValue) is not one")
    }
    if let log { try OutputFile.checkWritable(log, option: "--log") }
  }

  /// The permutation test and the bootstrap asked for, with the seed of the estimator.
  var significance: Significance {
    Significance(
      test: permutations > 0 ? PermutationTest(permutations: permutations, seed: estimatorOptions.seed) : nil,
      interval: bootstrap > 0
        ? Bootstrap(resamples: bootstrap, confidenceLevel: confidence, seed: estimatorOptions.seed, method: intervalMethod.method) : nil)
  }

  func run() throws {
    let start = ContinuousClock.now
    let table = try input.load()
    var specifications = [(label: "X", option: "--x", spec: x), (label: "Y", option: "--y", spec: y)]
    if let z { specifications.append((label: "Z", option: "--z", spec: z)) }
    let roles = try ColumnRoles(table: table, specifications: specifications)
    let entry = estimatorOptions.estimator.entry
    var settings = estimatorOptions.settings
    // The status line shows the first estimate's progress and is silent after it.
    let status = StatusLine(samples: table.rowCount, estimator: estimatorOptions.estimator)
    settings.progress = status.progress
    let (xm, ym) = (roles.matrix(0), roles.matrix(1))
    var analysis: Significance.Analysis
    var nearestNeighbors = false
    do {
      if z != nil, let conditional = entry.makeConditional(settings) {
        analysis = try significance.analyze(conditional, xm, ym, given: roles.matrix(2), whenEstimated: status.clear)
      } else {
        let estimator = entry.makeMutualInformation(settings)
        nearestNeighbors = estimator is any NearestNeighborEstimator
        let curve = TrainingCurve(label: estimator.name, steps: estimatorOptions.steps, shown: estimator.trainsModel)
        analysis = try significance.analyze(
          estimator, xm, ym, observing: curve.observe, whenEstimated: { status.clear(); curve.finish() })
        if let log { try curve.write(to: log) }
      }
    } catch {
      status.clear()
      throw roles.failure(error)
    }
    if let interval = analysis.interval, interval.method == .resampling, nearestNeighbors {
      analysis.estimate.warnings.append(
        .note("resampling with replacement repeats rows, which k-NN estimators see as zero-distance neighbours: the interval is shifted upward and does not cover the truth; use --interval-method subsampling (the default for them)"))
    }
    var labelled = [(label: "X", columns: roles.names(0)), (label: "Y", columns: roles.names(1))]
    if z != nil { labelled.append((label: "Z", columns: roles.names(2))) }
    let report = Report(
      estimate: analysis.estimate, unit: output.unit, roles: labelled, source: table.source, permutation: analysis.permutation,
      bootstrap: analysis.interval, seconds: seconds(since: start), columnName: roles.columnName, inputWarnings: table.warnings)
    print(try report.rendered(output.format))
  }
}

/// `--interval-method`: how the rows of bootstrap re-estimates are drawn.
enum IntervalMethodName: String, CaseIterable, ExpressibleByArgument {
  case auto, resampling, subsampling, retraining

  var method: Bootstrap.Method {
    switch self {
    case .auto: return .automatic
    case .resampling: return .resampling
    case .retraining: return .retraining
    case .subsampling: return .halfSampling
    }
  }
}
