import MINumerics

/// A table of numeric data with named columns, as read from a file.
///
/// Rows are samples, columns are variables. The table remembers where it came from so
/// that errors can point at a file line (CSV/TSV) or a row index (NPY).
public struct DataTable: Sendable, Equatable {
  /// Column names: the CSV/TSV header, or `"0"`, `"1"`, … for NumPy arrays.
  public var columnNames: [String]
  /// The values, one row per sample.
  public var values: Matrix
  /// A short name of the source, used in messages (a file name, or `<stdin>`).
  public var source: String
  /// The file line of data row 0, when the data came from a text file (the header is
  /// the line before it); `nil` for binary sources.
  public var firstDataLine: Int?
  /// What the reader noticed and the user should know (for example a header row that
  /// looks like data).
  public var warnings: [String] = []

  /// Creates a table; `columnNames` must have one name per column of `values`.
  public init(columnNames: [String], values: Matrix, source: String = "data", firstDataLine: Int? = nil) {
    if !(columnNames.count == values.columns) { ContractViolation.trap("DataTable needs one name per column") }
    self.columnNames = columnNames
    self.values = values
    self.source = source
    self.firstDataLine = firstDataLine
  }

  /// Number of rows (samples).
  public var rowCount: Int { values.rows }
  /// Number of columns (variables).
  public var columnCount: Int { values.columns }

  /// Where data row `row` (0-based) is, in words: `"row 12 (line 14 of data.csv)"`.
  public func describeRow(_ row: Int) -> String {
    if let first = firstDataLine {
      return "row \(row) (line \(first + row) of \(source))"
    }
    return "row \(row) of \(source)"
  }

  /// The columns with the given indices, as a matrix.
  public func matrix(columns indices: [Int]) -> Matrix {
    values.selecting(columns: indices)
  }

  /// Checks that every value in the given columns is finite.
  ///
  /// - Throws: ``DataError/nonFiniteValue(row:column:value:)`` naming the first bad cell.
  /// - Complexity: O(rows × indices.count).
  public func checkFinite(columns indices: [Int]) throws(DataError) {
    let d = values.columns
    for i in 0..<values.rows {
      for j in indices {
        let value = values.storage[i * d + j]
        if !value.isFinite {
          throw .nonFiniteValue(row: describeRow(i), column: columnNames[j], value: value)
        }
      }
    }
  }
}
