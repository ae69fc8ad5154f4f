import MIEstimation
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
  /// For each tree position, the leaf that holds it (so a query for a stored point starts
  /// there without descending from the root).
  let leafOfPosition: [Int32]

  /// The largest number of points in a leaf.
  static let leafSize = 12

  /// Builds the tree over the rows of `data`.
  ///
  /// Construction presorts every coordinate once (radix sort) and keeps, for every node,
  /// its points in d lists, each ordered by one coordinate (Brown, "Building a balanced
  /// k-d tree in O(kn log n) time", JCGT 4(1), 2015). A node's bounding box is then read
  /// off the ends of its lists in O(d); its median split along the widest coordinate is
  /// the middle of that coordinate's list; the other lists are split by a stable,
  /// branch-free partition. Points left of a split have coordinates ≤ those right of it.
  ///
  /// - Parameter sorts: the columns of `data` already sorted (``ColumnSort/columns(of:)``),
  ///   when the caller has them; computed here otherwise.
  init(_ data: Matrix, sorts: [ColumnSort]? = nil) {
    if !(data.rows < Int(Int32.max)) { ContractViolation.trap("KDTree holds fewer than 2³¹ points") }
    if !(sorts == nil || sorts!.count == data.columns) { ContractViolation.trap("one sorted column per dimension") }
    let d = data.columns
    let n = data.rows
    dimension = d
    count = n
    // Depth so that median splits bring every leaf to at most leafSize points.
    var depth = 0
    while (n + (1 << depth) - 1) >> depth > Self.leafSize { depth += 1 }
    let nodeCount = (1 << (depth + 1)) - 1
    var order = [Int32](repeating: 0, count: n)
    var starts = [Int32](repeating: 0, count: nodeCount)
    var ends = [Int32](repeating: 0, count: nodeCount)
    var lefts = [Int32](repeating: -1, count: nodeCount)
    var boxes = [Double](repeating: 0, count: nodeCount * 2 * d)
    var identical = [Bool](repeating: false, count: nodeCount)
    var leafOf = [Int32](repeating: 0, count: n)
    if n > 0 {
      // lists[j * n + p]: the p-th point (by coordinate j) of the node that owns position p.
      let sortedColumns = sorts ?? ColumnSort.columns(of: data)
      var lists = [Int32](repeating: 0, count: n * d)
      for j in 0..<d {
        lists.withUnsafeMutableBufferPointer { lists in
          sortedColumns[j].order.withUnsafeBufferPointer { order in
            (lists.baseAddress! + j * n).update(from: order.baseAddress!, count: n)
          }
        }
      }
      var scratch = [Int32](repeating: 0, count: n * d)
      var side = [UInt8](repeating: 0, count: n)
      data.storage.withUnsafeBufferPointer { values in
        lists.withUnsafeMutableBufferPointer { lists in
          scratch.withUnsafeMutableBufferPointer { scratch in
            side.withUnsafeMutableBufferPointer { side in
              order.withUnsafeMutableBufferPointer { order in
                starts.withUnsafeMutableBufferPointer { starts in
                  ends.withUnsafeMutableBufferPointer { ends in
                    lefts.withUnsafeMutableBufferPointer { lefts in
                      boxes.withUnsafeMutableBufferPointer { boxes in
                        identical.withUnsafeMutableBufferPointer { identical in
                          leafOf.withUnsafeMutableBufferPointer { leafOf in
                            let builder = Builder(
                              d: d, n: n, values: values.baseAddress!, lists: lists.baseAddress!,
                              scratch: scratch.baseAddress!, side: side.baseAddress!, order: order.baseAddress!,
                              starts: starts.baseAddress!, ends: ends.baseAddress!, lefts: lefts.baseAddress!,
                              boxes: boxes.baseAddress!, identical: identical.baseAddress!, leafOf: leafOf.baseAddress!)
                            builder.build(
                              node: 0, start: 0, end: n, parallelDepth: ProcessInfoCores.active > 1 && n >= 20_000 ? 2 : 0)
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    var points = [Double](repeating: 0, count: n * d)
    for (position, original) in order.enumerated() {
      for j in 0..<d { points[position * d + j] = data.storage[Int(original) * d + j] }
    }
    self.points = points
    self.originalIndex = order
    self.nodeStart = starts
    self.nodeEnd = ends
    self.leftChild = lefts
    self.boxes = boxes
    self.identicalLeaf = identical
    self.leafOfPosition = leafOf
    #if MI_INTERNAL_CHECKS
      _checkInvariants()
    #endif
  }

  /// Writes the tree through raw pointers; subtrees own disjoint position ranges, nodes and
  /// points, so they may be built concurrently.
  private struct Builder: @unchecked Sendable {
    let d: Int
    let n: Int
    let values: UnsafePointer<Double>
    let lists: UnsafeMutablePointer<Int32>
    let scratch: UnsafeMutablePointer<Int32>
    let side: UnsafeMutablePointer<UInt8>
    let order: UnsafeMutablePointer<Int32>
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>
    let lefts: UnsafeMutablePointer<Int32>
    let boxes: UnsafeMutablePointer<Double>
    let identical: UnsafeMutablePointer<Bool>
    let leafOf: UnsafeMutablePointer<Int32>

    @inline(__always) private func value(_ point: Int32, _ j: Int) -> Double { values[Int(point) * d + j] }

    func build(node: Int, start: Int, end: Int, parallelDepth: Int) {
      starts[node] = Int32(start)
      ends[node] = Int32(end)
      let low = boxes + node * 2 * d
      let high = low + d
      var splitDimension = 0
      var widest = -1.0
      for j in 0..<d {
        let list = lists + j * n
        low[j] = value(list[start], j)
        high[j] = value(list[end - 1], j)
        if high[j] - low[j] > widest {
          widest = high[j] - low[j]
          splitDimension = j
        }
      }
      if end - start <= KDTree.leafSize || widest <= 0 {
        // A leaf: its points in any order (identical points by original index, so that a
        // neighbour scan can stop early).
        let list = lists + splitDimension * n
        for p in start..<end { order[p] = list[p] }
        if widest <= 0 && end - start > 1 {
          var run = UnsafeMutableBufferPointer(start: order + start, count: end - start)
          run.sort()
          identical[node] = true
        }
        for p in start..<end { leafOf[p] = Int32(node) }
        return
      }
      let middle = (start + end) / 2
      let splitList = lists + splitDimension * n
      for p in start..<middle { side[Int(splitList[p])] = 0 }
      for p in middle..<end { side[Int(splitList[p])] = 1 }
      for j in 0..<d where j != splitDimension {
        // Stable, branch-free partition of list j by side.
        let list = lists + j * n
        let buffer = scratch + j * n
        var leftCursor = start
        var rightCursor = middle
        for p in start..<end {
          let point = list[p]
          let isRight = Int(side[Int(point)])
          let destination = isRight == 0 ? leftCursor : rightCursor
          buffer[destination] = point
          leftCursor += 1 - isRight
          rightCursor += isRight
        }
        (list + start).update(from: buffer + start, count: end - start)
      }
      let left = 2 * node + 1
      lefts[node] = Int32(left)
      if parallelDepth > 0 {
        let this = self
        DispatchQueue.concurrentPerform(iterations: 2) { child in
          if child == 0 {
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
  }

  /// Checks the structural invariants (compiled in with `-DMI_INTERNAL_CHECKS`): every
  /// point lies in its node's box and the children partition their parent.
  func _checkInvariants() {
    let d = dimension
    for node in 0..<nodeStart.count where nodeEnd[node] > nodeStart[node] {
      for p in Int(nodeStart[node])..<Int(nodeEnd[node]) {
        for j in 0..<d {
          let value = points[p * d + j]
          if !(value >= boxes[node * 2 * d + j] && value <= boxes[node * 2 * d + d + j]) { ContractViolation.trap("point outside its box") }
        }
      }
      let left = Int(leftChild[node])
      if left >= 0 {
        if !(nodeStart[left] == nodeStart[node] && nodeEnd[left + 1] == nodeEnd[node]) { ContractViolation.trap("children do not cover parent") }
        if !(nodeEnd[left] == nodeStart[left + 1]) { ContractViolation.trap("children are not adjacent") }
      }
    }
  }
}
