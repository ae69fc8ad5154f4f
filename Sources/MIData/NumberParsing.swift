#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Parses a decimal number from UTF-8 bytes, correctly rounded.
///
/// Accepted: `[+-]` digits with an optional fraction (or a fraction alone) and an
/// optional exponent `e[+-]digits`, and `nan`, `inf`, `infinity` in any case (which the
/// table rejects later with their place). Not accepted: what C's `strtod` also reads,
/// such as hexadecimal `0x1p3`, `nan(…)` payloads or leading spaces.
///
/// Simple forms (at most 19 significant digits that fit exactly, and a decimal
/// exponent within ±22 of an exact power of ten) take Clinger's fast path: one exact
/// integer conversion and one correctly rounded multiplication or division. Anything
/// else (long mantissas, large exponents, `nan`, `inf`, hexadecimal) goes to the C
/// library's `strtod`.
///
/// - Returns: the value, or `nil` when the bytes are not entirely a number.
package func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
  var index = 0
  let count = bytes.count
  guard count > 0 else { return nil }
  var negative = false
  if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
    negative = bytes[0] == UInt8(ascii: "-")
    index = 1
  }
  var mantissa: UInt64 = 0
  var digits = 0
  var exponent = 0
  var sawDigit = false
  while index < count, bytes[index] &- 48 < 10 {
    if digits < 19 {
      mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48)
      if mantissa != 0 { digits += 1 }
    } else {
      return slowParse(bytes)
    }
    sawDigit = true
    index += 1
  }
  if index < count, bytes[index] == UInt8(ascii: ".") {
    index += 1
    while index < count, bytes[index] &- 48 < 10 {
      if digits < 19 {
        mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 48)
        if mantissa != 0 { digits += 1 }
        exponent -= 1
      } else {
        return slowParse(bytes)
      }
      sawDigit = true
      index += 1
    }
  }
  guard sawDigit else { return slowParse(bytes) }
  if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
    index += 1
    var exponentNegative = false
    if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      exponentNegative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var explicit = 0
    var sawExponentDigit = false
    while index < count, bytes[index] &- 48 < 10 {
      explicit = min(explicit * 10 + Int(bytes[index] &- 48), 100_000)
      sawExponentDigit = true
      index += 1
    }
    guard sawExponentDigit else { return nil }
    exponent += exponentNegative ? -explicit : explicit
  }
  guard index == count else { return slowParse(bytes) }
  guard mantissa <= (1 << 53) else { return slowParse(bytes) }
  var value = Double(mantissa)
  if exponent != 0 {
    guard abs(exponent) <= 22 else { return slowParse(bytes) }
    if exponent > 0 { value *= powersOfTen[exponent] } else { value /= powersOfTen[-exponent] }
  }
  return negative ? -value : value
}

private let powersOfTen: [Double] = (0...22).map { exponent in
  var value = 1.0
  for _ in 0..<exponent { value *= 10 }
  return value
}

private func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
  guard bytes.count < 400, isDecimalSyntax(bytes) else { return nil }
  var buffer = [CChar](repeating: 0, count: bytes.count + 1)
  for i in 0..<bytes.count { buffer[i] = CChar(bitPattern: bytes[i]) }
  return buffer.withUnsafeBufferPointer { pointer -> Double? in
    var end: UnsafeMutablePointer<CChar>? = nil
    let value = strtod(pointer.baseAddress!, &end)
    guard let end, end - UnsafeMutablePointer(mutating: pointer.baseAddress!) == bytes.count else { return nil }
    return value
  }
}

/// Whether the bytes are `[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?` or `[+-]?(nan|inf|infinity)`.
private func isDecimalSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var index = 0
  let count = bytes.count
  func isDigit(_ i: Int) -> Bool { i < count && bytes[i] &- 48 < 10 }
  if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
  let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self).lowercased()
  if word == "nan" || word == "inf" || word == "infinity" { return true }
  var digits = 0
  while isDigit(index) {
    index += 1
    digits += 1
  }
  if index < count, bytes[index] == UInt8(ascii: ".") {
    index += 1
    while isDigit(index) {
      index += 1
      digits += 1
    }
  }
  guard digits > 0 else { return false }
  if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
    index += 1
    if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard isDigit(index) else { return false }
    while isDigit(index) { index += 1 }
  }
  return index == count
}
