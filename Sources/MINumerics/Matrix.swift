/// A dense, row-major matrix of `Double` with value semantics.
///
/// Samples are rows and variables are columns: `matrix[i, j]` is variable `j`
/// of sample `i`. Storage is one contiguous array, copied on write.
public struct Matrix: Sendable, Equatable {
  /// Number of rows (samples).
  public let rows: Int
  /// Number of columns (variables).
  public let columns: Int
  /// The entries, row after row (`rows × columns` values). Read-only from outside, so that
  /// their count always matches the shape: write through subscripts or
  /// `withUnsafeMutableValues`.
  @inlinable public var storage: [Double] { values }
  @usableFromInline var values: [Double]

  /// Calls `body` with the entries, row after row, to write them in place (their count
  /// cannot change).
  @inlinable
  public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
    try values.withUnsafeMutableBufferPointer { buffer in try body(buffer) }
  }

  /// Creates a matrix from its row-major entries.
  ///
  /// - Precondition: `storage.count == rows * columns`.
  public init(rows: Int, columns: Int, storage: [Double]) {
    if !(rows >= 0 && columns >= 0) { ContractViolation.trap("Matrix dimensions must be non-negative") }
    if !(storage.count == rows * columns) { ContractViolation.trap("Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) values, got \(storage.count)") }
    self.rows = rows
    self.columns = columns
    self.values = storage
  }

  /// Creates a matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.init(rows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
  }

  /// Creates a matrix from an array of rows, which must all have the same length.
  public init(_ rowArrays: [[Double]]) {
    let columns = rowArrays.first?.count ?? 0
    if !(rowArrays.allSatisfy { $0.count == columns }) { ContractViolation.trap("All rows of a Matrix must have the same length") }
    self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
  }

  /// Creates a one-column matrix from a vector of samples.
  public init(column: [Double]) {
    self.init(rows: column.count, columns: 1, storage: column)
  }

  /// Creates a matrix whose columns are the given vectors, which must all have the same length.
  public init(columns columnArrays: [[Double]]) {
    let rows = columnArrays.first?.count ?? 0
    if !(columnArrays.allSatisfy { $0.count == rows }) { ContractViolation.trap("All columns of a Matrix must have the same length") }
    var storage = [Double](repeating: 0, count: rows * columnArrays.count)
    for (j, column) in columnArrays.enumerated() {
      for i in 0..<rows { storage[i * columnArrays.count + j] = column[i] }
    }
    self.init(rows: rows, columns: columnArrays.count, storage: storage)
  }

  /// The entry in row `row` and column `column`.
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// The values of one column, as a new array.
  public func column(_ j: Int) -> [Double] {
    if !(j >= 0 && j < columns) { ContractViolation.trap("Column \(j) is out of range 0..<\(columns)") }
    return (0..<rows).map { storage[$0 * columns + j] }
  }

  /// The values of one row, as a new array.
  public func row(_ i: Int) -> [Double] {
    if !(i >= 0 && i < rows) { ContractViolation.trap("Row \(i) is out of range 0..<\(rows)") }
    return Array(storage[(i * columns)..<((i + 1) * columns)])
  }

  /// A matrix made of the given columns of this one, in the order given.
  public func selecting(columns indices: [Int]) -> Matrix {
    var result = [Double]()
    result.reserveCapacity(rows * indices.count)
    for i in 0..<rows {
      let base = i * columns
      for j in indices { result.append(storage[base + j]) }
    }
    return Matrix(rows: rows, columns: indices.count, storage: result)
  }

  /// A matrix made of the given rows of this one, in the order given (repetitions allowed).
  public func selecting(rows indices: [Int]) -> Matrix {
    var result = [Double]()
    result.reserveCapacity(indices.count * columns)
    for i in indices { result.append(contentsOf: storage[(i * columns)..<((i + 1) * columns)]) }
    return Matrix(rows: indices.count, columns: columns, storage: result)
  }

  /// The columns of `self` followed by the columns of `other` (both with the same rows).
  public func concatenatingColumns(_ other: Matrix) -> Matrix {
    if !(rows == other.rows) { ContractViolation.trap("Cannot join columns of matrices with \(rows) and \(other.rows) rows") }
    return Matrix.concatenatingColumns([self, other])
  }

  /// Joins the columns of several matrices with the same number of rows.
  public static func concatenatingColumns(_ parts: [Matrix]) -> Matrix {
    guard let first = parts.first else { return Matrix(rows: 0, columns: 0) }
    let rows = first.rows
    if !(parts.allSatisfy { $0.rows == rows }) { ContractViolation.trap("Cannot join columns of matrices with different row counts") }
    let columns = parts.reduce(0) { $0 + $1.columns }
    var storage = [Double](repeating: 0, count: rows * columns)
    var offset = 0
    storage.withUnsafeMutableBufferPointer { out in
      for part in parts {
        let width = part.columns
        part.storage.withUnsafeBufferPointer { source in
          for i in 0..<rows {
            for j in 0..<width { out[i * columns + offset + j] = source[i * width + j] }
          }
        }
        offset += width
      }
    }
    return Matrix(rows: rows, columns: columns, storage: storage)
  }
}

extension Matrix: CustomStringConvertible {
  /// A short description: the shape and, for small matrices, the entries.
  public var description: String {
    if rows * columns > 64 { return "Matrix(\(rows)×\(columns))" }
    let body = (0..<rows).map { row($0).map { "\($0)" }.joined(separator: ", ") }
    return "Matrix(\(rows)×\(columns)) [" + body.joined(separator: "; ") + "]"
  }
}
