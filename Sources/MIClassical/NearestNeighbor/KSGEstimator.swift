import MIEstimation
import MINumerics

/// The Kraskov–Stögbauer–Grassberger k-nearest-neighbour estimator of mutual
/// information, both algorithms, for multivariate X and Y in the maximum norm.
///
/// Kraskov, Stögbauer & Grassberger, "Estimating mutual information",
/// Phys. Rev. E 69, 066138 (2004). With ε(i) the distance from sample i to its k-th
/// nearest neighbour in the joint space Z = (X, Y), ‖z‖ = max(‖x‖∞, ‖y‖∞):
///
/// - **Algorithm 1** (eq. 8): n_x(i) counts the samples j ≠ i with ‖xⱼ − xᵢ‖ **<** ε(i)
///   (strictly), likewise n_y(i), and
///   Î = ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩.
/// - **Algorithm 2** (eq. 9): ε_x(i) is the largest X-distance from i to any of its k
///   joint neighbours (likewise ε_y); n_x(i) counts the j ≠ i with ‖xⱼ − xᵢ‖ **≤** ε_x(i),
///   and Î = ψ(k) − 1/k + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩.
///
/// For m ≥ 2 groups (total correlation, eqs. 10–11 of the paper) the same counts in
/// each group's subspace give Î = ψ(k) + (m − 1)ψ(N) − ⟨Σ ψ(n_g + 1)⟩ (algorithm 1) and
/// Î = ψ(k) − (m − 1)/k + (m − 1)ψ(N) − ⟨Σ ψ(n_g)⟩ (algorithm 2).
///
/// Ties at the k-th distance are resolved toward the smaller row index, so results equal
/// those of the O(N²) definition exactly. Neighbours are found with a k-d tree,
/// one-dimensional marginal counts with a sorted array, on all cores.
///
/// Bias and variance: nearly unbiased at independence (values scatter around 0 and may be
/// negative, reported as they are); the bias grows with the true MI and with dimension,
/// and is negative for strong dependence. Algorithm 1 has a smaller variance, algorithm 2
/// a smaller bias in higher dimensions. Small k: less bias, more variance (k = 3 is the
/// usual choice). Not for discrete or heavily tied data: see ``DiscreteEstimator``,
/// ``RossEstimator`` and ``MixedKSGEstimator``.
///
/// - Complexity: O(N log N) time for fixed dimension, O(N·d) memory.
public struct KSGEstimator: MutualInformationEstimator, TotalCorrelationEstimator {
  /// The two algorithms of the paper.
  public enum Algorithm: Int, Sendable, CaseIterable {
    /// Algorithm 1: one radius, strict counts (eq. 8).
    case first = 1
    /// Algorithm 2: per-subspace radii, inclusive counts (eq. 9).
    case second = 2
  }

  /// Which algorithm.
  public var algorithm: Algorithm
  /// The number of neighbours k (default 3).
  public var k: Int
  /// Standardization and tie-breaking noise.
  public var preprocessing: NeighborPreprocessing
  /// Called with the fraction of the work done, from any thread (for progress bars on
  /// large inputs); `nil` for none.
  public var progress: ProgressHandler?

  /// Creates the estimator; the defaults are algorithm 1, k = 3, standardization and noise 1e-10.
  public init(
    algorithm: Algorithm = .first, k: Int = 3, preprocessing: NeighborPreprocessing = .init(),
    progress: ProgressHandler? = nil
  ) {
    self.algorithm = algorithm
    self.k = k
    self.preprocessing = preprocessing
    self.progress = progress
  }

  /// `"ksg1"` or `"ksg2"`.
  public var name: String { algorithm == .first ? "ksg1" : "ksg2" }

  /// Estimates I(X;Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try estimate(groups: [(.x, x), (.y, y)], quantity: .mutualInformation)
  }

  /// Estimates the total correlation of two or more groups, in nats.
  public func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate {
    guard groups.count >= 2 else {
      throw .invalidParameter(name: "groups", value: String(groups.count), reason: "total correlation needs at least 2 groups")
    }
    return try estimate(
      groups: groups.enumerated().map { (VariableRole.group($0.offset), $0.element) }, quantity: .totalCorrelation)
  }

  private func estimate(groups given: [(VariableRole, Matrix)], quantity: InformationQuantity) throws(EstimationError) -> Estimate {
    // Constant columns are left out; constant variables (groups) share no information.
    let reduction = try ConstantColumns(given)
    try preprocessing.checkParameters()
    let n = given[0].1.rows
    try InputValidation.checkNeighbors(k: k, samples: n)
    var warnings = reduction.warnings
    for (role, matrix) in given { warnings += DiscreteDetection.warnings(matrix, role: role) }
    let groups = reduction.nonConstant
    guard groups.count >= 2 else { return reduction.zero(quantity, estimator: name, sampleCount: n) }

    let processed = preprocessing.prepare(groups.map(\.1)).variables
    let joint = Matrix.concatenatingColumns(processed)
    // Each column is sorted once and shared by the joint tree and the marginal counters.
    // Work units: sorting (N), building (N), searching (N), one count per group (N each).
    let tracker = ProgressTracker(progress, total: (3 + groups.count) * n)
    let sorts = ColumnSort.columns(of: joint)
    tracker?.advance(by: n)
    var starts = [0]
    for group in processed { starts.append(starts.last! + group.columns) }
    let groupColumns = processed.indices.map { Array(starts[$0]..<starts[$0 + 1]) }
    let psi = DigammaTable(count: n + 1)
    let m = Double(groups.count)
    let value: Double
    switch algorithm {
    case .first:
      // The marginal structures do not depend on the radii: prepare them meanwhile.
      let (search, counters) = concurrently(
        { NeighborSearch.nearest(joint, k: k, sorts: sorts, progress: tracker) },
        { NeighborSearch.SubspaceCounter.subspaces(of: joint, columns: groupColumns, sorts: sorts) })
      var total = 0.0
      for counter in counters {
        let counts = counter.countWithin(radii: search.distances, strict: true)
        for count in counts { total += psi[Int(count) + 1] }
        tracker?.advance(by: n)
      }
      value = psi[k] + (m - 1) * psi[n] - total / Double(n)
    case .second:
      let (search, counters) = concurrently(
        { NeighborSearch.nearest(joint, k: k, keepNeighbors: true, sorts: sorts, progress: tracker) },
        { NeighborSearch.SubspaceCounter.subspaces(of: joint, columns: groupColumns, sorts: sorts) })
      var total = 0.0
      for (columns, counter) in zip(groupColumns, counters) {
        let radii = NeighborSearch.largestSubspaceDistance(joint, columns: columns, neighbors: search.neighbors, k: k)
        let counts = counter.countWithin(radii: radii, strict: false)
        for count in counts { total += psi[Int(count)] }
        tracker?.advance(by: n)
      }
      value = psi[k] - (m - 1) / Double(k) + (m - 1) * psi[n] - total / Double(n)
    }
    if quantity == .mutualInformation, let ceiling = EntropyCeiling.warning(value, given) { warnings.append(ceiling) }
    return Estimate(
      value: value, quantity: quantity, kind: .pointEstimate, estimator: name, sampleCount: n,
      parameters: [Parameter("k", .integer(k)), Parameter("algorithm", .integer(algorithm.rawValue)), Parameter("metric", .text("max-norm"))],
      preprocessing: preprocessing.record, warnings: warnings)
  }
}
