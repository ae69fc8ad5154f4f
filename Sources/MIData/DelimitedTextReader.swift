import Foundation
import MINumerics

/// Reads delimited text (CSV, TSV) with a header row into a ``DataTable``.
///
/// - The first non-blank line is the header; each field names a column. A header whose
///   every field is a number is read as a header all the same, with a warning (in
///   ``DataTable/warnings``) that the file may have none; ``hasHeader`` `false` reads the
///   first line as data and names the columns `"0"`, `"1"`, … .
/// - Input that is not text (a NUL byte, or invalid UTF-8) is rejected as binary.
/// - Fields may be quoted with `"` (RFC 4180; `""` inside quotes is a literal quote).
///   Quoted fields cannot span lines.
/// - Surrounding spaces are ignored. Empty cells and the markers `NA`, `N/A`, `null`,
///   `None` and `?` are missing values and are reported, never silently dropped.
/// - `nan`, `inf` parse as numbers and are rejected later by ``DataTable/checkFinite(columns:)``
///   with their row and column, so the message names where they are.
/// - Blank lines are allowed only at the end of the input.
///
/// - Complexity: O(size of the input); one pass, no per-cell allocation.
public struct DelimitedTextReader: Sendable {
  /// The field separator: `,` for CSV, a tab for TSV.
  public var delimiter: UInt8
  /// Whether the first non-blank line names the columns (default); without a header the
  /// columns are named `"0"`, `"1"`, … as for `.npy` files.
  public var hasHeader: Bool

  /// A reader for the given single-byte separator.
  public init(delimiter: UInt8, hasHeader: Bool = true) {
    self.delimiter = delimiter
    self.hasHeader = hasHeader
  }

  /// The same reader with or without a header row.
  public func withHeader(_ hasHeader: Bool) -> DelimitedTextReader {
    DelimitedTextReader(delimiter: delimiter, hasHeader: hasHeader)
  }

  /// A CSV reader (comma-separated).
  public static let csv = DelimitedTextReader(delimiter: UInt8(ascii: ","))
  /// A TSV reader (tab-separated).
  public static let tsv = DelimitedTextReader(delimiter: UInt8(ascii: "\t"))

  /// Chooses tab when the header line contains a tab and no comma, comma otherwise.
  public static func detecting(in bytes: [UInt8]) -> DelimitedTextReader {
    var sawTab = false
    for byte in bytes {
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: ",") { return .csv }
      if byte == UInt8(ascii: "\t") { sawTab = true }
    }
    return sawTab ? .tsv : .csv
  }

  /// Parses the whole input.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents (UTF-8; a leading byte-order mark is skipped).
  ///   - source: the name used in error messages.
  public func read(_ bytes: [UInt8], source: String) throws(DataError) -> DataTable {
    try Self.checkText(bytes, source: source)
    var result: Result<DataTable, DataError> = .failure(.emptyInput(source: source))
    bytes.withUnsafeBufferPointer { buffer in
      do throws(DataError) {
        result = .success(try parse(buffer, source: source))
      } catch {
        result = .failure(error)
      }
    }
    return try result.get()
  }

  /// Rejects input that is not text: a NUL byte or invalid UTF-8 in its first 64 KiB.
  static func checkText(_ bytes: [UInt8], source: String) throws(DataError) {
    let prefix = bytes.prefix(65_536)
    if let offset = prefix.firstIndex(of: 0) { throw .binaryContent(source: source, offset: offset, byte: 0) }
    var iterator = prefix.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
      case .emptyInput:
        return
      case .error:
        // A multi-byte character cut by the 64 KiB window is not an error.
        if prefix.count == 65_536 && offset >= 65_536 - 4 { return }
        throw .binaryContent(source: source, offset: offset, byte: bytes[min(offset, bytes.count - 1)])
      }
    }
  }

  private static let missingMarkers: Set<[UInt8]> = Set(
    ["NA", "N/A", "na", "n/a", "null", "NULL", "None", "?", "NaN?"].map { Array($0.utf8) })

  /// The header of a file and where it is.
  private struct Header {
    var names: [String]
    var line: Int
    var warnings: [String]
  }

  /// Reads the header, then calls `row` with each data line's number and field ranges
  /// (every line has as many fields as the header; blank lines only at the end).
  private func scan(
    _ buffer: UnsafeBufferPointer<UInt8>, source: String, row: (Int, [Range<Int>], [String]) throws(DataError) -> Void
  ) throws(DataError) -> Header {
    var position = 0
    let end = buffer.count
    if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    var line = 0
    var fields: [Range<Int>] = []
    var unquoted: [Bool] = []

    // Header: the first non-blank line.
    var header: [String] = []
    var headerLine = 0
    var warnings: [String] = []
    while position < end {
      line += 1
      let lineStart = position
      let lineEnd = Self.endOfLine(buffer, from: position)
      let content = Self.trimmedLine(buffer, position, lineEnd)
      position = Self.nextLineStart(buffer, lineEnd)
      if content.isEmpty { continue }
      try splitFields(buffer, content, line: line, source: source, into: &fields, unquoted: &unquoted)
      if hasHeader {
        header = fields.map { range in Self.fieldText(buffer, range) }
        headerLine = line
        if fields.allSatisfy({ !$0.isEmpty && parseDouble(UnsafeBufferPointer(rebasing: buffer[$0])) != nil }) {
          let shown = header.prefix(4).map { excerpt($0, limit: 16) }.joined(separator: ", ") + (header.count > 4 ? ", …" : "")
          warnings.append(
            "the header row (line \(line): \(shown)) holds only numbers, so the file may have no header and its first data row was taken as column names; if so, pass --no-header (columns are then named 0, 1, …)")
        }
      } else {
        // No header: this line is the first data row; columns are named by position.
        header = fields.indices.map(String.init)
        headerLine = line - 1
        position = lineStart
        line -= 1
      }
      break
    }
    guard !header.isEmpty else { throw .emptyInput(source: source) }
    for (index, name) in header.enumerated() where name.isEmpty {
      throw .malformedLine(source: source, line: headerLine, reason: "header field \(index) is empty; every column needs a name")
    }
    var seen: [String: Int] = [:]
    for (index, name) in header.enumerated() {
      if let first = seen[name] {
        throw .malformedLine(
          source: source, line: headerLine,
          reason: "column name '\(name)' appears twice in the header (fields \(first) and \(index))")
      }
      seen[name] = index
    }

    let columns = header.count
    var blankLineSeen = 0
    while position < end {
      line += 1
      let lineEnd = Self.endOfLine(buffer, from: position)
      let content = Self.trimmedLine(buffer, position, lineEnd)
      position = Self.nextLineStart(buffer, lineEnd)
      if content.isEmpty {
        if blankLineSeen == 0 { blankLineSeen = line }
        continue
      }
      if blankLineSeen != 0 {
        throw .malformedLine(source: source, line: blankLineSeen, reason: "blank line inside the data (blank lines are allowed only at the end)")
      }
      try splitFields(buffer, content, line: line, source: source, into: &fields, unquoted: &unquoted)
      if fields.count != columns {
        throw .malformedLine(
          source: source, line: line,
          reason: "\(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(columns)")
      }
      try row(line, fields, header)
    }
    return Header(names: header, line: headerLine, warnings: warnings)
  }

  private func parse(_ buffer: UnsafeBufferPointer<UInt8>, source: String) throws(DataError) -> DataTable {
    var storage: [Double] = []
    var rows = 0
    let header = try scan(buffer, source: source) { (line, fields, names) throws(DataError) in
      for (j, range) in fields.enumerated() {
        if range.isEmpty {
          throw .missingValue(source: source, line: line, column: names[j], text: "")
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[range])
        if let value = parseDouble(slice) {
          storage.append(value)
        } else {
          let text = Self.fieldText(buffer, range)
          if Self.missingMarkers.contains(Array(slice)) {
            throw .missingValue(source: source, line: line, column: names[j], text: text)
          }
          throw .notANumber(source: source, line: line, column: names[j], text: text)
        }
      }
      rows += 1
    }
    guard rows > 0 else { throw .emptyInput(source: source) }
    var table = DataTable(
      columnNames: header.names, values: Matrix(rows: rows, columns: header.names.count, storage: storage),
      source: source, firstDataLine: header.line + 1)
    table.warnings = header.warnings
    return table
  }

  /// Reads the cells as text, for files whose columns hold labels rather than numbers (a
  /// probability table's outcomes): the same syntax, header and checks as `read`, every
  /// cell kept as written (quotes removed, spaces trimmed); an empty cell or a
  /// missing-value marker is an error naming its line and column.
  public func readText(_ bytes: [UInt8], source: String) throws(DataError) -> TextTable {
    try Self.checkText(bytes, source: source)
    var result: Result<TextTable, DataError> = .failure(.emptyInput(source: source))
    bytes.withUnsafeBufferPointer { buffer in
      do throws(DataError) {
        var rows: [[String]] = []
        var lines: [Int] = []
        let header = try scan(buffer, source: source) { (line, fields, names) throws(DataError) in
          for (j, range) in fields.enumerated() {
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            if range.isEmpty || Self.missingMarkers.contains(Array(slice)) {
              throw .missingValue(source: source, line: line, column: names[j], text: Self.fieldText(buffer, range))
            }
          }
          rows.append(fields.map { Self.fieldText(buffer, $0) })
          lines.append(line)
        }
        guard !rows.isEmpty else { throw .emptyInput(source: source) }
        result = .success(TextTable(columnNames: header.names, rows: rows, lines: lines, source: source))
      } catch {
        result = .failure(error)
      }
    }
    return try result.get()
  }

  /// Splits one line into field ranges (quotes removed, spaces trimmed).
  private func splitFields(
    _ buffer: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, line: Int, source: String,
    into fields: inout [Range<Int>], unquoted: inout [Bool]
  ) throws(DataError) {
    fields.removeAll(keepingCapacity: true)
    var start = content.lowerBound
    let end = content.upperBound
    while true {
      // Skip leading spaces.
      while start < end, buffer[start] == UInt8(ascii: " ") { start += 1 }
      if start < end, buffer[start] == UInt8(ascii: "\"") {
        // Quoted field: find the closing quote (a doubled quote is an escaped quote).
        var index = start + 1
        var closed = false
        while index < end {
          if buffer[index] == UInt8(ascii: "\"") {
            if index + 1 < end, buffer[index + 1] == UInt8(ascii: "\"") {
              index += 2
              continue
            }
            closed = true
            break
          }
          index += 1
        }
        guard closed else {
          throw .malformedLine(source: source, line: line, reason: "unclosed quote in field \(fields.count)")
        }
        fields.append((start + 1)..<index)
        var after = index + 1
        while after < end, buffer[after] == UInt8(ascii: " ") { after += 1 }
        if after == end { return }
        guard buffer[after] == delimiter else {
          throw .malformedLine(source: source, line: line, reason: "unexpected text after the closing quote of field \(fields.count - 1)")
        }
        start = after + 1
        continue
      }
      var index = start
      while index < end, buffer[index] != delimiter { index += 1 }
      var fieldEnd = index
      while fieldEnd > start, buffer[fieldEnd - 1] == UInt8(ascii: " ") { fieldEnd -= 1 }
      fields.append(start..<fieldEnd)
      if index == end { return }
      start = index + 1
      if start == end {
        fields.append(end..<end)
        return
      }
    }
  }

  private static func endOfLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    let end = buffer.count
    while index < end, buffer[index] != UInt8(ascii: "\n") { index += 1 }
    return index
  }

  private static func nextLineStart(_ buffer: UnsafeBufferPointer<UInt8>, _ lineEnd: Int) -> Int {
    lineEnd < buffer.count ? lineEnd + 1 : lineEnd
  }

  /// The line without its trailing carriage return and surrounding whitespace.
  private static func trimmedLine(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
    var lower = start
    var upper = end
    while upper > lower, buffer[upper - 1] == UInt8(ascii: "\r") || buffer[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
    while lower < upper, buffer[lower] == UInt8(ascii: " ") { lower += 1 }
    return lower..<upper
  }

  private static func fieldText(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    return text.replacingOccurrences(of: "\"\"", with: "\"")
  }
}

