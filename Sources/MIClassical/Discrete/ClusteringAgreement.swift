import Foundation
import MIEstimation
import MINumerics

/// How well a clustering agrees with true labels, the two scores clustering papers report:
///
/// - **accuracy**: the fraction of samples whose cluster maps to their label under the best
///   one-to-one map of clusters to labels, found by the Hungarian algorithm (Kuhn 1955;
///   Munkres 1957) in O(m³) for m = max(clusters, labels); unmatched clusters count as wrong;
/// - **normalized mutual information**: NMI = I(C; L) / ((H(C) + H(L)) / 2) with plug-in
///   entropies (scikit-learn's `normalized_mutual_info_score`, arithmetic mean), 1 for a
///   relabelling of the truth, 0 for independence; 1 when both are constant.
public struct ClusteringAgreement: Sendable, Equatable {
  /// The matched accuracy, in [0, 1].
  public var accuracy: Double
  /// NMI, in [0, 1].
  public var normalizedMutualInformation: Double
  /// `mapping[c]`: the label cluster c is matched to (nil for an unmatched cluster).
  public var mapping: [Int: Int]

  /// Scores `clusters` against `labels` (any integers, one each per sample).
  public init(clusters: [Int], labels: [Int]) throws(EstimationError) {
    guard clusters.count == labels.count else {
      throw .mismatchedLengths(.x, clusters.count, .y, labels.count)
    }
    guard !clusters.isEmpty else { throw .tooFewSamples(needed: 1, got: 0, reason: "a clustering needs samples") }
    let clusterIDs = Array(Set(clusters)).sorted(), labelIDs = Array(Set(labels)).sorted()
    let clusterIndex = Dictionary(uniqueKeysWithValues: clusterIDs.enumerated().map { ($1, $0) })
    let labelIndex = Dictionary(uniqueKeysWithValues: labelIDs.enumerated().map { ($1, $0) })
    let m = max(clusterIDs.count, labelIDs.count)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: m), count: m)
    for (c, l) in zip(clusters, labels) { counts[clusterIndex[c]!][labelIndex[l]!] += 1 }
    // Maximize matched counts = minimize (most − count).
    let most = counts.flatMap { $0 }.max() ?? 0
    let assignment = Self.hungarian(counts.map { $0.map { Double(most - $0) } })
    var matched = 0
    var mapping: [Int: Int] = [:]
    for (row, column) in assignment.enumerated() where row < clusterIDs.count && column < labelIDs.count {
      matched += counts[row][column]
      mapping[clusterIDs[row]] = labelIDs[column]
    }
    accuracy = Double(matched) / Double(clusters.count)
    self.mapping = mapping
    // Plug-in entropies and MI from the contingency table.
    let n = Double(clusters.count)
    func entropy(_ totals: [Int]) -> Double {
      totals.reduce(0.0) { $1 == 0 ? $0 : $0 - Double($1) / n * Foundation.log(Double($1) / n) }
    }
    let rowTotals = counts.map { $0.reduce(0, +) }
    let columnTotals = (0..<m).map { j in counts.reduce(0) { $0 + $1[j] } }
    var information = 0.0
    for i in 0..<m {
      for j in 0..<m where counts[i][j] > 0 {
        let p = Double(counts[i][j]) / n
        information += p * Foundation.log(p * n * n / (Double(rowTotals[i]) * Double(columnTotals[j])))
      }
    }
    let (hc, hl) = (entropy(rowTotals), entropy(columnTotals))
    normalizedMutualInformation = hc + hl == 0 ? 1 : min(1, max(0, information / ((hc + hl) / 2)))
  }

  /// The assignment (row → column) of least total cost of a square cost matrix: the
  /// Hungarian algorithm with potentials, O(m³).
  static func hungarian(_ cost: [[Double]]) -> [Int] {
    let m = cost.count
    var u = [Double](repeating: 0, count: m + 1), v = [Double](repeating: 0, count: m + 1)
    var owner = [Int](repeating: 0, count: m + 1)  // owner[column] = row (1-based), 0 = free
    var way = [Int](repeating: 0, count: m + 1)
    for row in 1...max(m, 1) where m > 0 {
      owner[0] = row
      var column0 = 0
      var least = [Double](repeating: .infinity, count: m + 1)
      var used = [Bool](repeating: false, count: m + 1)
      repeat {
        used[column0] = true
        let row0 = owner[column0]
        var delta = Double.infinity
        var column1 = 0
        for j in 1...m where !used[j] {
          let reduced = cost[row0 - 1][j - 1] - u[row0] - v[j]
          if reduced < least[j] {
            least[j] = reduced
            way[j] = column0
          }
          if least[j] < delta {
            delta = least[j]
            column1 = j
          }
        }
        for j in 0...m {
          if used[j] {
            u[owner[j]] += delta
            v[j] -= delta
          } else {
            least[j] -= delta
          }
        }
        column0 = column1
      } while owner[column0] != 0
      repeat {
        let column1 = way[column0]
        owner[column0] = owner[column1]
        column0 = column1
      } while column0 != 0
    }
    var assignment = [Int](repeating: 0, count: m)
    for j in 1..<(m + 1) where owner[j] > 0 { assignment[owner[j] - 1] = j - 1 }
    return assignment
  }
}
