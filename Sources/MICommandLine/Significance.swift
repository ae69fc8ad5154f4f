import MutualInformation

/// The straight path of `mi estimate`: the estimator estimates once, and the permutation
/// test and the bootstrap reuse that estimate as their observed value, so a neural estimator
/// trains exactly 1 + N + B times for N permutations and B resamples.
struct Significance {
  /// The permutation test, when asked for.
  var test: PermutationTest?
  /// The bootstrap interval, when asked for.
  var interval: Bootstrap?

  /// The estimate and what was asked for around it.
  struct Analysis {
    var estimate: Estimate
    var permutation: PermutationTest.Result?
    var interval: Bootstrap.Interval?
  }

  /// I(X;Y): `estimator` once (reporting training through `observe`), then again for each
  /// shuffle and resample, which take the first estimate as their observed value.
  func analyze(
    _ estimator: some MutualInformationEstimator, _ x: Matrix, _ y: Matrix,
    observing observe: ((TrainingRecord) -> Void)? = nil, whenEstimated: () -> Void = {}
  ) throws(EstimationError) -> Analysis {
    let estimate = try estimator.estimate(x, y, observing: observe)
    whenEstimated()
    var analysis = Analysis(estimate: estimate)
    if let test {
      let bar = ProgressBar(label: "permutations")
      analysis.permutation = try test.run(estimator, x, y, observed: estimate.value, progress: bar.update)
    }
    if let interval {
      let bar = ProgressBar(label: "bootstrap")
      analysis.interval = try interval.run(estimator, x, y, observed: estimate.value, progress: bar.update)
    }
    return analysis
  }

  /// I(X;Y|Z), in the same way.
  func analyze(
    _ estimator: some ConditionalMutualInformationEstimator, _ x: Matrix, _ y: Matrix, given z: Matrix, whenEstimated: () -> Void = {}
  ) throws(EstimationError) -> Analysis {
    let estimate = try estimator.estimate(x, y, given: z)
    whenEstimated()
    var analysis = Analysis(estimate: estimate)
    if let test {
      let bar = ProgressBar(label: "permutations")
      analysis.permutation = try test.run(estimator, x, y, given: z, observed: estimate.value, progress: bar.update)
    }
    if let interval {
      let bar = ProgressBar(label: "bootstrap")
      analysis.interval = try interval.run(estimator, x, y, given: z, observed: estimate.value, progress: bar.update)
    }
    return analysis
  }
}

/// The training curve of an estimator that trains: a progress bar with the current
/// validation value while it trains, and the records for `--log`.
final class TrainingCurve {
  private let bar: ProgressBar?
  private let label: String
  private let steps: Int
  private(set) var records: [TrainingRecord] = []

  init(label: String, steps: Int, shown: Bool) {
    self.label = label
    self.steps = steps
    bar = shown ? ProgressBar(label: label) : nil
  }

  func observe(_ record: TrainingRecord) {
    records.append(record)
    let validation = record.validationValue.map { String(format: "%.4f", $0) } ?? "–"
    bar?.update(
      fraction: Double(record.step) / Double(steps), detail: "step \(record.step)/\(steps), validation \(label) \(validation) nats")
  }

  func finish() { bar?.clear() }

  /// Writes step, training and validation values as CSV.
  func write(to path: String) throws(EstimationError) {
    var text = "step,training,validation\n"
    for record in records {
      text += "\(record.step),\(record.trainingValue),\(record.validationValue.map { "\($0)" } ?? "")\n"
    }
    if let problem = OutputFile.write(text, to: path) {
      throw .invalidParameter(name: "--log", value: path, reason: problem)
    }
  }
}
