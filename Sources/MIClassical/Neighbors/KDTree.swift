import Dispatch
import Foundation
import MINumerics

/// A k-d tree over points in ℝᵈ stored in flat arrays (no class nodes).
///
/// Points are copied into tree order, so a leaf is a contiguous run of at most
/// ``leafSize`` points. Nodes are laid out as an implicit binary heap (children of node i
/// at 2i + 1 and 2i + 2); each node keeps its index range and its bounding box. Splits
/// are at the median of the widest dimension of the node's box, so the tree is balanced
/// and its shape depends only on N. The two halves of the top levels are built in parallel.
///
/// - Complexity: building is O(N log N); memory is O(N·d).
struct KDTree: Sendable {
  /// The dimension d.
  let dimension: Int
  /// The number of points N.
  let count: Int
  /// Coordinates in tree order (`count × dimension`).
  let points: [Double]
  /// The original row of each point in tree order.
  let originalIndex: [Int32]
  /// For each node, the first point (in tree order).
  let nodeStart: [Int32]
  /// For each node, one past its last point.
  let nodeEnd: [Int32]
  /// For each node, its left child, or −1 for a leaf (the right child is `left + 1`).
  let leftChild: [Int32]
  /// For each node, `dimension` lower bounds then `dimension` upper bounds.
  let boxes: [Double]
  /// For each node, whether it is a leaf of identical points stored in increasing
  /// original index (duplicates in discrete or tied data): a neighbour scan can stop at
  /// its first rejected point.
  let identicalLeaf: [Bool]

  /// The largest number of points in a leaf.
  static let leafSize = 12

  /// Builds the tree over the rows of `data`.
  init(_ data: Matrix) {
    precondition(data.rows < Int(Int32.max), "KDTree holds fewer than 2³¹ points")
    let d = data.columns
    let n = data.rows
    dimension = d
    count = n
    // Depth so that median splits bring every leaf to at most leafSize points.
    var depth = 0
    while (n + (1 << depth) - 1) >> depth > Self.leafSize { depth += 1 }
    let nodeCount = (1 << (depth + 1)) - 1
    var points = data.storage
    var order = (0..<n).map { Int32($0) }
    var starts = [Int32](repeating: 0, count: nodeCount)
    var ends = [Int32](repeating: 0, count: nodeCount)
    var lefts = [Int32](repeating: -1, count: nodeCount)
    var boxes = [Double](repeating: 0, count: nodeCount * 2 * d)
    var identical = [Bool](repeating: false, count: nodeCount)
    if n > 0 {
      let builder = Builder(
        d: d, points: points.withUnsafeMutableBufferPointer { $0.baseAddress! },
        order: order.withUnsafeMutableBufferPointer { $0.baseAddress! },
        starts: starts.withUnsafeMutableBufferPointer { $0.baseAddress! },
        ends: ends.withUnsafeMutableBufferPointer { $0.baseAddress! },
        lefts: lefts.withUnsafeMutableBufferPointer { $0.baseAddress! },
        boxes: boxes.withUnsafeMutableBufferPointer { $0.baseAddress! },
        identical: identical.withUnsafeMutableBufferPointer { $0.baseAddress! })
      // The arrays are not resized or copied while the builder writes through its pointers.
      withExtendedLifetime((points, order, starts, ends, lefts, boxes, identical)) {
        builder.build(node: 0, start: 0, end: n, parallelDepth: ProcessInfoCores.active > 1 && n >= 20_000 ? 2 : 0)
      }
    }
    self.points = points
    self.originalIndex = order
    self.nodeStart = starts
    self.nodeEnd = ends
    self.leftChild = lefts
    self.boxes = boxes
    self.identicalLeaf = identical
    #if MI_INTERNAL_CHECKS
      _checkInvariants()
    #endif
  }

  /// Writes the tree through raw pointers; subtrees write disjoint ranges and nodes, so
  /// they may be built concurrently.
  private struct Builder: @unchecked Sendable {
    let d: Int
    let points: UnsafeMutablePointer<Double>
    let order: UnsafeMutablePointer<Int32>
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>
    let lefts: UnsafeMutablePointer<Int32>
    let boxes: UnsafeMutablePointer<Double>
    let identical: UnsafeMutablePointer<Bool>

    func build(node: Int, start: Int, end: Int, parallelDepth: Int) {
      starts[node] = Int32(start)
      ends[node] = Int32(end)
      let low = boxes + node * 2 * d
      let high = low + d
      for j in 0..<d {
        low[j] = .infinity
        high[j] = -.infinity
      }
      for p in start..<end {
        let point = points + p * d
        for j in 0..<d {
          let value = point[j]
          if value < low[j] { low[j] = value }
          if value > high[j] { high[j] = value }
        }
      }
      guard end - start > KDTree.leafSize else { return }
      var splitDimension = 0
      var widest = -1.0
      for j in 0..<d where high[j] - low[j] > widest {
        widest = high[j] - low[j]
        splitDimension = j
      }
      if widest <= 0 {
        // All points identical: one leaf, ordered by original index.
        sortByIndex(start, end)
        identical[node] = true
        return
      }
      let middle = (start + end) / 2
      select(start, end, middle, splitDimension)
      let left = 2 * node + 1
      lefts[node] = Int32(left)
      if parallelDepth > 0 {
        let this = self
        DispatchQueue.concurrentPerform(iterations: 2) { side in
          if side == 0 {
            this.build(node: left, start: start, end: middle, parallelDepth: parallelDepth - 1)
          } else {
            this.build(node: left + 1, start: middle, end: end, parallelDepth: parallelDepth - 1)
          }
        }
      } else {
        build(node: left, start: start, end: middle, parallelDepth: 0)
        build(node: left + 1, start: middle, end: end, parallelDepth: 0)
      }
    }

    @inline(__always) private func swapPoints(_ a: Int, _ b: Int) {
      let index = order[a]
      order[a] = order[b]
      order[b] = index
      let pa = points + a * d
      let pb = points + b * d
      for j in 0..<d {
        let value = pa[j]
        pa[j] = pb[j]
        pb[j] = value
      }
    }

    /// Floyd–Rivest selection (Floyd & Rivest, CACM 18(3), 1975, Algorithm 489): afterwards
    /// position `nth` holds the value a full sort would put there, with smaller-or-equal
    /// values before it and greater-or-equal values after. About 1.5·N comparisons for the
    /// median, against about 3.4·N for Hoare's quickselect (measured: the root split is the
    /// serial part of the tree build).
    private func select(_ start: Int, _ end: Int, _ nth: Int, _ dimension: Int) {
      select(left: start, right: end - 1, nth, dimension)
    }

    private func select(left initialLeft: Int, right initialRight: Int, _ k: Int, _ dimension: Int) {
      var left = initialLeft
      var right = initialRight
      @inline(__always) func key(_ p: Int) -> Double { points[p * d + dimension] }
      while right > left {
        if right - left > 600 {
          // Recurse on a sample range that contains the k-th element with high probability.
          let n = Double(right - left + 1)
          let i = Double(k - left + 1)
          let z = log(n)
          let s = 0.5 * exp(2 * z / 3)
          let sd = 0.5 * (z * s * (n - s) / n).squareRoot() * (i - n / 2 < 0 ? -1 : 1)
          let newLeft = max(left, Int(Double(k) - i * s / n + sd))
          let newRight = min(right, Int(Double(k) + (n - i) * s / n + sd))
          select(left: newLeft, right: newRight, k, dimension)
        }
        let t = key(k)
        var i = left
        var j = right
        swapPoints(left, k)
        if key(right) > t { swapPoints(right, left) }
        while i < j {
          swapPoints(i, j)
          i += 1
          j -= 1
          while key(i) < t { i += 1 }
          while key(j) > t { j -= 1 }
        }
        if key(left) == t {
          swapPoints(left, j)
        } else {
          j += 1
          swapPoints(j, right)
        }
        if j <= k { left = j + 1 }
        if k <= j { right = j - 1 }
      }
    }

    /// Sorts a run of identical points by original index (their coordinates are equal,
    /// so only the indices move).
    private func sortByIndex(_ start: Int, _ end: Int) {
      var buffer = UnsafeMutableBufferPointer(start: order + start, count: end - start)
      buffer.sort()
    }
  }

  /// Checks the structural invariants (compiled in with `-DMI_INTERNAL_CHECKS`): every
  /// point lies in its node's box and the children partition their parent.
  func _checkInvariants() {
    let d = dimension
    for node in 0..<nodeStart.count where nodeEnd[node] > nodeStart[node] {
      for p in Int(nodeStart[node])..<Int(nodeEnd[node]) {
        for j in 0..<d {
          let value = points[p * d + j]
          precondition(value >= boxes[node * 2 * d + j] && value <= boxes[node * 2 * d + d + j], "point outside its box")
        }
      }
      let left = Int(leftChild[node])
      if left >= 0 {
        precondition(nodeStart[left] == nodeStart[node] && nodeEnd[left + 1] == nodeEnd[node], "children do not cover parent")
        precondition(nodeEnd[left] == nodeStart[left + 1], "children are not adjacent")
      }
    }
  }
}
