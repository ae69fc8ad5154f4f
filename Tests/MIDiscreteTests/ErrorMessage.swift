/// What `body` throws, as its description, or "no error": the tests of bad input match
/// the message's words.
func errorMessage(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}
