import MIEstimation
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
/// Every distinct row of the discrete side is a class; either side may be the discrete
/// one (the side with fewer distinct rows is taken, and the result's `discrete` parameter
/// names it). Preprocessing (standardization, noise) applies to the continuous side only.
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

  /// Estimates I(X;Y) in nats, one side discrete (class labels), the other continuous.
  ///
  /// Mutual information is symmetric, so the labels may be given on either side: the side
  /// with fewer distinct rows is taken as the discrete one (X when both have as many), and
  /// the result says which in its `discrete` parameter.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    let reduction = try ConstantColumns([(.x, x), (.y, y)])
    if reduction.hasConstantVariable {
      return reduction.zero(.mutualInformation, estimator: name, sampleCount: x.rows)
    }
    let (codingX, codingY) = (DiscreteCoding(x), DiscreteCoding(y))
    let discreteIsY = codingY.categories < codingX.categories
    let (labelsRole, featuresRole): (VariableRole, VariableRole) = discreteIsY ? (.y, .x) : (.x, .y)
    let labels = discreteIsY ? y : x
    let features = reduction.variables[discreteIsY ? 0 : 1]
    try preprocessing.checkParameters()
    let n = x.rows
    try InputValidation.checkNeighbors(k: k, samples: n)
    var warnings = reduction.warnings
    warnings += DiscreteDetection.warnings(discreteIsY ? x : y, role: featuresRole)

    let coding = discreteIsY ? codingY : codingX
    let counts = coding.counts
    let kept = (0..<n).filter { counts[Int(coding.codes[$0])] >= 2 }
    guard kept.count >= 2 else {
      throw .unsuitableData(
        "neither side is discrete: \(labelsRole), the side with fewer distinct values, has \(coding.categories) in \(n) samples, "
          + "so no class has two samples; Ross's estimator needs discrete labels with repeated values on one side "
          + "(for continuous data on both sides use ksg1 or ksg2)")
    }
    if kept.count < n {
      warnings.append(.droppedSamples(count: n - kept.count, reason: "their \(labelsRole) value occurs only once, so they have no neighbour in their class"))
    }
    if coding.categories * 2 > n {
      warnings.append(.note("\(labelsRole), taken as the discrete side, has \(coding.categories) distinct values in \(n) samples: it does not look discrete; Ross's estimator treats every distinct value as a class"))
    }
    let processed = preprocessing.apply(features.selecting(rows: kept), stream: 1)
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
    let value = psi[m] + total / Double(m)
    if let ceiling = EntropyCeiling.warning(value, [(labelsRole, labels)]) { warnings.append(ceiling) }
    return Estimate(
      value: value, quantity: .mutualInformation, kind: .pointEstimate, estimator: name,
      sampleCount: m,
      parameters: [
        Parameter("k", .integer(k)), Parameter("discrete", .text(labelsRole.description)),
        Parameter("classes", .integer(members.count)), Parameter("metric", .text("max-norm")),
      ],
      preprocessing: preprocessing.record, warnings: warnings)
  }
}

