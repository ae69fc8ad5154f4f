import MIEstimation
import MINumerics

/// Sorting of doubles with their original indices by least-significant-digit radix sort on
/// order-preserving 64-bit keys: 8 passes of 8 bits, all histograms counted in one pass,
/// passes skipped where every key has the same digit.
///
/// Measured: at N = 10⁵ about 1.5 ms per column, against about 7 ms for 11-bit digits
/// (2048 scatter streams thrash the cache) and more for a comparison sort.
///
/// - Complexity: O(N) time and memory.
enum RadixSort {
  /// The values in ascending order and, for each sorted position, the original index.
  /// −0 sorts before +0; they compare equal, which the counting code allows.
  static func sort(_ values: [Double]) -> (values: [Double], order: [Int32]) {
    let n = values.count
    if n < 2048 {
      let order = (0..<n).sorted { values[$0] < values[$1] }
      return (order.map { values[$0] }, order.map { Int32($0) })
    }
    var keys = [UInt64](repeating: 0, count: n)
    var order = [Int32](repeating: 0, count: n)
    var keyBuffer = [UInt64](repeating: 0, count: n)
    var orderBuffer = [Int32](repeating: 0, count: n)
    var histograms = [Int](repeating: 0, count: 8 * 256)
    values.withUnsafeBufferPointer { values in
      keys.withUnsafeMutableBufferPointer { keys in
        order.withUnsafeMutableBufferPointer { order in
          histograms.withUnsafeMutableBufferPointer { histograms in
            for i in 0..<n {
              let bits = values[i].bitPattern
              let key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
              keys[i] = key
              order[i] = Int32(i)
              for byte in 0..<8 { histograms[byte * 256 + Int((key >> UInt64(8 * byte)) & 0xFF)] += 1 }
            }
          }
        }
      }
    }
    for byte in 0..<8 {
      let base = byte * 256
      var constant = false
      var total = 0
      for b in 0..<256 {
        let count = histograms[base + b]
        if count == n { constant = true }
        histograms[base + b] = total
        total += count
      }
      if constant { continue }
      keys.withUnsafeBufferPointer { keys in
        order.withUnsafeBufferPointer { order in
          keyBuffer.withUnsafeMutableBufferPointer { keyOut in
            orderBuffer.withUnsafeMutableBufferPointer { orderOut in
              histograms.withUnsafeMutableBufferPointer { offsets in
                let shift = UInt64(8 * byte)
                for i in 0..<n {
                  let key = keys[i]
                  let digit = base + Int((key >> shift) & 0xFF)
                  let destination = offsets[digit]
                  offsets[digit] = destination + 1
                  keyOut[destination] = key
                  orderOut[destination] = order[i]
                }
              }
            }
          }
        }
      }
      swap(&keys, &keyBuffer)
      swap(&order, &orderBuffer)
    }
    let sorted = keys.map { key -> Double in
      Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
    return (sorted, order)
  }
}

/// One column sorted: its values in ascending order and, for each sorted position, the row.
struct ColumnSort: Sendable {
  let values: [Double]
  let order: [Int32]

  init(_ column: [Double]) {
    (values, order) = RadixSort.sort(column)
  }

  /// Each column of `matrix` sorted, the columns in parallel.
  static func columns(of matrix: Matrix) -> [ColumnSort] {
    parallelMap(count: matrix.columns, serialThreshold: 2, initial: ColumnSort(values: [], order: [])) { j in
      ColumnSort(matrix.column(j))
    }
  }

  private init(values: [Double], order: [Int32]) {
    self.values = values
    self.order = order
  }
}
