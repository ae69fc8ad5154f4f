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

  @inline(__always) func low(_ node: Int) -> UnsafePointer<Double> { boxes + node * 2 * d }
  @inline(__always) func high(_ node: Int) -> UnsafePointer<Double> { boxes + node * 2 * d + d }

  /// The k nearest neighbours of `q` other than the point with original index `excluded`,
  /// ordered by (distance, original index): ties in distance go to the smaller index.
  ///
  /// `distances` and `indices` must hold `k` entries each; on return they hold the reduced
  /// distances and original indices, nearest first.
  func nearest<Metric: NeighborMetric>(
    _ metric: Metric.Type, to q: UnsafePointer<Double>, excluding excluded: Int32, k: Int,
    distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>
  ) {
    for j in 0..<k {
      distances[j] = .infinity
      indices[j] = .max
    }
    search(metric, node: 0, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
  }

  private func search<Metric: NeighborMetric>(
    _ metric: Metric.Type, node: Int, q: UnsafePointer<Double>, excluded: Int32, k: Int,
    distances: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int32>
  ) {
    let left = Int(leftChild[node])
    if left < 0 {
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
      return
    }
    let right = left + 1
    let leftGap = Metric.distance(q, toBoxFrom: low(left), to: high(left), d)
    let rightGap = Metric.distance(q, toBoxFrom: low(right), to: high(right), d)
    let (first, firstGap, second, secondGap) =
      leftGap <= rightGap ? (left, leftGap, right, rightGap) : (right, rightGap, left, leftGap)
    // A node whose box is exactly as far as the current k-th distance may still hold a
    // tie with a smaller index, so it is pruned only when strictly farther.
    if firstGap <= distances[k - 1] {
      search(metric, node: first, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
    }
    if secondGap <= distances[k - 1] {
      search(metric, node: second, q: q, excluded: excluded, k: k, distances: distances, indices: indices)
    }
  }

  /// The number of points whose max-norm distance to `q` is below `radius` (`strict`) or
  /// at most `radius`, the query point itself included if it is in the tree.
  func countWithin(_ q: UnsafePointer<Double>, radius: Double, strict: Bool) -> Int {
    count(node: 0, q: q, radius: radius, strict: strict)
  }

  private func count(node: Int, q: UnsafePointer<Double>, radius: Double, strict: Bool) -> Int {
    let low = low(node)
    let high = high(node)
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
    if strict ? near >= radius : near > radius { return 0 }
    let start = Int(nodeStart[node])
    let end = Int(nodeEnd[node])
    if strict ? far < radius : far <= radius { return end - start }
    let left = Int(leftChild[node])
    if left < 0 {
      var result = 0
      for p in start..<end {
        let distance = MaximumNorm.distance(q, points + p * d, d)
        if strict ? distance < radius : distance <= radius { result += 1 }
      }
      return result
    }
    return count(node: left, q: q, radius: radius, strict: strict)
      + count(node: left + 1, q: q, radius: radius, strict: strict)
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
                // An empty array may have no base address; a dummy keeps pointers valid.
                let dummyDouble = UnsafePointer<Double>(bitPattern: 8)!
                let dummyInt = UnsafePointer<Int32>(bitPattern: 8)!
                return body(
                  KDTreeView(
                    d: dimension, points: points.baseAddress ?? dummyDouble,
                    originalIndex: originalIndex.baseAddress ?? dummyInt,
                    nodeStart: nodeStart.baseAddress ?? dummyInt, nodeEnd: nodeEnd.baseAddress ?? dummyInt,
                    leftChild: leftChild.baseAddress ?? dummyInt, boxes: boxes.baseAddress ?? dummyDouble,
                    identicalLeaf: identicalLeaf.baseAddress ?? UnsafePointer<Bool>(bitPattern: 8)!))
                }
              }
            }
          }
        }
      }
    }
  }
}
