import MIEstimation
import Foundation
import MINumerics

/// The estimator of Gao, Kannan, Oh & Viswanath for mutual information of data that mixes
/// discrete and continuous parts, or has ties: a KSG variant that handles points at
/// distance zero.
///
/// Gao, Kannan, Oh & Viswanath, "Estimating mutual information for discrete–continuous
/// mixtures", NeurIPS 2017. With ρᵢ the max-norm distance from sample i to its k-th
/// nearest neighbour in the joint space:
/// - if ρᵢ > 0: k̃ᵢ = k, and n_{x,i} (n_{y,i}) is 1 + the number of samples j ≠ i with
///   ‖xⱼ − xᵢ‖ < ρᵢ (‖yⱼ − yᵢ‖ < ρᵢ), which is KSG's algorithm 1 for this point;
/// - if ρᵢ = 0 (at least k other samples equal sample i): k̃ᵢ, n_{x,i}, n_{y,i} are the
///   numbers of samples equal to sample i in the joint space, in X and in Y (itself
///   included), a plug-in estimate for the atom;
/// - Î = (1/N) Σᵢ [ψ(k̃ᵢ) + log N − ψ(n_{x,i}) − ψ(n_{y,i})].
///
/// This is the form of the authors' reference implementation. The paper's display
/// writes log(n + 1) for ψ(n) with inclusive counts; that form does not cancel ψ(k) in
/// continuous regions and is biased by ψ(k) − log(k + 1) ≈ −0.46 nats at k = 3, so it is
/// not used. Consistent for discrete, continuous and mixed distributions. Ties are
/// information here, so tie-breaking noise is off by default.
///
/// - Complexity: O(N log N).
public struct MixedKSGEstimator: MutualInformationEstimator {
  /// The number of neighbours k (default 3).
  public var k: Int
  /// Standardization (on) and noise (off by default).
  public var preprocessing: NeighborPreprocessing

  /// Creates the estimator with k = 3, standardization on and no noise.
  public init(k: Int = 3, preprocessing: NeighborPreprocessing = .init(standardize: true, noise: 0)) {
    self.k = k
    self.preprocessing = preprocessing
  }

  /// `"mixed"`.
  public var name: String { "mixed" }

  /// Estimates I(X;Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    let variables: [(VariableRole, Matrix)] = [(.x, x), (.y, y)]
    let reduction = try ConstantColumns(variables)
    if reduction.hasConstantVariable { return reduction.zero(.mutualInformation, estimator: name, sampleCount: x.rows) }
    try preprocessing.checkParameters()
    let n = x.rows
    try InputValidation.checkNeighbors(k: k, samples: n)
    let prepared = preprocessing.prepare(reduction.variables).variables
    let (px, py) = (prepared[0], prepared[1])
    let joint = px.concatenatingColumns(py)
    // Each column is sorted once, shared by the joint tree and the marginal counters.
    let sorts = ColumnSort.columns(of: joint)
    let xs = Array(0..<px.columns)
    let ys = Array(px.columns..<joint.columns)
    let (search, counters) = concurrently(
      { NeighborSearch.nearest(joint, k: k, sorts: sorts) },
      { NeighborSearch.SubspaceCounter.subspaces(of: joint, columns: [xs, ys], sorts: sorts) })
    let radii = search.distances
    // Strict counts below ρ when ρ > 0; counts of exact duplicates when ρ = 0 (a strict
    // count below the smallest positive double is a count of zero distances).
    let limits = radii.map { $0 > 0 ? $0 : Double.leastNonzeroMagnitude }
    let nx = counters[0].countWithin(radii: limits, strict: true)
    let ny = counters[1].countWithin(radii: limits, strict: true)
    var duplicates: [Int32]? = nil
    if radii.contains(0) {
      duplicates = NeighborSearch.SubspaceCounter(joint, sorts: sorts).countWithin(radii: limits, strict: true)
    }
    let psi = DigammaTable(count: n + 1)
    let logN = log(Double(n))
    var total = 0.0
    for i in 0..<n {
      let kTilde = radii[i] > 0 ? k : Int(duplicates![i]) + 1
      total += psi[kTilde] + logN - psi[Int(nx[i]) + 1] - psi[Int(ny[i]) + 1]
    }
    let value = total / Double(n)
    var warnings = reduction.warnings
    if let ceiling = EntropyCeiling.warning(value, variables) { warnings.append(ceiling) }
    return Estimate(
      value: value, quantity: .mutualInformation, kind: .pointEstimate, estimator: name, sampleCount: n,
      parameters: [Parameter("k", .integer(k)), Parameter("metric", .text("max-norm"))],
      preprocessing: preprocessing.record, warnings: warnings)
  }
}
