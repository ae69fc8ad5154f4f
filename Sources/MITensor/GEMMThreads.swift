import Dispatch
import MINumerics

/// How matrix multiplication spreads over the cores.
enum GEMMThreads {
  /// One thread per core, read once.
  static let count = max(ProcessInfoCores.active, 1)

  /// Runs `body` for each block index in `0..<blocks`, in parallel.
  static func run(_ blocks: Int, _ body: @Sendable (Int) -> Void) {
    if blocks <= 1 {
      body(0)
      return
    }
    DispatchQueue.concurrentPerform(iterations: blocks, execute: body)
  }
}
