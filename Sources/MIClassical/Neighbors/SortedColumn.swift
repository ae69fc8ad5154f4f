import MIEstimation
/// A one-dimensional sample sorted once, answering "how many values lie within r of
/// this one" by galloping search from a guess interpolated in a bucket table.
///
/// The comparisons are made on |vⱼ − vᵢ| exactly as a brute-force count would compute
/// them (floating-point subtraction is monotone and sign-symmetric), so counts agree
/// with the O(N²) definition even at ties and at the boundary.
///
/// - Complexity: O(N) to build from a radix sort; per query O(1) expected on smooth
///   densities, O(log N) at worst.
struct SortedColumn: Sendable {
  /// The values in ascending order.
  let values: [Double]

  init(_ column: [Double]) {
    self.init(ColumnSort(column))
  }

  init(_ sort: ColumnSort) {
    let values = sort.values
    self.values = values
    self.order = sort.order
    // A table of B equal-width buckets over [min, max]: bucketStart[b] is the first
    // position whose value is at least the bucket's lower edge. It turns a value into a
    // starting position for the exact galloping search (about 16 values per bucket).
    let n = values.count
    let minimum = values.first ?? 0
    let maximum = values.last ?? 0
    let buckets = max(1, n / 16)
    let width = (maximum - minimum) / Double(buckets)
    var starts = [Int32](repeating: Int32(n), count: buckets + 1)
    if width > 0 && width.isFinite {
      var position = 0
      for b in 0...buckets {
        let edge = minimum + Double(b) * width
        while position < n && values[position] < edge { position += 1 }
        starts[b] = Int32(position)
      }
      starts[0] = 0
    } else {
      for b in 0...buckets { starts[b] = 0 }
    }
    self.bucketStart = starts
    self.minimum = minimum
    self.inverseWidth = width > 0 && width.isFinite ? 1 / width : 0
  }

  /// See ``init(_:)``.
  let bucketStart: [Int32]
  let minimum: Double
  let inverseWidth: Double

  /// `order[p]`: the original index of the value at sorted position p.
  let order: [Int32]


}

/// Pointer access to a ``SortedColumn`` for use across threads while it is alive.
struct SortedColumnView: @unchecked Sendable {
  let values: UnsafePointer<Double>
  let count: Int
  let bucketStart: UnsafePointer<Int32>
  let buckets: Int
  let minimum: Double
  let inverseWidth: Double

  /// An approximate position of `value` in the sorted values: the bucket table, then
  /// linear interpolation inside the bucket.
  @inline(__always)
  func approximatePosition(of value: Double) -> Int {
    let scaled = (value - minimum) * inverseWidth
    if !(scaled > 0) { return 0 }
    if scaled >= Double(buckets) { return count }
    let bucket = Int(scaled)
    let first = Int(bucketStart[bucket])
    let last = Int(bucketStart[bucket + 1])
    return first + Int((scaled - Double(bucket)) * Double(last - first))
  }

  /// A starting guess for ``rangeWithin(position:radius:hint:_:)`` from the bucket table.
  @inline(__always)
  func hint(position p: Int, radius: Double) -> Range<Int> {
    let center = values[p]
    let lower = min(approximatePosition(of: center - radius), p)
    let upper = max(approximatePosition(of: center + radius), lower)
    return lower..<upper
  }

  /// The half-open range of sorted positions whose values v satisfy |v − values[p]| < radius
  /// (strict test) or ≤ radius (inclusive test), p itself included when it passes.
  ///
  /// `hint` is a guess of the answer (``hint(position:radius:)``, interpolated in the
  /// bucket table); the boundaries are found by galloping from it, so a good guess costs a
  /// few probes and a bad one O(log N). The guess affects only the speed, never the result. Every probe uses
  /// the exact test |vⱼ − vₚ| that a brute-force count uses: since floating-point
  /// subtraction is monotone, the test is monotone on each side of p.
  @inline(__always)
  func rangeWithin<Test: RadiusTest>(position p: Int, radius: Double, hint: Range<Int>, _ test: Test.Type) -> Range<Int> {
    if Test.isStrict && !(radius > 0) { return p..<p }
    let center = values[p]
    @inline(__always) func inside(_ j: Int) -> Bool { Test.inside(abs(values[j] - center), radius) }
    // Upper end: the first index above p that is outside (or count).
    let upper: Int
    var guess = max(hint.upperBound, p + 1)
    if guess < count && inside(guess) {
      // Gallop up: inside at `guess`, find an outside index beyond it.
      var known = guess
      var step = 1
      var probe = guess + 1
      while probe < count && inside(probe) {
        known = probe
        step *= 2
        probe = known + step
      }
      upper = Self.firstOutside(from: known + 1, to: min(probe, count), inside)
    } else {
      // Gallop down: `guess` is outside (or the end); find the last inside index above p.
      guess = min(guess, count)
      var outside = guess
      var step = 1
      var probe = guess - 1
      while probe > p && !inside(probe) {
        outside = probe
        step *= 2
        probe = outside - step
      }
      upper = Self.firstOutside(from: max(probe, p) + 1, to: outside, inside)
    }
    // Lower end: the first inside index at or below p.
    let lower: Int
    guess = min(hint.lowerBound, p)
    if guess < p && inside(guess) {
      // Gallop down: inside at `guess`, find an outside index below it.
      var known = guess
      var step = 1
      var probe = guess - 1
      while probe >= 0 && inside(probe) {
        known = probe
        step *= 2
        probe = known - step
      }
      lower = Self.firstInside(from: max(probe, -1) + 1, to: known, inside)
    } else if guess < p {
      // `guess` is outside: find the first inside index in (guess, p].
      var outside = guess
      var step = 1
      var probe = guess + 1
      while probe < p && !inside(probe) {
        outside = probe
        step *= 2
        probe = outside + step
      }
      lower = Self.firstInside(from: outside + 1, to: min(probe, p), inside)
    } else {
      // No hint below p: gallop down from p.
      var known = p
      var step = 1
      var probe = p - 1
      while probe >= 0 && inside(probe) {
        known = probe
        step *= 2
        probe = known - step
      }
      lower = Self.firstInside(from: max(probe, -1) + 1, to: known, inside)
    }
    return lower..<upper
  }

  /// The first index in [from, to) that is outside, or `to`; `inside` is true then false.
  @inline(__always)
  private static func firstOutside(from: Int, to: Int, _ inside: (Int) -> Bool) -> Int {
    var low = from
    var high = to
    while low < high {
      let middle = (low + high) / 2
      if inside(middle) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The first index in [from, to] that is inside (`to` is known inside); `inside` is false then true.
  @inline(__always)
  private static func firstInside(from: Int, to: Int, _ inside: (Int) -> Bool) -> Int {
    var low = from
    var high = to
    while low < high {
      let middle = (low + high) / 2
      if inside(middle) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}

extension SortedColumn {
  func withView<R>(_ body: (SortedColumnView) -> R) -> R {
    values.withUnsafeBufferPointer { buffer in
      bucketStart.withUnsafeBufferPointer { starts in
        body(
          SortedColumnView(
            values: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: buffer.count,
            bucketStart: starts.baseAddress!, buckets: starts.count - 1, minimum: minimum, inverseWidth: inverseWidth))
      }
    }
  }
}
