/// A JSON value (RFC 8259) with the toolkit's one JSON writer and a strict parser: the
/// command line's `--format json` reports and the safetensors headers are both written by
/// `rendered(compact:)`. Objects keep their keys in the order given. Small on purpose, so
/// the library needs no Foundation for it.
public enum JSONValue: Equatable, Sendable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(Double, integer: Int?)
  /// An unsigned integer beyond `Int` (seeds); the parser never produces it.
  case unsigned(UInt64)
  case bool(Bool)
  case null

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let a), .array(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.number(let a, _), .number(let b, _)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.unsigned(let a), .unsigned(let b)): a == b
    case (.null, .null): true
    default: false
    }
  }

  /// A number: integers are written without a fraction, non-finite numbers as `null`.
  public static func number(_ x: Double) -> JSONValue { .number(x, integer: nil) }
  /// An integer.
  public static func integer(_ i: Int) -> JSONValue { .number(Double(i), integer: i) }

  /// The JSON text: compact (`{"a":1}`, as safetensors headers) or with a space after each
  /// comma and colon (`{"a": 1}`, as the command line's reports).
  public func rendered(compact: Bool = false) -> String {
    let (comma, colon) = compact ? (",", ":") : (", ", ": ")
    switch self {
    case .object(let fields):
      return "{" + fields.map { $0.0.jsonQuoted + colon + $0.1.rendered(compact: compact) }.joined(separator: comma) + "}"
    case .array(let items): return "[" + items.map { $0.rendered(compact: compact) }.joined(separator: comma) + "]"
    case .string(let s): return s.jsonQuoted
    case .number(let x, let integer):
      if let integer { return String(integer) }
      return x.isFinite ? "\(x)" : "null"
    case .bool(let b): return b ? "true" : "false"
    case .unsigned(let u): return String(u)
    case .null: return "null"
    }
  }

  /// Why a text is not JSON: the byte offset and the reason.
  public struct ParseError: Error, Equatable, Sendable {
    /// The byte offset of the problem.
    public var offset: Int
    /// What is wrong.
    public var reason: String
  }

  /// Parses `bytes` as one JSON value followed only by whitespace.
  public static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> JSONValue {
    var parser = Parser(bytes: Array(bytes))
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.position == parser.bytes.count else { throw parser.failure("unexpected text after the header object") }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    var position = 0

    func failure(_ reason: String) -> ParseError { ParseError(offset: position, reason: reason) }

    mutating func skipWhitespace() {
      while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(ParseError) {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == byte else { throw failure("expected \(what)") }
      position += 1
    }

    mutating func value(depth: Int) throws(ParseError) -> JSONValue {
      guard depth < 64 else { throw failure("nesting deeper than 64 levels") }
      skipWhitespace()
      guard position < bytes.count else { throw failure("unexpected end of header") }
      switch bytes[position] {
      case UInt8(ascii: "{"):
        position += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
          skipWhitespace()
          let key = try string()
          try expect(UInt8(ascii: ":"), "':' after a key")
          members.append((key, try value(depth: depth + 1)))
          skipWhitespace()
          guard position < bytes.count else { throw failure("unterminated object") }
          if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
          if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
          throw failure("expected ',' or '}' in an object")
        }
      case UInt8(ascii: "["):
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
          elements.append(try value(depth: depth + 1))
          skipWhitespace()
          guard position < bytes.count else { throw failure("unterminated array") }
          if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
          if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
          throw failure("expected ',' or ']' in an array")
        }
      case UInt8(ascii: "\""):
        return .string(try string())
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      default:
        return try number()
      }
    }

    mutating func literal(_ word: String) throws(ParseError) {
      let utf8 = Array(word.utf8)
      guard position + utf8.count <= bytes.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
        throw failure("invalid literal")
      }
      position += utf8.count
    }

    mutating func number() throws(ParseError) -> JSONValue {
      let start = position
      while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
      guard position > start, let text = String(validating: bytes[start..<position], as: UTF8.self),
        let value = Double(text)
      else { throw failure("invalid value") }
      return .number(value, integer: Int(text))
    }

    mutating func string() throws(ParseError) -> String {
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a string") }
      position += 1
      var utf8: [UInt8] = []
      while position < bytes.count {
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""):
          guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
          return text
        case UInt8(ascii: "\\"):
          guard position < bytes.count else { throw failure("unterminated escape") }
          let escape = bytes[position]
          position += 1
          switch escape {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
          case UInt8(ascii: "n"): utf8.append(0x0A)
          case UInt8(ascii: "t"): utf8.append(0x09)
          case UInt8(ascii: "r"): utf8.append(0x0D)
          case UInt8(ascii: "b"): utf8.append(0x08)
          case UInt8(ascii: "f"): utf8.append(0x0C)
          case UInt8(ascii: "u"):
            guard position + 4 <= bytes.count,
              let text = String(validating: bytes[position..<(position + 4)], as: UTF8.self),
              let code = UInt32(text, radix: 16), let scalar = Unicode.Scalar(code)
            else { throw failure("invalid \\u escape") }
            position += 4
            utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
          default: throw failure("invalid escape")
          }
        default:
          guard byte >= 0x20 else { throw failure("control character in a string") }
          utf8.append(byte)
        }
      }
      throw failure("unterminated string")
    }
  }
}

extension String {
  /// This string as a JSON string literal.
  public var jsonQuoted: String {
    var result = "\""
    for scalar in unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
