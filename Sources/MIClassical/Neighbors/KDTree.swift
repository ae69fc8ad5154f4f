import MINumerics

/// A k-d tree over points in ℝᵈ stored in flat arrays (no class nodes).
///
/// Points are copied into tree order, so a leaf is a contiguous run of `leafSize` or
/// fewer points. Each node keeps its index range and its bounding box; children of a
/// node are stored next to each other (`right = left + 1`). Splits are at the median of
/// the widest dimension of the node's box, so the tree is balanced.
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

  /// The largest number of points in a leaf.
  static let leafSize = 12

  /// Builds the tree over the rows of `data`.
  init(_ data: Matrix) {
    precondition(data.rows < Int(Int32.max), "KDTree holds fewer than 2³¹ points")
    let d = data.columns
    let n = data.rows
    self.dimension = d
    self.count = n
    var order = (0..<n).map { Int32($0) }
    var starts: [Int32] = []
    var ends: [Int32] = []
    var lefts: [Int32] = []
    var boxes: [Double] = []
    let nodeEstimate = max(1, 2 * n / Self.leafSize + 1)
    starts.reserveCapacity(nodeEstimate)
    ends.reserveCapacity(nodeEstimate)
    lefts.reserveCapacity(nodeEstimate)
    boxes.reserveCapacity(nodeEstimate * 2 * d)

    data.storage.withUnsafeBufferPointer { values in
      order.withUnsafeMutableBufferPointer { order in
        // Breadth-first so that children are allocated in adjacent pairs.
        var queue: [(node: Int, start: Int, end: Int)] = []
        func appendNode(_ start: Int, _ end: Int) -> Int {
          let node = starts.count
          starts.append(Int32(start))
          ends.append(Int32(end))
          lefts.append(-1)
          // Bounding box of the points.
          let boxBase = boxes.count
          for _ in 0..<(2 * d) { boxes.append(0) }
          for j in 0..<d {
            var low = Double.infinity
            var high = -Double.infinity
            for p in start..<end {
              let value = values[Int(order[p]) * d + j]
              if value < low { low = value }
              if value > high { high = value }
            }
            boxes[boxBase + j] = low
            boxes[boxBase + d + j] = high
          }
          return node
        }
        if n > 0 {
          queue.append((appendNode(0, n), 0, n))
        }
        var head = 0
        while head < queue.count {
          let (node, start, end) = queue[head]
          head += 1
          guard end - start > Self.leafSize else { continue }
          // Split the widest dimension at the median.
          var splitDimension = 0
          var widest = -1.0
          for j in 0..<d {
            let width = boxes[node * 2 * d + d + j] - boxes[node * 2 * d + j]
            if width > widest {
              widest = width
              splitDimension = j
            }
          }
          if widest <= 0 { continue }  // all points identical: keep as a leaf
          let middle = (start + end) / 2
          Self.select(order, start, end, middle, values, d, splitDimension)
          let left = appendNode(start, middle)
          _ = appendNode(middle, end)
          lefts[node] = Int32(left)
          queue.append((left, start, middle))
          queue.append((left + 1, middle, end))
        }
      }
    }
    var ordered = [Double](repeating: 0, count: n * d)
    for (position, original) in order.enumerated() {
      for j in 0..<d { ordered[position * d + j] = data.storage[Int(original) * d + j] }
    }
    self.points = ordered
    self.originalIndex = order
    self.nodeStart = starts
    self.nodeEnd = ends
    self.leftChild = lefts
    self.boxes = boxes
    #if MI_INTERNAL_CHECKS
      _checkInvariants()
    #endif
  }

  /// Partially sorts `order[start..<end]` by coordinate `dimension` so that position
  /// `nth` holds the element that a full sort would put there, smaller-or-equal ones
  /// before it and greater-or-equal ones after (Hoare's selection, median-of-three).
  private static func select(
    _ order: UnsafeMutableBufferPointer<Int32>, _ start: Int, _ end: Int, _ nth: Int,
    _ values: UnsafeBufferPointer<Double>, _ d: Int, _ dimension: Int
  ) {
    var low = start
    var high = end - 1
    @inline(__always) func key(_ p: Int) -> Double { values[Int(order[p]) * d + dimension] }
    while high > low {
      let middle = low + (high - low) / 2
      // Median of three as the pivot.
      if key(middle) < key(low) { order.swapAt(middle, low) }
      if key(high) < key(low) { order.swapAt(high, low) }
      if key(high) < key(middle) { order.swapAt(high, middle) }
      let pivot = key(middle)
      var i = low
      var j = high
      while i <= j {
        while key(i) < pivot { i += 1 }
        while key(j) > pivot { j -= 1 }
        if i <= j {
          order.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if nth <= j {
        high = j
      } else if nth >= i {
        low = i
      } else {
        return
      }
    }
  }

  /// Checks the structural invariants (compiled in with `-DMI_INTERNAL_CHECKS`): every
  /// point lies in its node's box and the children partition their parent.
  func _checkInvariants() {
    let d = dimension
    for node in 0..<nodeStart.count {
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
