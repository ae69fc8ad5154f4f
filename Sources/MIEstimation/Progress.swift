import Synchronization

/// Receives the fraction of an estimate's work that is done, from 0 to 1. It may be called
/// from several threads at once and should return quickly (for example, redraw a bar when
/// the percentage changes).
public typealias ProgressHandler = @Sendable (_ fractionDone: Double) -> Void

/// Counts units of work done by an estimate's phases, from any thread, and reports the
/// fraction to a ``ProgressHandler``.
package final class ProgressTracker: Sendable {
  private let handler: ProgressHandler
  private let total: Int
  private let done = Atomic<Int>(0)

  /// A tracker expecting `total` units; `nil` when there is no handler.
  package init?(_ handler: ProgressHandler?, total: Int) {
    guard let handler, total > 0 else { return nil }
    self.handler = handler
    self.total = total
  }

  /// Records `units` more units done.
  package func advance(by units: Int) {
    let now = done.add(units, ordering: .relaxed).newValue
    handler(min(Double(now) / Double(total), 1))
  }
}
