import MIEstimation
import MINumerics

/// The k-nearest-neighbour computations shared by the KSG family of estimators, in the
/// maximum norm, multithreaded over query points.
///
/// Conventions, identical to the O(N²) definitions in the papers:
/// - a point is never its own neighbour;
/// - the k nearest neighbours are ordered by (distance, row index), so ties at the k-th
///   distance are resolved toward smaller row indices;
/// - counts exclude the query point itself.
enum NeighborSearch {
  /// The k nearest neighbours of every row of `data` among the other rows.
  ///
  /// - Returns: `distances[i]`, the distance from row i to its k-th nearest neighbour, and,
  ///   when `keepNeighbors`, `neighbors[i * k + r]`, the row of its (r+1)-th neighbour.
  /// - Complexity: O(N log N) expected for fixed dimension.
  static func nearest<Metric: NeighborMetric>(
    _ data: Matrix, k: Int, metric: Metric.Type = MaximumNorm.self, keepNeighbors: Bool = false,
    sorts: [ColumnSort]? = nil, progress: ProgressTracker? = nil
  ) -> (distances: [Double], neighbors: [Int32]) {
    let n = data.rows
    if !(k >= 1 && k < n) { ContractViolation.trap("nearest(k:) needs 1 ≤ k < N") }
    let tree = KDTree(data, sorts: sorts)
    progress?.advance(by: n)
    var distances = [Double](repeating: 0, count: n)
    var neighbors = [Int32](repeating: 0, count: keepNeighbors ? n * k : 0)
    tree.withView { view in
      distances.withUnsafeMutableBufferPointer { distanceBuffer in
        neighbors.withUnsafeMutableBufferPointer { neighborBuffer in
          let visitor = NearestVisitor<Metric>(
            view: view, n: n, k: k, keepNeighbors: keepNeighbors,
            distanceOut: DisjointWrites(distanceBuffer.baseAddress!),
            neighborOut: DisjointWrites(neighborBuffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!),
            progress: progress)
          withStaticDimension(data.columns, visitor)
        }
      }
    }
    return (distances, neighbors)
  }

  private struct NearestVisitor<Metric: NeighborMetric>: DimensionVisitor, @unchecked Sendable {
    let view: KDTreeView
    let n: Int
    let k: Int
    let keepNeighbors: Bool
    let distanceOut: DisjointWrites<Double>
    let neighborOut: DisjointWrites<Int32>
    let progress: ProgressTracker?

    func visit<D: StaticDimension>(_ dimension: D.Type) {
      let this = self
      // Queries run in tree order: neighbouring queries touch the same nodes.
      parallelFor(count: n, serialThreshold: 512) { range in
        let k = this.k
        let view = this.view
        let scratchDistances = UnsafeMutablePointer<Double>.allocate(capacity: k)
        let scratchIndices = UnsafeMutablePointer<Int32>.allocate(capacity: k)
        defer {
          scratchDistances.deallocate()
          scratchIndices.deallocate()
        }
        for position in range {
          view.nearest(
            Metric.self, D.self, ofPointAt: position, k: k, distances: scratchDistances, indices: scratchIndices)
          let row = Int(view.originalIndex[position])
          this.distanceOut.write(Metric.trueDistance(scratchDistances[k - 1]), at: row)
          if this.keepNeighbors {
            for r in 0..<k { this.neighborOut.write(scratchIndices[r], at: row * k + r) }
          }
        }
        this.progress?.advance(by: range.count)
      }
    }
  }

  /// For every row i, the number of other rows j with ‖dataⱼ − dataᵢ‖∞ < radii[i]
  /// (`strict`) or ≤ radii[i].
  ///
  /// - Complexity: O(N log N) expected.
  static func countWithin(_ data: Matrix, radii: [Double], strict: Bool) -> [Int32] {
    SubspaceCounter(data).countWithin(radii: radii, strict: strict)
  }

  /// A subspace prepared for radius counts: a sorted array with galloping binary search
  /// for one dimension, a k-d tree range count for more. Preparing is independent of the
  /// radii, so it can run while the joint neighbour search produces them.
  struct SubspaceCounter: Sendable {
    private enum Storage: Sendable {
      case sorted(SortedColumn)
      case tree(KDTree)
    }

    private let storage: Storage
    private let n: Int
    private let d: Int

    /// - Parameter sorts: the columns of `data` already sorted, when the caller has them.
    init(_ data: Matrix, sorts: [ColumnSort]? = nil) {
      if data.columns == 1 {
        storage = .sorted(sorts.map { SortedColumn($0[0]) } ?? SortedColumn(data.storage))
      } else {
        storage = .tree(KDTree(data, sorts: sorts))
      }
      n = data.rows
      d = data.columns
    }

    /// Counters for subspaces given as column sets of `joint`, reusing the joint's sorted
    /// columns (every subspace of the KSG family is a set of joint columns).
    static func subspaces(of joint: Matrix, columns: [[Int]], sorts: [ColumnSort]) -> [SubspaceCounter] {
      columns.map { set in SubspaceCounter(joint.selecting(columns: set), sorts: set.map { sorts[$0] }) }
    }

    func countWithin(radii: [Double], strict: Bool) -> [Int32] {
      strict ? countWithin(radii: radii, StrictlyWithin.self) : countWithin(radii: radii, WithinOrOn.self)
    }

    private func countWithin<Test: RadiusTest>(radii: [Double], _ test: Test.Type) -> [Int32] {
      if !(radii.count == n) { ContractViolation.trap("NeighborSearch: one radius per point") }
      let n = self.n
      var counts = [Int32](repeating: 0, count: n)
      counts.withUnsafeMutableBufferPointer { countBuffer in
        let out = DisjointWrites(countBuffer.baseAddress!)
        radii.withUnsafeBufferPointer { radiiBuffer in
          let radii = UnsafeSendablePointer(radiiBuffer.baseAddress!)
          switch storage {
          case .sorted(let sorted):
            // Gather the radii into sorted order first: a branch-free loop overlaps its
            // cache misses, which the search loop, full of unpredictable branches, cannot.
            var sortedRadii = [Double](repeating: 0, count: n)
            sorted.order.withUnsafeBufferPointer { order in
              sortedRadii.withUnsafeMutableBufferPointer { gathered in
                for p in 0..<n { gathered[p] = radii.pointer[Int(order[p])] }
              }
            }
            sorted.withView { view in
              sorted.order.withUnsafeBufferPointer { orderBuffer in
                sortedRadii.withUnsafeBufferPointer { gatheredBuffer in
                  let order = UnsafeSendablePointer(orderBuffer.baseAddress!)
                  let gathered = UnsafeSendablePointer(gatheredBuffer.baseAddress!)
                  parallelFor(count: n, serialThreshold: 4096) { range in
                    for p in range {
                      let radius = gathered.pointer[p]
                      let hint = view.hint(position: p, radius: radius)
                      let within = view.rangeWithin(position: p, radius: radius, hint: hint, Test.self)
                      out.write(Int32(within.count - (Test.inside(0, radius) ? 1 : 0)), at: Int(order.pointer[p]))
                    }
                  }
                }
              }
            }
          case .tree(let tree):
            tree.withView { view in
              withStaticDimension(d, CountVisitor<Test>(view: view, n: n, radii: radii, out: out))
            }
          }
        }
      }
      return counts
    }
  }

  private struct CountVisitor<Test: RadiusTest>: DimensionVisitor, @unchecked Sendable {
    let view: KDTreeView
    let n: Int
    let radii: UnsafeSendablePointer<Double>
    let out: DisjointWrites<Int32>

    func visit<D: StaticDimension>(_ dimension: D.Type) {
      let this = self
      parallelFor(count: n, serialThreshold: 512) { range in
        let view = this.view
        for position in range {
          let row = Int(view.originalIndex[position])
          let radius = this.radii.pointer[row]
          let total = view.countWithin(view.points + position * view.d, radius: radius, D.self, Test.self)
          this.out.write(Int32(total - (Test.inside(0, radius) ? 1 : 0)), at: row)
        }
      }
    }
  }

  /// For each row i and each of its k neighbours j, the largest max-norm distance in the
  /// given columns: the per-subspace radius of KSG's second algorithm.
  static func largestSubspaceDistance(_ data: Matrix, columns: [Int], neighbors: [Int32], k: Int) -> [Double] {
    let n = data.rows
    let d = data.columns
    return data.storage.withUnsafeBufferPointer { values in
      let values = UnsafeSendablePointer(values.baseAddress!)
      return neighbors.withUnsafeBufferPointer { neighborBuffer in
        let neighbors = UnsafeSendablePointer(neighborBuffer.baseAddress!)
        return parallelMap(count: n, initial: 0.0) { i in
          var largest = 0.0
          for r in 0..<k {
            let j = Int(neighbors.pointer[i * k + r])
            for c in columns {
              let distance = abs(values.pointer[i * d + c] - values.pointer[j * d + c])
              if distance > largest { largest = distance }
            }
          }
          return largest
        }
      }
    }
  }
}

/// A read-only pointer shared with parallel chunks while its buffer is alive.
struct UnsafeSendablePointer<Element>: @unchecked Sendable {
  let pointer: UnsafePointer<Element>
  init(_ pointer: UnsafePointer<Element>) { self.pointer = pointer }
}
