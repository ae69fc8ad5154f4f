import MIEstimation
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
/// The search runs on preprocessed data (standardized, or without standardization
/// multiplied by a power of two so that distances neither overflow nor underflow), and
/// the entropy is corrected by the log of the factors divided out (Σⱼ log σⱼ when
/// standardizing), so the result is always the entropy of the data as given, finite for
/// data of any finite scale.
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
    try checkSettings(samples: x.rows)
    if preprocessing.standardize { try InputValidation.checkNotConstant([(.x, x)]) }
    let prepared = preprocessing.prepare([x])
    let value = try entropy(ofProcessed: prepared.variables[0], logScale: prepared.logScales[0], role: .x)
    return Estimate(
      value: value, quantity: .entropy, kind: .pointEstimate, estimator: name, sampleCount: x.rows,
      parameters: parameters, preprocessing: preprocessing.record, warnings: DiscreteDetection.warnings(x, role: .x))
  }

  /// Estimates I(X;Y) = Ĥ(X) + Ĥ(Y) − Ĥ(X, Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    let reduction = try ConstantColumns([(.x, x), (.y, y)])
    if reduction.hasConstantVariable { return reduction.zero(.mutualInformation, estimator: name, sampleCount: x.rows) }
    try checkSettings(samples: x.rows)
    // The joint sees the same processed values as the marginals, so the log-scales of
    // the preprocessing cancel and are left out.
    let prepared = preprocessing.prepare(reduction.variables)
    let (px, py) = (prepared.variables[0], prepared.variables[1])
    let hx = try entropy(ofProcessed: px, logScale: 0, role: .x)
    let hy = try entropy(ofProcessed: py, logScale: 0, role: .y)
    let hxy = try entropy(ofProcessed: px.concatenatingColumns(py), logScale: 0, role: .x)
    var warnings = reduction.warnings + DiscreteDetection.warnings(x, role: .x)
    warnings += DiscreteDetection.warnings(y, role: .y)
    if let ceiling = EntropyCeiling.warning(hx + hy - hxy, [(.x, x), (.y, y)]) { warnings.append(ceiling) }
    return Estimate(
      value: hx + hy - hxy, quantity: .mutualInformation, kind: .pointEstimate, estimator: name,
      sampleCount: x.rows, parameters: parameters, preprocessing: preprocessing.record, warnings: warnings)
  }

  private var parameters: [Parameter] {
    [Parameter("k", .integer(k)), Parameter("metric", .text(norm.rawValue))]
  }

  private func checkSettings(samples: Int) throws(EstimationError) {
    try preprocessing.checkParameters()
    try InputValidation.checkNeighbors(k: k, samples: samples)
  }

  /// The entropy of data already preprocessed, plus `logScale` (Σⱼ log of the factors the
  /// columns were divided by, which lowered the entropy by that much).
  private func entropy(ofProcessed processed: Matrix, logScale: Double, role: VariableRole) throws(EstimationError) -> Double {
    let n = processed.rows
    let d = processed.columns
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
    return digamma(Double(n)) - digamma(Double(k)) + logVolume + Double(d) * sumLog / Double(n) + logScale
  }
}
