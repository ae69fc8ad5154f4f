/// A delimited file read as text: named columns whose cells are kept as written (labels,
/// not numbers), with the line of each row for error messages
/// (`DelimitedTextReader.readText`).
public struct TextTable: Sendable, Equatable {
  /// The header's names, in file order.
  public var columnNames: [String]
  /// The data rows, each with one cell per column.
  public var rows: [[String]]
  /// The 1-based line of each row in the file.
  public var lines: [Int]
  /// The file name (or "stdin") used in messages.
  public var source: String

  /// Creates a table; `rows` and `lines` have one entry per data row.
  public init(columnNames: [String], rows: [[String]], lines: [Int], source: String) {
    self.columnNames = columnNames
    self.rows = rows
    self.lines = lines
    self.source = source
  }
}
