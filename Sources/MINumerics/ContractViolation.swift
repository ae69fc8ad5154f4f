/// The one way the toolkit stops on a programming error (a shape that cannot match, an index
/// outside a batch, a setting a type documents as invalid): the message names the type and
/// the problem. Bad *data* never traps; it is an `EstimationError` or `DataError`.
public enum ContractViolation {
  /// Stops the program with `message`.
  public static func trap(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
  }
}
