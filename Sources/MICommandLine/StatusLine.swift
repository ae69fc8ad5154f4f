import Foundation
import MutualInformation
import Synchronization

/// Feedback on standard error for large inputs (N ≥ 100 000), when it is a terminal: a
/// progress bar for estimators that report progress, a one-line notice for the others.
/// `clear()` removes it for good: the estimator is built once, and its later runs (the
/// permutation test, the bootstrap) report through their own bars.
struct StatusLine {
  private let bar: ProgressBar?
  private let cleared = Flag()

  /// Set once, read from any thread.
  private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
  }

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

  /// The handler to give the estimator, when a bar is shown; silent after `clear()`.
  var progress: ProgressHandler? {
    guard let bar else { return nil }
    let cleared = self.cleared
    return { fraction in if !cleared.isSet { bar.update(fraction: fraction) } }
  }

  func clear() {
    cleared.set()
    bar?.clear()
  }
}
