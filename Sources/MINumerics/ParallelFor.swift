import Dispatch
import _MIKernels

/// Runs `body` over `0..<count` split into contiguous chunks, on all cores.
///
/// Each call of `body` receives a half-open range of indices; chunks are sized so that
/// there are several per core (load balance) but few enough that per-chunk overhead is
/// negligible. Work below `serialThreshold` items runs on the calling thread.
package func parallelFor(
  count: Int, serialThreshold: Int = 2048, _ body: @Sendable (Range<Int>) -> Void
) {
  guard count > 0 else { return }
  let cores = max(ProcessInfoCores.active, 1)
  if count < serialThreshold || cores == 1 {
    body(0..<count)
    return
  }
  let chunks = min(count, cores * 8)
  let chunkSize = (count + chunks - 1) / chunks
  let actualChunks = (count + chunkSize - 1) / chunkSize
  DispatchQueue.concurrentPerform(iterations: actualChunks) { chunk in
    let start = chunk * chunkSize
    body(start..<min(start + chunkSize, count))
  }
}

/// The number of cores the process may use: the online processors limited by the CPU
/// affinity and the cgroup's CPU quota (`mi_usable_cores`), so that parallel loops never
/// put two busy threads on one allowed core.
package enum ProcessInfoCores {
  package static var active: Int { Int(mi_usable_cores()) }
}

/// A mutable buffer that parallel chunks write to at disjoint indices.
///
/// Sendable by contract: callers write each index from at most one chunk, and read only
/// after `parallelFor` has returned.
@frozen
package struct DisjointWrites<Element>: @unchecked Sendable {
  @usableFromInline package let base: UnsafeMutablePointer<Element>
  @inlinable package init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
  /// Measured hot path: called once per query point, so it must inline across modules.
  @inlinable @inline(__always) package func write(_ value: Element, at index: Int) { base[index] = value }
}

/// Fills an array of `count` elements in parallel: `body` computes the element at each index.
package func parallelMap<Element: Sendable>(
  count: Int, serialThreshold: Int = 2048, initial: Element,
  _ body: @Sendable @escaping (Int) -> Element
) -> [Element] {
  var result = [Element](repeating: initial, count: count)
  result.withUnsafeMutableBufferPointer { buffer in
    guard let base = buffer.baseAddress else { return }
    let out = DisjointWrites(base)
    parallelFor(count: count, serialThreshold: serialThreshold) { range in
      for i in range { out.write(body(i), at: i) }
    }
  }
  return result
}

/// Runs two independent computations at the same time and returns both results: `second`
/// on a global queue, `first` on the calling thread, where its own `parallelFor` still
/// spreads over the cores (a `concurrentPerform` nested inside another would run serially).
package func concurrently<A: Sendable, B: Sendable>(
  _ first: () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
  let box = ResultBox<B>()
  let done = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    box.value = second()
    done.signal()
  }
  let a = first()
  done.wait()
  return (a, box.value!)
}

/// Holds a result written by one thread and read by another after a semaphore.
private final class ResultBox<Value>: @unchecked Sendable {
  var value: Value?
  init() {}
}
