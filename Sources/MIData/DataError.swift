import Foundation

/// A problem with input data: reading a file, parsing it, or choosing its columns.
///
/// Every case names where the problem is (file, line, row, column) so that the
/// message printed by ``description`` lets a user fix the input without guessing.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file does not exist or cannot be read.
  case unreadableFile(path: String, reason: String)
  /// The input holds no data rows (or nothing at all).
  case emptyInput(source: String)
  /// A CSV/TSV line does not parse: wrong number of fields, an unclosed quote, …
  case malformedLine(source: String, line: Int, reason: String)
  /// A cell is empty or a missing-value marker such as `NA`.
  case missingValue(source: String, line: Int, column: String, text: String)
  /// A cell is not a number.
  case notANumber(source: String, line: Int, column: String, text: String)
  /// A value is NaN or infinite.
  case nonFiniteValue(row: String, column: String, value: Double)
  /// A NumPy `.npy` file's header is missing or not understood.
  case invalidNPYHeader(source: String, reason: String)
  /// A NumPy `.npy` file has a data type the reader does not support.
  case unsupportedNPYType(source: String, descriptor: String)
  /// A `.npy` file is shorter than its header says.
  case truncatedNPY(source: String, expectedBytes: Int, actualBytes: Int)
  /// A `.npy` file holds more data than its header's shape says.
  case extraNPYData(source: String, expectedBytes: Int, actualBytes: Int)
  /// The input is not text: it has a NUL byte or is not UTF-8 (read as CSV/TSV).
  case binaryContent(source: String, offset: Int, byte: UInt8)
  /// A column name that is not in the header.
  case unknownColumn(name: String, available: [String])
  /// A column index outside 0..<count.
  case columnIndexOutOfRange(index: Int, count: Int)
  /// A column specification that does not parse (for example `3:1`).
  case invalidColumnSpecification(text: String, reason: String)
  /// A role (X, Y, Z, …) was given no columns.
  case emptySelection(role: String)
  /// The same column is given twice, within a role or across roles.
  case duplicateColumn(column: String, firstRole: String, secondRole: String)

  /// One sentence that says what is wrong or what this is, and where.
  public var description: String {
    switch self {
    case .unreadableFile(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .emptyInput(let source):
      return "\(source): no data rows (the input is empty or has only a header)"
    case .malformedLine(let source, let line, let reason):
      return "\(source), line \(line): \(reason)"
    case .missingValue(let source, let line, let column, let text):
      let shown = text.isEmpty ? "an empty cell" : "'\(excerpt(text))'"
      return "\(source), line \(line), column '\(excerpt(column))': missing value (\(shown)); remove or impute incomplete rows first"
    case .notANumber(let source, let line, let column, let text):
      return "\(source), line \(line), column '\(excerpt(column))': '\(excerpt(text))' is not a number"
    case .nonFiniteValue(let row, let column, let value):
      return "\(row), column '\(column)': value is \(value); estimators need finite numbers"
    case .invalidNPYHeader(let source, let reason):
      return "\(source): not a valid .npy file: \(reason)"
    case .unsupportedNPYType(let source, let descriptor):
      return "\(source): unsupported .npy data type '\(descriptor)' (supported: float32, float64, signed and unsigned integers, bool)"
    case .truncatedNPY(let source, let expected, let actual):
      return "\(source): .npy data is truncated: the header announces \(expected) bytes of data, the file has \(actual)"
    case .extraNPYData(let source, let expected, let actual):
      return "\(source): .npy data is longer than its header says: the shape announces \(expected) bytes of data, the file has \(actual); the header or the file is wrong"
    case .binaryContent(let source, let offset, let byte):
      return "\(source) is not a text file (byte \(String(format: "0x%02X", byte)) at offset \(offset)): expected CSV or TSV text, or a NumPy .npy file"
    case .unknownColumn(let name, let available):
      let shown = available.prefix(12).map { "'\(excerpt($0))'" }.joined(separator: ", ")
      let more = available.count > 12 ? ", … (\(available.count) columns)" : ""
      return "unknown column '\(excerpt(name))'; the columns are \(shown)\(more)"
    case .columnIndexOutOfRange(let index, let count):
      return "column index \(index) is out of range: the data has \(count) column\(count == 1 ? "" : "s") (indices 0 to \(count - 1))"
    case .invalidColumnSpecification(let text, let reason):
      return "invalid column specification '\(text)': \(reason)"
    case .emptySelection(let role):
      return "no columns were given for \(role)"
    case .duplicateColumn(let column, let firstRole, let secondRole):
      if firstRole == secondRole {
        return "column '\(column)' is given twice in \(firstRole)"
      }
      return "column '\(column)' is in both \(firstRole) and \(secondRole): the mutual information of a variable with itself is its entropy, which is infinite for continuous data; choose disjoint columns"
    }
  }
}

/// A text from the input as shown in a message: at most 40 characters (with "…" when
/// cut), control characters and invalid bytes escaped, so that an error about a binary or
/// garbled file prints a short readable excerpt rather than raw bytes.
func excerpt(_ text: String, limit: Int = 40) -> String {
  var result = ""
  for scalar in text.unicodeScalars {
    if result.unicodeScalars.count >= limit {
      result += "…"
      break
    }
    switch scalar {
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case "\u{FFFD}": result += "\\u{FFFD}"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
        result += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
  }
  return result
}
