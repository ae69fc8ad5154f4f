import Foundation
import MINumerics

/// Reads NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) into a ``DataTable``.
///
/// Supported: one- or two-dimensional arrays of float32, float64, signed and unsigned
/// integers of 1 to 8 bytes and bool, little- or big-endian, C or Fortran order. A
/// one-dimensional array is one column. Columns are named `"0"`, `"1"`, … .
///
/// Format: the magic `\x93NUMPY`, a major and minor version byte, the header length
/// (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then a Python
/// dictionary literal with `descr`, `fortran_order` and `shape`, then the raw data.
///
/// - Complexity: O(size of the file).
public struct NPYReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Parses a whole `.npy` file.
  public func read(_ bytes: [UInt8], source: String) throws(DataError) -> DataTable {
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw .invalidNPYHeader(source: source, reason: "the file does not start with the NumPy magic string")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else {
        throw .invalidNPYHeader(source: source, reason: "the header length is cut off")
      }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default:
      throw .invalidNPYHeader(source: source, reason: "unknown format version \(major).\(bytes[7])")
    }
    guard headerStart + headerLength <= bytes.count else {
      throw .invalidNPYHeader(source: source, reason: "the header announces \(headerLength) bytes but the file ends first")
    }
    let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
    let descriptor = try Self.stringValue(of: "descr", in: header, source: source)
    let fortranOrder = try Self.boolValue(of: "fortran_order", in: header, source: source)
    let shape = try Self.shape(in: header, source: source)
    let type = try ElementType(descriptor: descriptor, source: source)

    let rows: Int
    let columns: Int
    switch shape.count {
    case 1:
      rows = shape[0]
      columns = 1
    case 2:
      rows = shape[0]
      columns = shape[1]
    default:
      throw .invalidNPYHeader(
        source: source,
        reason: "the array has \(shape.count) dimensions \(shape); expected 1 (one column) or 2 (rows × columns)")
    }
    guard rows > 0, columns > 0 else { throw .emptyInput(source: source) }
    let dataStart = headerStart + headerLength
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    let expected = count.multipliedReportingOverflow(by: type.size)
    guard !overflow, !expected.overflow else {
      throw .invalidNPYHeader(source: source, reason: "the shape \(shape) is too large")
    }
    let available = bytes.count - dataStart
    guard available >= expected.partialValue else {
      throw .truncatedNPY(source: source, expectedBytes: expected.partialValue, actualBytes: available)
    }
    guard available == expected.partialValue else {
      throw .extraNPYData(source: source, expectedBytes: expected.partialValue, actualBytes: available)
    }
    var storage = [Double](repeating: 0, count: count)
    bytes.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress! + dataStart
      if !fortranOrder && !type.bigEndian && type.kind == .float && 1.littleEndian == 1 {
        // Native layout: copy (float64) or widen (float32) without per-byte assembly.
        storage.withUnsafeMutableBytes { destination in
          if type.size == 8 {
            destination.copyMemory(from: UnsafeRawBufferPointer(start: base, count: count * 8))
          } else {
            let raw = UnsafeRawPointer(base)
            let doubles = destination.bindMemory(to: Double.self)
            for index in 0..<count { doubles[index] = Double(raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)) }
          }
        }
        return
      }
      for index in 0..<count {
        let value = type.load(base + index * type.size)
        if fortranOrder {
          // Element `index` is (row: index % rows, column: index / rows).
          storage[(index % rows) * columns + index / rows] = value
        } else {
          storage[index] = value
        }
      }
    }
    return DataTable(
      columnNames: (0..<columns).map(String.init),
      values: Matrix(rows: rows, columns: columns, storage: storage),
      source: source)
  }

  private struct ElementType {
    enum Kind { case float, signed, unsigned, bool }
    let kind: Kind
    let size: Int
    let bigEndian: Bool

    init(descriptor: String, source: String) throws(DataError) {
      let characters = Array(descriptor)
      guard characters.count >= 2 else { throw .unsupportedNPYType(source: source, descriptor: descriptor) }
      var offset = 0
      var big = false
      switch characters[0] {
      case "<", "|", "=":
        offset = 1
      case ">":
        big = true
        offset = 1
      default:
        offset = 0
      }
      let code = characters[offset]
      guard let size = Int(String(characters[(offset + 1)...])) else {
        throw .unsupportedNPYType(source: source, descriptor: descriptor)
      }
      switch (code, size) {
      case ("f", 4), ("f", 8): kind = .float
      case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
      case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
      case ("b", 1): kind = .bool
      default: throw .unsupportedNPYType(source: source, descriptor: descriptor)
      }
      self.size = size
      self.bigEndian = big
    }

    func load(_ pointer: UnsafePointer<UInt8>) -> Double {
      var bits: UInt64 = 0
      for byte in 0..<size {
        let shift = bigEndian ? (size - 1 - byte) * 8 : byte * 8
        bits |= UInt64(pointer[byte]) << UInt64(shift)
      }
      switch kind {
      case .float:
        return size == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) : Double(bitPattern: bits)
      case .signed:
        let shift = UInt64(64 - 8 * size)
        return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
      case .unsigned:
        return Double(bits)
      case .bool:
        return bits == 0 ? 0 : 1
      }
    }
  }

  private static func valueText(of key: String, in header: String, source: String) throws(DataError) -> Substring {
    for quote in ["'", "\""] {
      let pattern = quote + key + quote
      if let range = header.range(of: pattern) {
        var rest = header[range.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { break }
        rest = rest.dropFirst().drop { $0 == " " }
        return rest
      }
    }
    throw .invalidNPYHeader(source: source, reason: "the header has no '\(key)' entry")
  }

  private static func stringValue(of key: String, in header: String, source: String) throws(DataError) -> String {
    let rest = try valueText(of: key, in: header, source: source)
    guard let quote = rest.first, quote == "'" || quote == "\"" else {
      throw .invalidNPYHeader(source: source, reason: "'\(key)' is not a string (structured dtypes are not supported)")
    }
    let body = rest.dropFirst()
    guard let close = body.firstIndex(of: quote) else {
      throw .invalidNPYHeader(source: source, reason: "'\(key)' has no closing quote")
    }
    return String(body[..<close])
  }

  private static func boolValue(of key: String, in header: String, source: String) throws(DataError) -> Bool {
    let rest = try valueText(of: key, in: header, source: source)
    if rest.hasPrefix("True") { return true }
    if rest.hasPrefix("False") { return false }
    throw .invalidNPYHeader(source: source, reason: "'\(key)' is neither True nor False")
  }

  private static func shape(in header: String, source: String) throws(DataError) -> [Int] {
    let rest = try valueText(of: "shape", in: header, source: source)
    guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
      throw .invalidNPYHeader(source: source, reason: "'shape' is not a tuple")
    }
    let inside = rest[rest.index(after: rest.startIndex)..<close]
    var dimensions: [Int] = []
    for part in inside.split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      guard let value = Int(trimmed), value >= 0 else {
        throw .invalidNPYHeader(source: source, reason: "'shape' has a bad dimension '\(trimmed)'")
      }
      dimensions.append(value)
    }
    return dimensions
  }
}

