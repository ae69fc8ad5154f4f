import MIEstimation
import Foundation
import MINumerics

/// Mutual information, conditional mutual information, total correlation and entropy
/// under a multivariate Gaussian model, from log-determinants of sample covariances.
///
/// For jointly Gaussian variables,
/// - H(X) = ½ log det(2πe Σ_X),
/// - I(X;Y) = ½ (log det Σ_X + log det Σ_Y − log det Σ_XY),
/// - I(X;Y|Z) = ½ (log det Σ_XZ + log det Σ_YZ − log det Σ_XYZ − log det Σ_Z),
/// - TC = ½ (Σᵢ log det Σᵢ − log det Σ).
///
/// **Bias correction** (on by default): for N samples of a d-dimensional Gaussian the
/// sample covariance S (divisor N − 1) has E[log det S] = log det Σ + d log(2/(N − 1)) +
/// Σᵢ₌₁ᵈ ψ((N − i)/2) (the Wishart log-determinant), so each log-determinant is corrected
/// by subtracting those terms; this is the correction of Ince et al., "A statistical
/// framework for neuroimaging data analysis based on mutual information estimated via a
/// Gaussian copula", Hum. Brain Mapp. 38 (2017).
///
/// Exact for Gaussian data; on other data it measures only the linear (correlation)
/// part of the dependence, and on heavy tails it can be far off either way. The
/// copula version, ``GaussianCopulaEstimator``, removes the effect of the marginals.
///
/// - Complexity: O(N·d² + d³).
public struct GaussianEstimator: MutualInformationEstimator, ConditionalMutualInformationEstimator,
  TotalCorrelationEstimator, EntropyEstimator
{
  /// Apply the analytic log-determinant bias correction.
  public var biasCorrected: Bool

  /// Creates the estimator (bias correction on by default).
  public init(biasCorrected: Bool = true) {
    self.biasCorrected = biasCorrected
  }

  /// `"gaussian"`.
  public var name: String { "gaussian" }

  /// Estimates H(X) in nats.
  public func entropy(_ x: Matrix) throws(EstimationError) -> Estimate {
    let model = try Model(variables: [(.x, x)], biasCorrected: biasCorrected)
    let d = Double(x.columns)
    let value = 0.5 * d * log(2 * Double.pi * M_E) + 0.5 * (try model.logDeterminant([0])) + model.logScales[0]
    return result(value, .entropy, n: x.rows)
  }

  /// Estimates I(X;Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    let reduction = try ConstantColumns([(.x, x), (.y, y)])
    if reduction.hasConstantVariable { return reduction.zero(.mutualInformation, estimator: name, sampleCount: x.rows) }
    let model = try Model(variables: [(.x, reduction.variables[0]), (.y, reduction.variables[1])], biasCorrected: biasCorrected)
    let value = 0.5 * (try model.logDeterminant([0]) + model.logDeterminant([1]) - model.logDeterminant([0, 1]))
    var estimate = result(value, .mutualInformation, n: x.rows, warnings: reduction.warnings)
    if let ceiling = EntropyCeiling.warning(value, [(.x, x), (.y, y)]) { estimate.warnings.append(ceiling) }
    return estimate
  }

  /// Estimates I(X;Y|Z) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate {
    let reduction = try ConstantColumns([(.x, x), (.y, y), (.z, z)])
    if reduction.constantRoles.contains(.x) || reduction.constantRoles.contains(.y) {
      return reduction.zero(.conditionalMutualInformation, estimator: name, sampleCount: x.rows)
    }
    if reduction.constantRoles == [.z] {
      var estimate = try self.estimate(reduction.variables[0], reduction.variables[1])
      estimate.quantity = .conditionalMutualInformation
      estimate.warnings = reduction.warnings + [.note("Z is constant, so I(X;Y|Z) = I(X;Y)")] + estimate.warnings
      return estimate
    }
    let (rx, ry, rz) = (reduction.variables[0], reduction.variables[1], reduction.variables[2])
    let model = try Model(variables: [(.x, rx), (.y, ry), (.z, rz)], biasCorrected: biasCorrected)
    let value =
      0.5
      * (try model.logDeterminant([0, 2]) + model.logDeterminant([1, 2]) - model.logDeterminant([0, 1, 2])
        - model.logDeterminant([2]))
    return result(value, .conditionalMutualInformation, n: x.rows, warnings: reduction.warnings)
  }

  /// Estimates the total correlation of two or more groups, in nats.
  public func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate {
    guard groups.count >= 2 else {
      throw .invalidParameter(name: "groups", value: String(groups.count), reason: "total correlation needs at least 2 groups")
    }
    let roles = groups.indices.map { VariableRole.group($0) }
    let reduction = try ConstantColumns(Array(zip(roles, groups)))
    // Constant groups add nothing to the total correlation.
    let live = reduction.nonConstant
    guard live.count >= 2 else { return reduction.zero(.totalCorrelation, estimator: name, sampleCount: groups[0].rows) }
    let model = try Model(variables: live, biasCorrected: biasCorrected)
    var value = -(try model.logDeterminant(Array(live.indices)))
    for index in live.indices { value += try model.logDeterminant([index]) }
    return result(0.5 * value, .totalCorrelation, n: groups[0].rows, warnings: reduction.warnings)
  }

  private func result(_ value: Double, _ quantity: InformationQuantity, n: Int, warnings: [EstimationWarning] = []) -> Estimate {
    Estimate(
      value: value, quantity: quantity, kind: .pointEstimate, estimator: name, sampleCount: n,
      parameters: [Parameter("bias-corrected", .flag(biasCorrected))], warnings: warnings)
  }

  /// The joint sample covariance and the blocks of each variable.
  struct Model {
    /// The correlation matrix of all columns.
    let covariance: Matrix
    /// Σⱼ log σⱼ over each variable's columns.
    let logScales: [Double]
    let blocks: [[Int]]
    let roles: [VariableRole]
    let n: Int
    let biasCorrected: Bool

    init(variables: [(VariableRole, Matrix)], biasCorrected: Bool) throws(EstimationError) {
      try InputValidation.check(variables)
      let n = variables[0].1.rows
      let d = variables.reduce(0) { $0 + $1.1.columns }
      guard n >= d + 2 else {
        throw .tooFewSamples(needed: d + 2, got: n, reason: "d + 2 = \(d + 2) for a covariance of \(d) dimensions")
      }
      try InputValidation.checkNotConstant(variables)
      // The covariance of the standardized columns (the correlation matrix): exact for data
      // of any finite scale, where the raw covariance overflows or underflows. Its
      // log-determinant differs from the raw one by 2 Σⱼ log σⱼ, which cancels in every
      // information quantity and is added back for the entropy.
      let scalings = variables.map { ColumnScaling($0.1) }
      logScales = scalings.map(\.sumOfLogDeviations)
      covariance = Matrix.concatenatingColumns(zip(scalings, variables).map { $0.standardizing($1.1) }).covariance()
      var blocks: [[Int]] = []
      var offset = 0
      for (_, matrix) in variables {
        blocks.append(Array(offset..<(offset + matrix.columns)))
        offset += matrix.columns
      }
      self.blocks = blocks
      self.roles = variables.map(\.0)
      self.n = n
      self.biasCorrected = biasCorrected
    }

    /// The (bias-corrected) log-determinant of the correlation matrix of the given variables.
    func logDeterminant(_ members: [Int]) throws(EstimationError) -> Double {
      let indices = members.flatMap { blocks[$0] }
      guard let value = covariance.submatrix(indices).logDeterminantSPD() else {
        throw .singularCovariance(members.count == 1 ? roles[members[0]] : roles[members.last!])
      }
      guard biasCorrected else { return value }
      let d = indices.count
      var correction = Double(d) * log(2 / Double(n - 1))
      for i in 1...d { correction += digamma(Double(n - i) / 2) }
      return value - correction
    }
  }
}
