/// A one-dimensional sample sorted once, answering "how many values lie within r of
/// this one" by galloping search from the value's own position.
///
/// The comparisons are made on |vⱼ − vᵢ| exactly as a brute-force count would compute
/// them (floating-point subtraction is monotone and sign-symmetric), so counts agree
/// with the O(N²) definition even at ties and at the boundary.
///
/// - Complexity: O(N log N) to build; O(log m) per query, m the count found.
struct SortedColumn: Sendable {
  /// The values in ascending order.
  let values: [Double]

  init(_ column: [Double]) {
    let (values, order) = RadixSort.sort(column)
    self.values = values
    self.order = order
  }

  /// `order[p]`: the original index of the value at sorted position p.
  let order: [Int32]


}

/// Pointer access to a ``SortedColumn`` for use across threads while it is alive.
struct SortedColumnView: @unchecked Sendable {
  let values: UnsafePointer<Double>
  let count: Int

  /// The number of values v with |v − values[p]| < radius (`strict`) or ≤ radius,
  /// the value at p itself included when it qualifies (always, unless `strict` and
  /// `radius` is 0).
  @inline(__always)
  func countWithin<Test: RadiusTest>(position p: Int, radius: Double, _ test: Test.Type) -> Int {
    if Test.isStrict && !(radius > 0) { return 0 }
    let center = values[p]
    @inline(__always) func inside(_ j: Int) -> Bool {
      Test.inside(abs(values[j] - center), radius)
    }
    // Upper end: the first index past p whose value is outside.
    var step = 1
    var inner = p  // known inside (or p itself)
    var outer = p + 1
    while outer < count && inside(outer) {
      inner = outer
      outer = p + step * 2
      step *= 2
    }
    if outer > count { outer = count }
    var lowIndex = inner + 1
    var highIndex = outer
    while lowIndex < highIndex {
      let middle = (lowIndex + highIndex) / 2
      if inside(middle) { lowIndex = middle + 1 } else { highIndex = middle }
    }
    let upper = lowIndex  // first outside above p
    // Lower end: the last index below p whose value is outside.
    step = 1
    inner = p
    var outerLow = p - 1
    while outerLow >= 0 && inside(outerLow) {
      inner = outerLow
      outerLow = p - step * 2
      step *= 2
    }
    if outerLow < -1 { outerLow = -1 }
    var a = outerLow + 1
    var b = inner
    // Find the first inside index in [outerLow + 1, inner].
    while a < b {
      let middle = (a + b) / 2
      if inside(middle) { b = middle } else { a = middle + 1 }
    }
    return upper - a
  }
}

extension SortedColumn {
  func withView<R>(_ body: (SortedColumnView) -> R) -> R {
    values.withUnsafeBufferPointer { buffer in
      body(SortedColumnView(values: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: buffer.count))
    }
  }
}
