import MIEstimation
import MINumerics

/// Raw pointers into a ``KDTree``'s arrays, valid inside ``KDTree/withView(_:)``.
/// Sendable by contract: the arrays are immutable while a view exists.
struct KDTreeView: @unchecked Sendable {
  let d: Int
  let points: UnsafePointer<Double>
  let originalIndex: UnsafePointer<Int32>
  let nodeStart: UnsafePointer<Int32>
  let nodeEnd: UnsafePointer<Int32>
  let leftChild: UnsafePointer<Int32>
  let boxes: UnsafePointer<Double>
  let identicalLeaf: UnsafePointer<Bool>
  let leafOfPosition: UnsafePointer<Int32>

  @inline(__always) func low(_ node: Int) -> UnsafePointer<Double> { boxes + node * 2 * d }
  @inline(__always) func high(_ node: Int) -> UnsafePointer<Double> { boxes + node * 2 * d + d }

  /// The k nearest neighbours of the point stored at tree position `position`, other than
  /// itself, ordered by (distance, original index): ties in distance go to the smaller
  /// index. `distances` and `indices` must hold `k` entries each; on return they hold the
  /// reduced distances and original indices, nearest first.
  ///
  /// Searches bottom-up: first the point's own leaf, then, climbing toward the root, each
  /// sibling subtree that could hold a closer point, and stops as soon as the ball of the
  /// current k-th distance lies strictly inside the current node's box. Every point outside
  /// a node lies across one of its ancestors' split planes, beyond the node's box, so it is
  /// then strictly farther than the k-th distance and cannot even tie.
  func nearest<Metric: NeighborMetric, D: StaticDimension>(
    _ metric: Metric.Type, _ dimension: D.Type, ofPointAt position: Int, k: Int,
    distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>
  ) {
    let d = D.value(self.d)
    for j in 0..<k {
      distances[j] = .infinity
      indices[j] = .max
    }
    let q = points + position * d
    let excluded = originalIndex[position]
    var node = Int(leafOfPosition[position])
    scanLeaf(metric, dimension, node: node, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
    while node > 0 {
      let radius = distances[k - 1]
      if radius < .infinity && Self.ballStrictlyInside(metric, q: q, radius: radius, low: low(node), high: high(node), d) {
        return
      }
      let sibling = node % 2 == 1 ? node + 1 : node - 1
      let siblingLow = low(sibling)
      if Metric.distance(q, toBoxFrom: siblingLow, to: siblingLow + d, d) <= distances[k - 1] {
        search(metric, dimension, node: sibling, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
      }
      node = (node - 1) / 2
    }
  }

  /// Whether every coordinate of the box is more than `radius` away from q on both sides,
  /// compared as the reduced distances of the metric (so that the test agrees with
  /// ``NeighborMetric/distance(_:_:_:)`` for any point beyond the box).
  @inline(__always)
  private static func ballStrictlyInside<Metric: NeighborMetric>(
    _ metric: Metric.Type, q: UnsafePointer<Double>, radius: Double, low: UnsafePointer<Double>,
    high: UnsafePointer<Double>, _ d: Int
  ) -> Bool {
    for j in 0..<d {
      let below = q[j] - low[j]
      let above = high[j] - q[j]
      if !(Metric.reducedGap(below) > radius && Metric.reducedGap(above) > radius) { return false }
    }
    return true
  }

  @inline(__always)
  private func scanLeaf<Metric: NeighborMetric, D: StaticDimension>(
    _ metric: Metric.Type, _ dimension: D.Type, node: Int, q: UnsafePointer<Double>, excluded: Int32, k: Int,
    distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>
  ) {
    let d = D.value(self.d)
    let sortedDuplicates = identicalLeaf[node]
    for p in Int(nodeStart[node])..<Int(nodeEnd[node]) {
      let index = originalIndex[p]
      if index == excluded { continue }
      let distance = Metric.distance(q, points + p * d, d)
      let worst = distances[k - 1]
      if distance < worst || (distance == worst && index < indices[k - 1]) {
        // Insert, keeping (distance, index) ascending.
        var j = k - 1
        while j > 0 && (distances[j - 1] > distance || (distances[j - 1] == distance && indices[j - 1] > index)) {
          distances[j] = distances[j - 1]
          indices[j] = indices[j - 1]
          j -= 1
        }
        distances[j] = distance
        indices[j] = index
      } else if sortedDuplicates {
        // Same distance, larger indices from here on: none can enter.
        break
      }
    }
  }

  private func search<Metric: NeighborMetric, D: StaticDimension>(
    _ metric: Metric.Type, _ dimension: D.Type, node: Int, q: UnsafePointer<Double>, excluded: Int32, k: Int,
    distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>
  ) {
    let d = D.value(self.d)
    let left = Int(leftChild[node])
    if left < 0 {
      scanLeaf(metric, dimension, node: node, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
      return
    }
    let right = left + 1
    let leftLow = boxes + left * 2 * d
    let rightLow = boxes + right * 2 * d
    let leftGap = Metric.distance(q, toBoxFrom: leftLow, to: leftLow + d, d)
    let rightGap = Metric.distance(q, toBoxFrom: rightLow, to: rightLow + d, d)
    let (first, firstGap, second, secondGap) =
      leftGap <= rightGap ? (left, leftGap, right, rightGap) : (right, rightGap, left, leftGap)
    // A node whose box is exactly as far as the current k-th distance may still hold a
    // tie with a smaller index, so it is pruned only when strictly farther.
    if firstGap <= distances[k - 1] {
      search(metric, dimension, node: first, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
    }
    if secondGap <= distances[k - 1] {
      search(metric, dimension, node: second, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
    }
  }

  /// The number of points whose max-norm distance to `q` is below `radius` (strict test)
  /// or at most `radius` (inclusive test), the query point itself included if it is in
  /// the tree and passes the test.
  func countWithin<D: StaticDimension, Test: RadiusTest>(
    _ q: UnsafePointer<Double>, radius: Double, _ dimension: D.Type, _ test: Test.Type
  ) -> Int {
    count(node: 0, q: q, radius: radius, dimension, test)
  }

  private func count<D: StaticDimension, Test: RadiusTest>(
    node: Int, q: UnsafePointer<Double>, radius: Double, _ dimension: D.Type, _ test: Test.Type
  ) -> Int {
    let d = D.value(self.d)
    let low = boxes + node * 2 * d
    let high = low + d
    // Nearest and farthest max-norm distances from q to the box. By monotonicity of
    // floating-point subtraction, every point's distance lies between them, so the
    // shortcuts below agree exactly with testing each point.
    var near = 0.0
    var far = 0.0
    for j in 0..<d {
      let below = low[j] - q[j]
      let above = q[j] - high[j]
      let gap = below > above ? below : above
      if gap > near { near = gap }
      let toHigh = high[j] - q[j]
      let toLow = q[j] - low[j]
      let reach = toHigh > toLow ? toHigh : toLow
      if reach > far { far = reach }
    }
    if Test.outside(near: near, radius) { return 0 }
    let start = Int(nodeStart[node])
    let end = Int(nodeEnd[node])
    if Test.inside(far, radius) { return end - start }
    let left = Int(leftChild[node])
    if left < 0 {
      var result = 0
      for p in start..<end where Test.inside(MaximumNorm.distance(q, points + p * d, d), radius) {
        result += 1
      }
      return result
    }
    return count(node: left, q: q, radius: radius, dimension, test)
      + count(node: left + 1, q: q, radius: radius, dimension, test)
  }
}

extension KDTree {
  /// Calls `body` with raw pointers into the tree's arrays.
  func withView<R>(_ body: (KDTreeView) -> R) -> R {
    points.withUnsafeBufferPointer { points in
      originalIndex.withUnsafeBufferPointer { originalIndex in
        nodeStart.withUnsafeBufferPointer { nodeStart in
          nodeEnd.withUnsafeBufferPointer { nodeEnd in
            leftChild.withUnsafeBufferPointer { leftChild in
              boxes.withUnsafeBufferPointer { boxes in
                identicalLeaf.withUnsafeBufferPointer { identicalLeaf in
                  leafOfPosition.withUnsafeBufferPointer { leafOfPosition in
                // An empty array may have no base address; a dummy keeps pointers valid.
                let dummyDouble = UnsafePointer<Double>(bitPattern: 8)!
                let dummyInt = UnsafePointer<Int32>(bitPattern: 8)!
                return body(
                  KDTreeView(
                    d: dimension, points: points.baseAddress ?? dummyDouble,
                    originalIndex: originalIndex.baseAddress ?? dummyInt,
                    nodeStart: nodeStart.baseAddress ?? dummyInt, nodeEnd: nodeEnd.baseAddress ?? dummyInt,
                    leftChild: leftChild.baseAddress ?? dummyInt, boxes: boxes.baseAddress ?? dummyDouble,
                    identicalLeaf: identicalLeaf.baseAddress ?? UnsafePointer<Bool>(bitPattern: 8)!,
                    leafOfPosition: leafOfPosition.baseAddress ?? dummyInt))
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
