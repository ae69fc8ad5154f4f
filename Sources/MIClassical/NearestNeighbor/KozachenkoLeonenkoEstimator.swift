import Foundation
import MINumerics

/// The Kozachenko–Leonenko k-nearest-neighbour estimator of differential entropy, and the
/// mutual information I = H(X) + H(Y) − H(X, Y) built from three such entropies.
///
/// Kozachenko & Leonenko, "Sample estimate of the entropy of a random vector", Problems
/// Inform. Transmission 23 (1987); in the k-th neighbour form of Kraskov et al. (2004),
/// eq. 20: with rᵢ the distance from sample i to its k-th nearest neighbour in ℝᵈ,
///
/// Ĥ(X) = ψ(N) − ψ(k) + log V_d + (d/N) Σᵢ log rᵢ,
///
/// where V_d is the volume of the unit ball of the norm: 2ᵈ for the maximum norm,
/// π^{d/2}/Γ(d/2 + 1) for the Euclidean norm.
///
/// When standardization is on, the entropy of the standardized data is corrected by
/// Σⱼ log σⱼ, so the result is always the entropy of the data as given.
///
/// The three-entropy MI is consistent but its errors do not cancel as in KSG (different
/// radii in each space); prefer ``KSGEstimator`` for MI. Duplicate points make rᵢ = 0 and
/// log rᵢ = −∞: keep the tie-breaking noise on for rounded data.
///
/// - Complexity: O(N log N) for fixed dimension.
public struct KozachenkoLeonenkoEstimator: EntropyEstimator, MutualInformationEstimator {
  /// The norm used for distances and ball volumes.
  public enum Norm: String, Sendable, CaseIterable {
    /// maxⱼ |xⱼ|, unit-ball volume 2ᵈ (consistent with KSG).
    case maximum = "max-norm"
    /// (Σⱼ xⱼ²)^{1/2}, unit-ball volume π^{d/2}/Γ(d/2 + 1).
    case euclidean
  }

  /// The number of neighbours k (default 3).
  public var k: Int
  /// The norm (default maximum).
  public var norm: Norm
  /// Standardization and tie-breaking noise.
  public var preprocessing: NeighborPreprocessing

  /// Creates the estimator with k = 3, the maximum norm and default preprocessing.
  public init(k: Int = 3, norm: Norm = .maximum, preprocessing: NeighborPreprocessing = .init()) {
    self.k = k
    self.norm = norm
    self.preprocessing = preprocessing
  }

  /// `"kl"`.
  public var name: String { "kl" }

  /// Estimates the differential entropy H(X) in nats.
  public func entropy(_ x: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x)])
    var result = try rawEntropy(x, role: .x, stream: 0)
    result.warnings = DiscreteDetection.warnings(x, role: .x)
    return result
  }

  /// Estimates I(X;Y) = Ĥ(X) + Ĥ(Y) − Ĥ(X, Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y)])
    // The joint sees the same noisy values as the marginals.
    let px = preprocessing.apply(x, stream: 0)
    let py = preprocessing.apply(y, stream: 1)
    let plain = KozachenkoLeonenkoEstimator(k: k, norm: norm, preprocessing: .none)
    let hx = try plain.rawEntropy(px, role: .x, stream: 0).value
    let hy = try plain.rawEntropy(py, role: .y, stream: 0).value
    let hxy = try plain.rawEntropy(px.concatenatingColumns(py), role: .x, stream: 0).value
    var warnings = DiscreteDetection.warnings(x, role: .x)
    warnings += DiscreteDetection.warnings(y, role: .y)
    return Estimate(
      value: hx + hy - hxy, quantity: .mutualInformation, kind: .pointEstimate, estimator: name,
      sampleCount: x.rows, parameters: parameters, preprocessing: preprocessing.record, warnings: warnings)
  }

  private var parameters: [Parameter] {
    [Parameter("k", .integer(k)), Parameter("metric", .text(norm.rawValue))]
  }

  private func rawEntropy(_ x: Matrix, role: VariableRole, stream: UInt64) throws(EstimationError) -> Estimate {
    try preprocessing.checkParameters()
    let n = x.rows
    let d = x.columns
    try InputValidation.checkNeighbors(k: k, samples: n)
    if preprocessing.standardize { try InputValidation.checkNotConstant([(role, x)]) }
    // Standardizing divides column j by σⱼ, which lowers the entropy by log σⱼ: add it back.
    let logScale = preprocessing.standardize
      ? NeighborPreprocessing.columnMoments(of: x).reduce(0) { $0 + log($1.deviation) } : 0
    let processed = preprocessing.apply(x, stream: stream)
    let radii: [Double]
    let logVolume: Double
    switch norm {
    case .maximum:
      radii = NeighborSearch.nearest(processed, k: k).distances
      logVolume = Double(d) * log(2)
    case .euclidean:
      radii = NeighborSearch.nearest(processed, k: k, metric: EuclideanNorm.self).distances
      logVolume = Double(d) / 2 * log(Double.pi) - logGamma(Double(d) / 2 + 1)
    }
    var sumLog = 0.0
    for (row, radius) in radii.enumerated() {
      guard radius > 0 else {
        throw .unsuitableData(
          "\(role), row \(row): its k-th nearest neighbour (k = \(k)) is at distance 0 (duplicate samples), so the entropy is −∞; "
            + "turn tie-breaking noise on, raise k above the number of duplicates, or use a discrete estimator")
      }
      sumLog += log(radius)
    }
    let value = digamma(Double(n)) - digamma(Double(k)) + logVolume + Double(d) * sumLog / Double(n) + logScale
    return Estimate(
      value: value, quantity: .entropy, kind: .pointEstimate, estimator: name, sampleCount: n,
      parameters: parameters, preprocessing: preprocessing.record)
  }
}
