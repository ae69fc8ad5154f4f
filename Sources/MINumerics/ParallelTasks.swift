import _MIKernels

/// Runs `body(i)` for i in 0..<count on the kernels' worker pool (see `mi_parallel_for`):
/// a fork-join loop whose start costs well under a microsecond when the workers are warm.
/// `body` must be safe to call from several threads at once for different indices.
package func parallelTasks(_ count: Int, _ body: (Int) -> Void) {
  if count <= 1 {
    if count == 1 { body(0) }
    return
  }
  withoutActuallyEscaping(body) { escapable in
    var task = escapable
    withUnsafeMutablePointer(to: &task) { pointer in
      mi_parallel_for(count, { context, index in
        context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
      }, pointer)
    }
  }
}

/// The number of threads a parallel loop uses (the workers and the caller).
package var parallelWidth: Int { mi_parallel_width() }
