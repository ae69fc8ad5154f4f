import Foundation

/// Each column's mean and standard deviation, computed so that neither overflows nor
/// underflows for data of any finite scale, and the standardization they define.
///
/// The naive moments fail at the ends of the double range: for values near 10³⁰⁷ the sum
/// of squares is infinite, and for values near 10⁻³⁰⁰ the squares underflow to 0 (so a
/// varying column looks constant). Here column j is first divided by the power of two
/// 2^eⱼ nearest above its largest magnitude, which is exact (only the exponent changes),
/// so the scaled values lie in [−1, 1]; the moments are taken of the scaled values by the
/// usual two passes; and the scale is kept apart as eⱼ:
///
/// - σⱼ = 2^eⱼ · s̃ⱼ, with s̃ⱼ the standard deviation (divisor N − 1) of the scaled column;
/// - log σⱼ = eⱼ log 2 + log s̃ⱼ, finite for every non-constant column of finite values
///   (σⱼ itself can overflow when the values span nearly the whole double range);
/// - the standardized value (x − μⱼ)/σⱼ = (x·2^−eⱼ − μ̃ⱼ)/s̃ⱼ, exact up to rounding for
///   any finite scale.
///
/// - Complexity: O(N·d) time, O(d) memory.
public struct ColumnScaling: Sendable, Equatable {
  /// eⱼ: column j is divided by 2^eⱼ before its moments are taken.
  public let exponents: [Int]
  /// μ̃ⱼ, the mean of column j in units of 2^eⱼ.
  public let scaledMeans: [Double]
  /// s̃ⱼ, the sample standard deviation (divisor N − 1) of column j in units of 2^eⱼ;
  /// 0 for a constant column.
  public let scaledDeviations: [Double]

  /// The moments of the columns of `matrix`, over all rows or over the rows listed.
  ///
  /// - Precondition: every value is finite.
  public init(_ matrix: Matrix, rows: [Int]? = nil) {
    let d = matrix.columns
    let rowIndices = rows ?? Array(0..<matrix.rows)
    let count = rowIndices.count
    var exponents = [Int](repeating: 0, count: d)
    var means = [Double](repeating: 0, count: d)
    var deviations = [Double](repeating: 0, count: d)
    matrix.storage.withUnsafeBufferPointer { values in
      for j in 0..<d {
        var largest = 0.0
        for i in rowIndices { largest = max(largest, abs(values[i * d + j])) }
        let e = largest > 0 ? Int(largest.exponent) + 1 : 0
        exponents[j] = e
        var sum = 0.0
        Self.forEachScaled(by: e, rowIndices, { _, x in sum += x }) { values[$0 * d + j] }
        let mean = count > 0 ? sum / Double(count) : 0
        var squares = 0.0
        Self.forEachScaled(by: e, rowIndices, { _, x in squares += (x - mean) * (x - mean) }) { values[$0 * d + j] }
        means[j] = mean
        deviations[j] = (squares / Double(max(count - 1, 1))).squareRoot()
      }
    }
    self.exponents = exponents
    self.scaledMeans = means
    self.scaledDeviations = deviations
  }

  /// x · 2^−e, exact whenever the result is a normal number.
  @inlinable
  public static func scale(_ x: Double, by e: Int) -> Double {
    e == 0 ? x : Double(sign: .plus, exponent: -e, significand: x)
  }

  /// 2^−e when it is a representable number (−1074 ≤ −e ≤ 1023), nil otherwise. Then
  /// x · 2^−e is one multiplication, exact since multiplying by a power of two only
  /// changes the exponent of a normal result; otherwise (e < −1023, subnormal data) use
  /// ``scale(_:by:)``.
  @inlinable
  public static func multiplier(for e: Int) -> Double? {
    -e <= 1023 && -e >= -1074 ? Double(sign: .plus, exponent: -e, significand: 1) : nil
  }

  /// Applies x ↦ x · 2^−e to `count` values read by `read` and written by `write`, with one
  /// multiplication each where 2^−e is representable.
  @inlinable
  static func forEachScaled(by e: Int, _ indices: some Sequence<Int>, _ body: (Int, Double) -> Void, _ read: (Int) -> Double) {
    if let factor = multiplier(for: e) {
      for i in indices { body(i, read(i) * factor) }
    } else {
      for i in indices { body(i, scale(read(i), by: e)) }
    }
  }

  /// log 2^e = e · log 2.
  @inlinable
  public static func logOfPowerOfTwo(_ e: Int) -> Double { Double(e) * 0.693_147_180_559_945_3 }

  /// The number of columns.
  public var count: Int { exponents.count }

  /// Whether column j has a single value (s̃ⱼ = 0).
  public func isConstant(_ j: Int) -> Bool { scaledDeviations[j] == 0 }

  /// log σⱼ; −∞ for a constant column.
  public func logDeviation(_ j: Int) -> Double {
    Self.logOfPowerOfTwo(exponents[j]) + log(scaledDeviations[j])
  }

  /// Σⱼ log σⱼ over all columns.
  public var sumOfLogDeviations: Double {
    (0..<count).reduce(0) { $0 + logDeviation($1) }
  }

  /// σⱼ (infinite when it exceeds the double range).
  public func deviation(_ j: Int) -> Double {
    Double(sign: .plus, exponent: exponents[j], significand: scaledDeviations[j])
  }

  /// μⱼ (exact to rounding; the mean of finite values is finite).
  public func mean(_ j: Int) -> Double {
    Double(sign: .plus, exponent: exponents[j], significand: scaledMeans[j])
  }

  /// (x − μⱼ)/σⱼ computed without overflow; a constant column maps to x − μⱼ = 0.
  @inlinable
  public func standardized(_ x: Double, column j: Int) -> Double {
    let centred = Self.scale(x, by: exponents[j]) - scaledMeans[j]
    let s = scaledDeviations[j]
    return s > 0 ? centred / s : centred
  }

  /// The matrix with every column standardized, (x − μⱼ)/σⱼ.
  public func standardizing(_ matrix: Matrix) -> Matrix {
    if !(matrix.columns == count) { ContractViolation.trap("ColumnScaling of \(count) columns applied to \(matrix.columns)") }
    var result = matrix
    let d = matrix.columns
    result.withUnsafeMutableValues { values in
      for j in 0..<d {
        let (mean, deviation) = (scaledMeans[j], scaledDeviations[j] > 0 ? scaledDeviations[j] : 1)
        Self.forEachScaled(by: exponents[j], stride(from: j, to: values.count, by: d), { offset, x in
          values[offset] = (x - mean) / deviation
        }) { values[$0] }
      }
    }
    return result
  }
}

