import MIEstimation
import MINumerics

/// The Frenzel–Pompe k-nearest-neighbour estimator of conditional mutual information
/// I(X;Y|Z), KSG's first algorithm applied to the conditional decomposition.
///
/// Frenzel & Pompe, "Partial mutual information for coupling analysis of multivariate
/// time series", Phys. Rev. Lett. 99, 204101 (2007). With ε(i) the max-norm distance
/// from sample i to its k-th neighbour in the joint space (X, Y, Z), and n_xz(i), n_yz(i),
/// n_z(i) the numbers of samples j ≠ i strictly closer than ε(i) in those subspaces:
///
/// Î(X;Y|Z) = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩.
///
/// Same neighbour conventions, preprocessing and bias behaviour as ``KSGEstimator``;
/// the bias grows with the dimension of Z.
///
/// - Complexity: O(N log N) for fixed dimension.
public struct FrenzelPompeEstimator: ConditionalMutualInformationEstimator {
  /// The number of neighbours k (default 3).
  public var k: Int
  /// Standardization and tie-breaking noise.
  public var preprocessing: NeighborPreprocessing
  /// Called with the fraction of the work done, from any thread; `nil` for none.
  public var progress: ProgressHandler?

  /// Creates the estimator with k = 3 and default preprocessing.
  public init(k: Int = 3, preprocessing: NeighborPreprocessing = .init(), progress: ProgressHandler? = nil) {
    self.k = k
    self.preprocessing = preprocessing
    self.progress = progress
  }

  /// `"ksg1"`: on the command line, `--estimator ksg1 --z …` selects this estimator.
  public var name: String { "ksg1" }

  /// Estimates I(X;Y|Z) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate {
    let variables: [(VariableRole, Matrix)] = [(.x, x), (.y, y), (.z, z)]
    let reduction = try ConstantColumns(variables)
    try preprocessing.checkParameters()
    let n = x.rows
    try InputValidation.checkNeighbors(k: k, samples: n)
    if reduction.constantRoles.contains(.x) || reduction.constantRoles.contains(.y) {
      return reduction.zero(.conditionalMutualInformation, estimator: name, sampleCount: n)
    }
    if reduction.constantRoles == [.z] {
      // A constant Z conditions on nothing: I(X;Y|Z) = I(X;Y), and Frenzel–Pompe without
      // Z is KSG's algorithm 1.
      var result = try KSGEstimator(algorithm: .first, k: k, preprocessing: preprocessing, progress: progress)
        .estimate(reduction.variables[0], reduction.variables[1])
      result.quantity = .conditionalMutualInformation
      result.warnings = reduction.warnings + [.note("Z is constant, so I(X;Y|Z) = I(X;Y), estimated by KSG algorithm 1")] + result.warnings
      return result
    }
    var warnings = reduction.warnings
    for (role, matrix) in variables { warnings += DiscreteDetection.warnings(matrix, role: role) }

    let prepared = preprocessing.prepare(reduction.variables).variables
    let (px, py, pz) = (prepared[0], prepared[1], prepared[2])
    let joint = Matrix.concatenatingColumns([px, py, pz])
    // Work units: sorting, building, searching (N each), three counts (N each).
    let tracker = ProgressTracker(progress, total: 6 * n)
    let sorts = ColumnSort.columns(of: joint)
    tracker?.advance(by: n)
    let xs = Array(0..<px.columns)
    let ys = Array(px.columns..<(px.columns + py.columns))
    let zs = Array((px.columns + py.columns)..<joint.columns)
    let (search, counters) = concurrently(
      { NeighborSearch.nearest(joint, k: k, sorts: sorts, progress: tracker) },
      { NeighborSearch.SubspaceCounter.subspaces(of: joint, columns: [xs + zs, ys + zs, zs], sorts: sorts) })
    let radii = search.distances
    let nxz = counters[0].countWithin(radii: radii, strict: true)
    tracker?.advance(by: n)
    let nyz = counters[1].countWithin(radii: radii, strict: true)
    tracker?.advance(by: n)
    let nz = counters[2].countWithin(radii: radii, strict: true)
    tracker?.advance(by: n)
    let psi = DigammaTable(count: n + 1)
    var total = 0.0
    for i in 0..<n {
      total += psi[Int(nxz[i]) + 1] + psi[Int(nyz[i]) + 1] - psi[Int(nz[i]) + 1]
    }
    return Estimate(
      value: psi[k] - total / Double(n), quantity: .conditionalMutualInformation, kind: .pointEstimate,
      estimator: name, sampleCount: n,
      parameters: [Parameter("k", .integer(k)), Parameter("algorithm", .text("frenzel-pompe")), Parameter("metric", .text("max-norm"))],
      preprocessing: preprocessing.record, warnings: warnings)
  }
}
