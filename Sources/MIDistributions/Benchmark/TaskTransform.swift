import Foundation
import MINumerics

/// A map applied to every sample of one variable of a benchmark task, one-to-one on the
/// variable's support, so that it leaves the mutual information unchanged:
/// I(f(X); g(Y)) = I(X; Y). The transforms of bmi's benchmark (Czyż et al. 2023), with its
/// constants; one may change the dimension (the Swiss roll).
public struct TaskTransform: Sendable {
  /// bmi's name for it, as it appears in task ids ("normal_cdf", "spiral", …).
  public let name: String
  /// The dimension of the output for an input of dimension d.
  public let outputDimension: @Sendable (Int) -> Int
  /// The map of one sample.
  public let map: @Sendable ([Double]) -> [Double]

  /// A transform from its name, output dimension and map.
  public init(name: String, outputDimension: @escaping @Sendable (Int) -> Int = { $0 }, map: @escaping @Sendable ([Double]) -> [Double]) {
    self.name = name
    self.outputDimension = outputDimension
    self.map = map
  }

  /// Φ(x) coordinate-wise: Gaussian margins become uniform on (0, 1).
  public static let normalCDF = TaskTransform(name: "normal_cdf") { $0.map(StandardNormal.cdf) }
  /// x·|x|^{1/2} coordinate-wise: heavier tails.
  public static let halfCube = TaskTransform(name: "half_cube") { $0.map { $0 * abs($0).squareRoot() } }
  /// asinh(x) coordinate-wise: lighter tails.
  public static let asinh = TaskTransform(name: "asinh") { $0.map(Foundation.asinh) }
  /// bmi's wiggly map of X, x + 0.4 sin x + 0.2 sin(1.7x + 1) + 0.03 sin(3.3x − 2.5)
  /// coordinate-wise (increasing: its derivative stays above 1 − 0.4 − 0.34 − 0.099).
  public static let wigglyX = TaskTransform(name: "wiggly") {
    $0.map { x in x + 0.4 * sin(x) + 0.2 * sin(1.7 * x + 1) + 0.03 * sin(3.3 * x - 2.5) }
  }
  /// bmi's wiggly map of Y, y − 0.4 sin(0.4y) + 0.17 sin(1.3y + 3.5) + 0.02 sin(4.3y − 2.5).
  public static let wigglyY = TaskTransform(name: "wiggly") {
    $0.map { y in y - 0.4 * sin(0.4 * y) + 0.17 * sin(1.3 * y + 3.5) + 0.02 * sin(4.3 * y - 2.5) }
  }
  /// bmi's Swiss roll of a number u in [0, 1]: t = 1.5π(1 + 2u), (t cos t, t sin t)/21.
  public static let swissRoll = TaskTransform(name: "swissroll", outputDimension: { _ in 2 }) { row in
    let t = 1.5 * Double.pi * (1 + 2 * row[0])
    return [t * cos(t) / 21, t * sin(t) / 21]
  }

  /// bmi's spiral: v ↦ exp(θ(v)·A) v, A the generator of rotations in the plane of
  /// coordinates (i, j) (A[i][j] = −1, A[j][i] = 1) and θ(v) = speed·‖v‖². The rotation keeps
  /// ‖v‖, so the map is inverted by rotating back.
  public static func spiral(plane i: Int, _ j: Int, speed: Double) -> TaskTransform {
    TaskTransform(name: "spiral") { row in
      if !(row.count > max(i, j)) { ContractViolation.trap("spiral: plane (\(i), \(j)) needs \(max(i, j) + 1) coordinates, got \(row.count)") }
      let angle = speed * row.reduce(0) { $0 + $1 * $1 }
      var result = row
      result[i] = cos(angle) * row[i] - sin(angle) * row[j]
      result[j] = sin(angle) * row[i] + cos(angle) * row[j]
      return result
    }
  }

  /// The inverse of the CDF F(t) = Σₖ wₖ Φ(t − μₖ) of a mixture of unit normals, coordinate-
  /// wise on (0, 1): bmi's bimodal margins (it inverts F by bisection on [−10, 10]; so do we,
  /// to 10⁻¹²).
  public static func inverseMixtureCDF(weights: [Double], means: [Double]) -> TaskTransform {
    TaskTransform(name: "inverse_mixture_cdf") { row in
      row.map { u in
        func cdf(_ t: Double) -> Double { zip(weights, means).reduce(0) { $0 + $1.0 * StandardNormal.cdf(t - $1.1) } }
        var (low, high) = (-10.0, 10.0)
        while high - low > 1e-12 {
          let middle = (low + high) / 2
          if cdf(middle) < u { low = middle } else { high = middle }
        }
        return (low + high) / 2
      }
    }
  }

  /// The transform applied to each row of `matrix`.
  public func apply(_ matrix: Matrix) -> Matrix {
    let columns = outputDimension(matrix.columns)
    var result = Matrix(rows: matrix.rows, columns: columns)
    for i in 0..<matrix.rows {
      let row = map(matrix.row(i))
      for j in 0..<columns { result[i, j] = row[j] }
    }
    return result
  }
}
