import MIEstimation
import MINumerics

/// Maps the rows of a matrix to integer symbols 0..<categories, equal rows to equal
/// symbols (values compared exactly; −0 equals +0).
struct DiscreteCoding {
  /// The symbol of each row.
  let codes: [Int32]
  /// The number of distinct rows observed.
  let categories: Int

  init(_ matrix: Matrix) {
    let n = matrix.rows
    let d = matrix.columns
    // Code each column, then combine column codes pairwise.
    var codes = [Int32](repeating: 0, count: n)
    var categories = 1
    for j in 0..<d {
      let (columnCodes, columnCategories) = Self.denseCodes(count: n) { i in matrix.storage[i * d + j] + 0 }
      if j == 0 {
        codes = columnCodes
        categories = columnCategories
      } else {
        (codes, categories) = Self.combine(codes, columnCodes)
      }
    }
    self.codes = codes
    self.categories = n == 0 ? 0 : categories
  }

  init(codes: [Int32], categories: Int) {
    self.codes = codes
    self.categories = categories
  }

  /// The joint symbol of several codings of the same samples.
  static func joint(_ parts: [DiscreteCoding]) -> DiscreteCoding {
    guard var result = parts.first else { return DiscreteCoding(codes: [], categories: 0) }
    for part in parts.dropFirst() {
      let (codes, categories) = combine(result.codes, part.codes)
      result = DiscreteCoding(codes: codes, categories: categories)
    }
    return result
  }

  private static func combine(_ a: [Int32], _ b: [Int32]) -> ([Int32], Int) {
    denseCodes(count: a.count) { i in Int64(a[i]) << 32 | Int64(b[i]) }
  }

  /// Codes 0, 1, 2, … in order of first appearance for the keys of samples 0..<count.
  private static func denseCodes<Key: Hashable>(count: Int, key: (Int) -> Key) -> ([Int32], Int) {
    var table: [Key: Int32] = [:]
    var result = [Int32](repeating: 0, count: count)
    for i in 0..<count {
      let value = key(i)
      if let code = table[value] {
        result[i] = code
      } else {
        let code = Int32(table.count)
        table[value] = code
        result[i] = code
      }
    }
    return (result, table.count)
  }

  /// The number of samples with each symbol.
  var counts: [Int] {
    var result = [Int](repeating: 0, count: categories)
    for code in codes { result[Int(code)] += 1 }
    return result
  }
}
