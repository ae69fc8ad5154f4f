import Foundation
import MINumerics
import MITensor

/// Batches of x ~ N(0, I_d), y = ρx + √(1 − ρ²)ε, whose densities are known in closed form:
/// the test targets' analytic reference for critics and bounds.
public enum CorrelatedGaussianBatch {
  /// K pairs drawn from `seed` (x first, then the noise).
  public static func sample(k: Int, d: Int, rho: Double, seed: UInt64) -> (x: Tensor<Double>, y: Tensor<Double>) {
    var generator = SeededGenerator(seed: seed)
    let x = Tensor<Double>(randomNormal: [k, d], using: &generator)
    let noise = Tensor<Double>(randomNormal: [k, d], using: &generator)
    return (x, x * rho + noise * (1 - rho * rho).squareRoot())
  }

  /// I(X;Y) = −(d/2) log(1 − ρ²).
  public static func mutualInformation(d: Int, rho: Double) -> Double { -Double(d) / 2 * log(1 - rho * rho) }

  /// The K×K matrix of log p(yⱼ|xᵢ)/p(yⱼ) = Σ_c [−½ log(1 − ρ²) − (y_c − ρx_c)²/(2(1 − ρ²)) + y_c²/2]:
  /// the optimal critic of every bound.
  public static func logDensityRatios(_ x: Tensor<Double>, _ y: Tensor<Double>, rho: Double) -> Tensor<Double> {
    let v = 1 - rho * rho
    return pairwise(x, y) { xc, yc in -0.5 * log(v) - (yc - rho * xc) * (yc - rho * xc) / (2 * v) + yc * yc / 2 }
  }

  /// The K×K matrix of log p(yⱼ | xᵢ) under the true conditional N(ρxᵢ, (1 − ρ²)I).
  public static func conditionalLogDensities(_ x: Tensor<Double>, _ y: Tensor<Double>, rho: Double) -> Tensor<Double> {
    let v = 1 - rho * rho
    return pairwise(x, y) { xc, yc in
      let r = yc - rho * xc
      return -0.5 * log(2 * Double.pi * v) - r * r / (2 * v)
    }
  }

  /// Σ_c term(x_ic, y_jc) for every pair (i, j).
  static func pairwise(_ x: Tensor<Double>, _ y: Tensor<Double>, _ term: (Double, Double) -> Double) -> Tensor<Double> {
    let (k, d) = (x.shape[0], x.shape[1])
    var values = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
      for j in 0..<k {
        var total = 0.0
        for c in 0..<d { total += term(x[i, c], y[j, c]) }
        values[i * k + j] = total
      }
    }
    return Tensor(shape: [k, k], scalars: values)
  }
}
