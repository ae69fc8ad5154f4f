import Foundation
import MINumerics

/// Slow, obviously correct O(N²) implementations of the k-NN estimators, written straight
/// from the papers' definitions, to compare the fast ones with.
enum BruteForce {
  static func maxNorm(_ m: Matrix, _ i: Int, _ j: Int, _ columns: [Int]) -> Double {
    var result = 0.0
    for c in columns { result = max(result, abs(m[i, c] - m[j, c])) }
    return result
  }

  /// The k nearest neighbours of i, ordered by (distance, index).
  static func neighbors(_ m: Matrix, _ i: Int, k: Int, columns: [Int]) -> [(distance: Double, index: Int)] {
    var all: [(distance: Double, index: Int)] = []
    for j in 0..<m.rows where j != i { all.append((maxNorm(m, i, j, columns), j)) }
    all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
    return Array(all.prefix(k))
  }

  static func count(_ m: Matrix, _ i: Int, columns: [Int], radius: Double, strict: Bool) -> Int {
    var result = 0
    for j in 0..<m.rows where j != i {
      let d = maxNorm(m, i, j, columns)
      if strict ? d < radius : d <= radius { result += 1 }
    }
    return result
  }

  /// KSG on data used as given (no preprocessing): groups are column sets of `joint`.
  static func ksg(_ joint: Matrix, groups: [[Int]], k: Int, algorithm: Int) -> Double {
    let n = joint.rows
    let all = Array(0..<joint.columns)
    let m = Double(groups.count)
    var total = 0.0
    for i in 0..<n {
      let nb = neighbors(joint, i, k: k, columns: all)
      for g in groups {
        if algorithm == 1 {
          total += digamma(Double(count(joint, i, columns: g, radius: nb[k - 1].distance, strict: true) + 1))
        } else {
          let radius = nb.map { maxNorm(joint, i, $0.index, g) }.max()!
          total += digamma(Double(count(joint, i, columns: g, radius: radius, strict: false)))
        }
      }
    }
    let psiN = digamma(Double(n))
    if algorithm == 1 {
      return digamma(Double(k)) + (m - 1) * psiN - total / Double(n)
    }
    return digamma(Double(k)) - (m - 1) / Double(k) + (m - 1) * psiN - total / Double(n)
  }

  /// Frenzel–Pompe conditional MI, columns given for x, y, z of `joint`.
  static func frenzelPompe(_ joint: Matrix, x: [Int], y: [Int], z: [Int], k: Int) -> Double {
    let n = joint.rows
    var total = 0.0
    for i in 0..<n {
      let eps = neighbors(joint, i, k: k, columns: x + y + z)[k - 1].distance
      total += digamma(Double(count(joint, i, columns: x + z, radius: eps, strict: true) + 1))
      total += digamma(Double(count(joint, i, columns: y + z, radius: eps, strict: true) + 1))
      total -= digamma(Double(count(joint, i, columns: z, radius: eps, strict: true) + 1))
    }
    return digamma(Double(k)) - total / Double(n)
  }

  /// Gao et al. (2017) mixed estimator, in the form of the authors' reference code.
  static func mixed(_ joint: Matrix, x: [Int], y: [Int], k: Int) -> Double {
    let n = joint.rows
    var total = 0.0
    for i in 0..<n {
      let rho = neighbors(joint, i, k: k, columns: x + y)[k - 1].distance
      let kTilde: Int
      let nx: Int
      let ny: Int
      if rho > 0 {
        kTilde = k
        nx = count(joint, i, columns: x, radius: rho, strict: true) + 1
        ny = count(joint, i, columns: y, radius: rho, strict: true) + 1
      } else {
        kTilde = count(joint, i, columns: x + y, radius: 0, strict: false) + 1
        nx = count(joint, i, columns: x, radius: 0, strict: false) + 1
        ny = count(joint, i, columns: y, radius: 0, strict: false) + 1
      }
      total += digamma(Double(kTilde)) + log(Double(n)) - digamma(Double(nx)) - digamma(Double(ny))
    }
    return total / Double(n)
  }

  /// Kozachenko–Leonenko entropy in the max norm.
  static func kozachenkoLeonenko(_ x: Matrix, k: Int) -> Double {
    let n = x.rows
    let d = x.columns
    var sum = 0.0
    for i in 0..<n { sum += log(neighbors(x, i, k: k, columns: Array(0..<d))[k - 1].distance) }
    return digamma(Double(n)) - digamma(Double(k)) + Double(d) * log(2) + Double(d) * sum / Double(n)
  }

  /// Ross (2014), x a label column, y continuous (no classes of size ≤ k assumed).
  static func ross(labels: [Double], y: Matrix, k: Int) -> Double {
    let n = y.rows
    let columns = Array(0..<y.columns)
    var total = 0.0
    for i in 0..<n {
      let same = (0..<n).filter { labels[$0] == labels[i] }
      var distances = same.filter { $0 != i }.map { maxNorm(y, i, $0, columns) }
      distances.sort()
      let radius = distances[k - 1]
      let m = count(y, i, columns: columns, radius: radius, strict: false)
      total += -digamma(Double(same.count)) + digamma(Double(k)) - digamma(Double(m))
    }
    return digamma(Double(n)) + total / Double(n)
  }
}

/// Random small data sets with many ties, to test the neighbour conventions at their edges.
func tiedData(rows: Int, columns: Int, levels: Int, seed: UInt64) -> Matrix {
  var generator = SeededGenerator(seed: seed)
  var m = Matrix(rows: rows, columns: columns)
  for i in 0..<rows {
    for j in 0..<columns { m[i, j] = Double(generator.integer(below: levels)) * 0.25 }
  }
  return m
}

func continuousData(rows: Int, columns: Int, seed: UInt64) -> Matrix {
  var generator = SeededGenerator(seed: seed)
  var m = Matrix(rows: rows, columns: columns)
  for i in 0..<rows {
    let shared = generator.normal()
    for j in 0..<columns { m[i, j] = shared + generator.normal() }
  }
  return m
}
