import Foundation
import MINumerics

/// A zero-mean multivariate normal distribution N(0, Σ), partitioned into consecutive
/// groups of coordinates, with analytic information between the groups.
///
/// For blocks Σᵢ of Σ: I(X;Y) = ½ (log det Σ_X + log det Σ_Y − log det Σ_XY), and the total
/// correlation of m groups is ½ (Σᵢ log det Σᵢ − log det Σ).
public struct MultivariateNormal: Sendable {
  /// The covariance Σ.
  public let covariance: Matrix
  /// The sizes of the groups, in order (they sum to the dimension).
  public let groupSizes: [Int]
  private let factor: Matrix

  /// A normal distribution with covariance `covariance` split into groups of the given sizes.
  ///
  /// - Precondition: Σ is symmetric positive definite and the sizes sum to its dimension.
  public init(covariance: Matrix, groupSizes: [Int]) {
    if !(groupSizes.reduce(0, +) == covariance.rows) { ContractViolation.trap("group sizes must sum to the dimension") }
    guard let factor = covariance.choleskyFactor() else {
      ContractViolation.trap("MultivariateNormal needs a positive definite covariance")
    }
    self.covariance = covariance
    self.groupSizes = groupSizes
    self.factor = factor
  }

  /// The dimension.
  public var dimension: Int { covariance.rows }

  private func indices(of group: Int) -> [Int] {
    let start = groupSizes[..<group].reduce(0, +)
    return Array(start..<(start + groupSizes[group]))
  }

  private func logDeterminant(_ groups: [Int]) -> Double {
    covariance.submatrix(groups.flatMap(indices(of:))).logDeterminantSPD()!
  }

  /// The entropy of the whole vector, ½ log det(2πe Σ), in nats.
  public var entropy: Double {
    0.5 * Double(dimension) * log(2 * Double.pi * M_E) + 0.5 * logDeterminant(Array(groupSizes.indices))
  }

  /// The mutual information between two groups, in nats.
  public func mutualInformation(between a: Int, and b: Int) -> Double {
    0.5 * (logDeterminant([a]) + logDeterminant([b]) - logDeterminant([a, b]))
  }

  /// I(A;B|C) between groups, in nats.
  public func conditionalMutualInformation(_ a: Int, _ b: Int, given c: Int) -> Double {
    0.5 * (logDeterminant([a, c]) + logDeterminant([b, c]) - logDeterminant([a, b, c]) - logDeterminant([c]))
  }

  /// The total correlation of all groups, in nats.
  public var totalCorrelation: Double {
    var value = -logDeterminant(Array(groupSizes.indices))
    for group in groupSizes.indices { value += logDeterminant([group]) }
    return 0.5 * value
  }

  /// `count` samples (rows), reproducible from `seed`: L·ε with L Lᵀ = Σ, ε standard normal.
  public func sample(count: Int, seed: UInt64) -> Matrix {
    Matrix.normalSample(choleskyFactor: factor, count: count, seed: seed)
  }

  /// The samples split into the groups' matrices.
  public func sampleGroups(count: Int, seed: UInt64) -> [Matrix] {
    let all = sample(count: count, seed: seed)
    return groupSizes.indices.map { all.selecting(columns: indices(of: $0)) }
  }
}

extension MultivariateNormal: TotalCorrelationSampler {
  /// `"multinormal-"` and the group sizes (`"multinormal-1-1-1"`); the covariance is not in it.
  public var name: String { "multinormal-" + groupSizes.map(String.init).joined(separator: "-") }
  /// The group sizes.
  public var variableDimensions: [Int] { groupSizes }
  /// ``sampleGroups(count:seed:)``.
  public func sampleVariables(count: Int, seed: UInt64) -> [Matrix] { sampleGroups(count: count, seed: seed) }
}
