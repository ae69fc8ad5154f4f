import Foundation
import MINumerics

/// Tables of tied data: integer-valued variables whose exact MI is a finite sum.
extension DiscreteJointDistribution {
  /// X ~ Binomial(m, ½) and Y = X + Binomial(n, ½): integer data with many ties, the values
  /// as sampled (the table's indices are the values). I(X;Y) = H(Y) − H(Binomial(n, ½)),
  /// summed exactly over the table.
  public static func binomialSum(trials m: Int, addedTrials n: Int) -> DiscreteJointDistribution {
    if !(m >= 1 && n >= 0) { ContractViolation.trap("binomialSum: trials \(m) must be at least 1 and added trials \(n) at least 0") }
    let bx = binomialProbabilities(m), bn = binomialProbabilities(n)
    var table = [[Double]](repeating: [Double](repeating: 0, count: m + n + 1), count: m + 1)
    for x in 0...m { for e in 0...n { table[x][x + e] = bx[x] * bn[e] } }
    return DiscreteJointDistribution(probabilities: table)
  }

  /// A bivariate normal with unit variances and correlation ρ, each coordinate rounded to a
  /// grid of width `step` (cells [(i − ½)s, (i + ½)s), the outermost open to ±∞ at
  /// |x| > 9): continuous data made tied, as measurements with finite resolution are. The
  /// values are the cells' indices 0, 1, … (a monotone relabelling of the rounded values).
  ///
  /// Each cell's probability is ∫ φ(x) [Φ((b − ρx)/s) − Φ((a − ρx)/s)] dx over the row's
  /// interval, s = √(1 − ρ²), by 24-point Gauss–Legendre per interval (the integrand is
  /// smooth; the table sums to 1 within 1e-14). The MI is summed over the table; it is
  /// below the unrounded −½ log(1 − ρ²) and tends to it as the step shrinks.
  public static func roundedBivariateNormal(correlation rho: Double, step: Double) -> DiscreteJointDistribution {
    if !(abs(rho) < 1 && step > 0 && step <= 9) { ContractViolation.trap("roundedBivariateNormal: needs |ρ| < 1 and 0 < step ≤ 9, got \(rho), \(step)") }
    let half = Int((9 / step - 0.5).rounded(.up))
    // Cell i covers [edges[i], edges[i + 1]); the outer edges are ±∞ (±40 for integration).
    var edges = (0...(2 * half + 1)).map { (Double($0 - half) - 0.5) * step }
    edges[0] = -.infinity
    edges[edges.count - 1] = .infinity
    let cells = edges.count - 1
    let s = (1 - rho * rho).squareRoot()
    let (nodes, weights) = gaussLegendre(24)
    var table = [[Double]](repeating: [Double](repeating: 0, count: cells), count: cells)
    var cdf = [Double](repeating: 0, count: edges.count)
    for i in 0..<cells {
      let a = max(edges[i], -40), b = min(edges[i + 1], 40)
      let (center, radius) = ((a + b) / 2, (b - a) / 2)
      for (node, weight) in zip(nodes, weights) {
        let x = center + radius * node
        let w = weight * radius * StandardNormal.density(x)
        for j in edges.indices { cdf[j] = edges[j].isFinite ? StandardNormal.cdf((edges[j] - rho * x) / s) : (edges[j] > 0 ? 1 : 0) }
        for j in 0..<cells { table[i][j] += w * (cdf[j + 1] - cdf[j]) }
      }
    }
    return DiscreteJointDistribution(probabilities: table)
  }

  /// P(Binomial(n, ½) = k) for k = 0…n.
  private static func binomialProbabilities(_ n: Int) -> [Double] {
    let logTotal: Double = lgamma(Double(n + 1)) - Double(n) * log(2.0)
    return (0...n).map { (k: Int) -> Double in
      let logChoices: Double = lgamma(Double(k + 1)) + lgamma(Double(n - k + 1))
      return exp(logTotal - logChoices)
    }
  }

  /// Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1] (Newton's method on
  /// the Legendre polynomial from Chebyshev starting points).
  private static func gaussLegendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    var nodes = [Double](repeating: 0, count: n), weights = nodes
    for i in 0..<n {
      var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var derivative = 0.0
      for _ in 0..<100 {
        var (p0, p1) = (1.0, x)
        for k in 2...n { (p0, p1) = (p1, ((2 * Double(k) - 1) * x * p1 - Double(k - 1) * p0) / Double(k)) }
        derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
        let dx = p1 / derivative
        x -= dx
        if abs(dx) < 1e-16 { break }
      }
      nodes[i] = x
      weights[i] = 2 / ((1 - x * x) * derivative * derivative)
    }
    return (nodes, weights)
  }
}
