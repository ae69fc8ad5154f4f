import MINumerics

/// Ross's k-nearest-neighbour estimator of the mutual information between a discrete
/// variable X and a continuous variable Y.
///
/// Ross, "Mutual information between discrete and continuous data sets", PLoS ONE 9(2),
/// e87357 (2014). For each sample i, with N_{xᵢ} the number of samples sharing its
/// class xᵢ: dᵢ is the distance (max norm in Y) to its k-th nearest neighbour *within its
/// class*, and mᵢ the number of samples j ≠ i of *any* class with ‖yⱼ − yᵢ‖ ≤ dᵢ. Then
///
/// Î = ψ(N) − ⟨ψ(N_{xᵢ})⟩ + ⟨ψ(kᵢ)⟩ − ⟨ψ(mᵢ)⟩.
///
/// A class with N_x ≤ k samples uses kᵢ = N_x − 1 (as scikit-learn does); samples of
/// classes with a single member cannot be used and are left out with a warning.
/// Every distinct row of X is a class. Preprocessing (standardization, noise) applies to Y only.
///
/// - Complexity: O(N log N).
public struct RossEstimator: MutualInformationEstimator {
  /// The number of neighbours k (default 3).
  public var k: Int
  /// Standardization and tie-breaking noise of Y.
  public var preprocessing: NeighborPreprocessing

  /// Creates the estimator with k = 3 and default preprocessing.
  public init(k: Int = 3, preprocessing: NeighborPreprocessing = .init()) {
    self.k = k
    self.preprocessing = preprocessing
  }

  /// `"ross"`.
  public var name: String { "ross" }

  /// Estimates I(X;Y) in nats, X discrete (class labels), Y continuous.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y)])
    try preprocessing.checkParameters()
    let n = x.rows
    try InputValidation.checkNeighbors(k: k, samples: n)
    if preprocessing.standardize { try InputValidation.checkNotConstant([(.y, y)]) }
    var warnings = DiscreteDetection.warnings(y, role: .y)

    let coding = DiscreteCoding(x)
    let counts = coding.counts
    let kept = (0..<n).filter { counts[Int(coding.codes[$0])] >= 2 }
    guard kept.count >= 2 else {
      throw .unsuitableData(
        "X has \(coding.categories) distinct values in \(n) samples, so no class has two samples: "
          + "Ross's estimator needs a discrete X with repeated values (for continuous X use ksg1 or ksg2)")
    }
    if kept.count < n {
      warnings.append(.droppedSamples(count: n - kept.count, reason: "their X value occurs only once, so they have no neighbour in their class"))
    }
    if coding.categories * 2 > n {
      warnings.append(.note("X has \(coding.categories) distinct values in \(n) samples: it does not look discrete; Ross's estimator treats every distinct value as a class"))
    }
    let processed = preprocessing.apply(y.selecting(rows: kept), stream: 1)
    let m = kept.count

    // Per-class k-th neighbour distances.
    var members: [Int32: [Int]] = [:]
    for (position, row) in kept.enumerated() { members[coding.codes[row], default: []].append(position) }
    var radii = [Double](repeating: 0, count: m)
    var kOf = [Int](repeating: k, count: m)
    var reduced = false
    for (_, positions) in members {
      let classK = min(k, positions.count - 1)
      if classK < k { reduced = true }
      let distances = NeighborSearch.nearest(processed.selecting(rows: positions), k: classK).distances
      for (local, position) in positions.enumerated() {
        radii[position] = distances[local]
        kOf[position] = classK
      }
    }
    if reduced {
      warnings.append(.note("some classes have k = \(k) or fewer samples; their samples use k = class size − 1"))
    }
    let counts2 = NeighborSearch.countWithin(processed, radii: radii, strict: false)
    let psi = DigammaTable(count: m + 1)
    var total = 0.0
    for position in 0..<m {
      let classSize = members[coding.codes[kept[position]]]!.count
      total += -psi[classSize] + psi[kOf[position]] - psi[max(Int(counts2[position]), 1)]
    }
    return Estimate(
      value: psi[m] + total / Double(m), quantity: .mutualInformation, kind: .pointEstimate, estimator: name,
      sampleCount: m,
      parameters: [Parameter("k", .integer(k)), Parameter("classes", .integer(members.count)), Parameter("metric", .text("max-norm"))],
      preprocessing: preprocessing.record, warnings: warnings)
  }
}
