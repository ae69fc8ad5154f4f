import MINumerics

/// Stops the program with a message that names the operation and the shapes involved.
///
/// Shape errors are programming errors (like an index out of range), so they trap rather
/// than throw: differentiable functions cannot throw, and a loss computed on mismatched
/// tensors has no meaningful value. `ContractViolation.trap` keeps its message in optimized
/// builds, which drop a `precondition`'s.

func shapeFailure(_ operation: String, _ problem: String) -> Never {
  ContractViolation.trap("\(operation): \(problem)")
}

/// Traps with `shapeFailure` unless `condition` holds.
@inline(__always)
func shapeCheck(
  _ condition: Bool, _ operation: @autoclosure () -> String, _ problem: @autoclosure () -> String
) {
  if !condition { shapeFailure(operation(), problem()) }
}
