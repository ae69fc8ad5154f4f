import Foundation

extension Matrix {
  /// The sample covariance of the columns, Σ̂ = (1/(n − 1)) Σᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ.
  ///
  /// - Complexity: O(n·d²) for n rows and d columns.
  public func covariance() -> Matrix {
    let n = rows
    let d = columns
    var means = [Double](repeating: 0, count: d)
    for i in 0..<n {
      for j in 0..<d { means[j] += storage[i * d + j] }
    }
    for j in 0..<d { means[j] /= Double(n) }
    var result = Matrix(rows: d, columns: d)
    var centred = [Double](repeating: 0, count: d)
    for i in 0..<n {
      for j in 0..<d { centred[j] = storage[i * d + j] - means[j] }
      for a in 0..<d {
        let ca = centred[a]
        for b in a..<d { result.values[a * d + b] += ca * centred[b] }
      }
    }
    let scale = 1 / Double(max(n - 1, 1))
    for a in 0..<d {
      for b in a..<d {
        let value = result.values[a * d + b] * scale
        result.values[a * d + b] = value
        result.values[b * d + a] = value
      }
    }
    return result
  }

  /// The lower-triangular Cholesky factor L with L·Lᵀ = self, or `nil` when the
  /// matrix is not (numerically) symmetric positive definite.
  ///
  /// - Complexity: O(d³).
  public func choleskyFactor() -> Matrix? {
    if !(rows == columns) { ContractViolation.trap("Cholesky needs a square matrix, got \(rows)×\(columns)") }
    let d = rows
    var l = Matrix(rows: d, columns: d)
    for j in 0..<d {
      var diagonal = self[j, j]
      for k in 0..<j { diagonal -= l[j, k] * l[j, k] }
      guard diagonal > 0, diagonal.isFinite else { return nil }
      let root = diagonal.squareRoot()
      l[j, j] = root
      for i in (j + 1)..<max(d, j + 1) {
        var sum = self[i, j]
        for k in 0..<j { sum -= l[i, k] * l[j, k] }
        l[i, j] = sum / root
      }
    }
    return l
  }

  /// log det of a symmetric positive definite matrix, as 2 Σ log Lⱼⱼ of its Cholesky factor;
  /// `nil` when the matrix is not positive definite (for example, a covariance with a
  /// constant or collinear column).
  public func logDeterminantSPD() -> Double? {
    guard let l = choleskyFactor() else { return nil }
    var sum = 0.0
    for j in 0..<rows { sum += log(l[j, j]) }
    return 2 * sum
  }

  /// self⁻¹·b for a symmetric positive definite self, by its Cholesky factor L (forward
  /// substitution with L, back substitution with Lᵀ, column by column of b); `nil` when self
  /// is not positive definite.
  ///
  /// - Complexity: O(d³ + d²·m) for d×d self and d×m b.
  public func solvingSPD(_ b: Matrix) -> Matrix? {
    if !(b.rows == rows) { ContractViolation.trap("solvingSPD: \(rows)×\(columns) against a right side of \(b.rows) rows") }
    guard let l = choleskyFactor() else { return nil }
    let d = rows
    var result = Matrix(rows: d, columns: b.columns)
    var z = [Double](repeating: 0, count: d)
    for column in 0..<b.columns {
      for i in 0..<d {
        var sum = b[i, column]
        for k in 0..<i { sum -= l[i, k] * z[k] }
        z[i] = sum / l[i, i]
      }
      for i in stride(from: d - 1, through: 0, by: -1) {
        var sum = z[i]
        for k in (i + 1)..<max(d, i + 1) { sum -= l[k, i] * result[k, column] }
        result[i, column] = sum / l[i, i]
      }
    }
    return result
  }

  /// The rows `rowIndices` and columns `columnIndices` of the matrix (a covariance's
  /// cross block).
  public func block(rows rowIndices: Range<Int>, columns columnIndices: Range<Int>) -> Matrix {
    var result = Matrix(rows: rowIndices.count, columns: columnIndices.count)
    for (a, i) in rowIndices.enumerated() {
      for (b, j) in columnIndices.enumerated() { result[a, b] = self[i, j] }
    }
    return result
  }

  /// The square submatrix with the given rows and columns (used for covariance blocks).
  public func submatrix(_ indices: [Int]) -> Matrix {
    var result = Matrix(rows: indices.count, columns: indices.count)
    for (a, i) in indices.enumerated() {
      for (b, j) in indices.enumerated() { result[a, b] = self[i, j] }
    }
    return result
  }

  /// The matrix product self · other.
  public func multiplied(by other: Matrix) -> Matrix {
    if !(columns == other.rows) { ContractViolation.trap("Cannot multiply \(rows)×\(columns) by \(other.rows)×\(other.columns)") }
    var result = Matrix(rows: rows, columns: other.columns)
    for i in 0..<rows {
      for k in 0..<columns {
        let a = storage[i * columns + k]
        if a == 0 { continue }
        for j in 0..<other.columns { result.values[i * other.columns + j] += a * other.storage[k * other.columns + j] }
      }
    }
    return result
  }

  /// The transpose.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { result.values[j * rows + i] = storage[i * columns + j] }
    }
    return result
  }

  /// The d×d identity matrix.
  public static func identity(_ d: Int) -> Matrix {
    var result = Matrix(rows: d, columns: d)
    for i in 0..<d { result[i, i] = 1 }
    return result
  }

  /// `count` rows L·ε of N(0, L Lᵀ), with ε standard normal drawn from `seed` and L a lower
  /// triangular (Cholesky) factor: the Gaussian samples of the ground-truth distributions
  /// and of reference-based bias corrections.
  public static func normalSample(choleskyFactor factor: Matrix, count: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    let d = factor.rows
    var result = Matrix(rows: count, columns: d)
    var noise = [Double](repeating: 0, count: d)
    for i in 0..<count {
      for j in 0..<d { noise[j] = generator.normal() }
      for a in 0..<d {
        var value = 0.0
        for b in 0...a { value += factor[a, b] * noise[b] }
        result[i, a] = value
      }
    }
    return result
  }
}
