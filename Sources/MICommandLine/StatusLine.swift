import Foundation
import MutualInformation

/// Feedback on standard error for large inputs (N ≥ 100 000), when it is a terminal: a
/// progress bar for estimators that report progress, a one-line notice for the others.
struct StatusLine {
  private let bar: ProgressBar?

  init(samples: Int, estimator: EstimatorName) {
    guard samples >= 100_000 else {
      bar = nil
      return
    }
    let bar = ProgressBar(label: "\(estimator.rawValue), \(samples) samples")
    self.bar = bar.isShown ? bar : nil
    if self.bar != nil && !estimator.reportsProgress {
      FileHandle.standardError.write(Data("estimating \(estimator.rawValue) on \(samples) samples…".utf8))
    }
  }

  /// The handler to give the estimator, when a bar is shown.
  var progress: ProgressHandler? {
    guard let bar else { return nil }
    return { fraction in bar.update(fraction: fraction) }
  }

  func clear() { bar?.clear() }
}
