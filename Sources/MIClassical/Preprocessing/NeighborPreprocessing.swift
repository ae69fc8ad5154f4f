import MIEstimation
import MINumerics

/// The preprocessing that k-nearest-neighbour estimators apply before searching, made
/// explicit, seeded and recorded in every ``Estimate``.
///
/// 1. **Standardization** (on by default): each column is centred and divided by its
///    standard deviation, so that the max-norm neighbourhoods weigh the columns alike
///    (KSG is not invariant to rescaling one coordinate of a multivariate variable).
/// 2. **Tie-breaking noise** (on by default, relative standard deviation 10⁻¹⁰): KSG's
///    counts assume no two points are at the same distance; real data has ties
///    (rounded values). Gaussian noise this small changes no untied distance ordering
///    in practice but breaks ties at random, as Kraskov et al. (2004) recommend and as
///    scikit-learn and NPEET do. The seed makes it reproducible.
public struct NeighborPreprocessing: Sendable, Equatable {
  /// Centre and scale each column to unit variance.
  public var standardize: Bool
  /// Standard deviation of the added Gaussian noise, relative to each column's standard
  /// deviation; 0 turns the noise off.
  public var noise: Double
  /// The seed of the noise.
  public var seed: UInt64

  /// The defaults: standardize, noise 1e-10, seed 0.
  public init(standardize: Bool = true, noise: Double = 1e-10, seed: UInt64 = 0) {
    self.standardize = standardize
    self.noise = noise
    self.seed = seed
  }

  /// No standardization and no noise: the data is used as given.
  public static let none = NeighborPreprocessing(standardize: false, noise: 0, seed: 0)

  /// The settings as recorded in an estimate.
  var record: [Parameter] {
    var result = [Parameter("standardize", .flag(standardize)), Parameter("noise", .real(noise))]
    if noise > 0 { result.append(Parameter("seed", .integer(Int(truncatingIfNeeded: seed)))) }
    return result
  }

  func checkParameters() throws(EstimationError) {
    guard noise >= 0, noise.isFinite else {
      throw .invalidParameter(name: "noise", value: "\(noise)", reason: "must be a finite number ≥ 0")
    }
  }

  /// The variables after preprocessing, and for each the sum over its columns of the log
  /// of the factor its values were divided by (Σⱼ log σⱼ when standardizing): the entropy
  /// of the processed variable is the entropy of the given one minus this.
  struct Prepared {
    var variables: [Matrix]
    var logScales: [Double]
  }

  /// Applies standardization and noise to variables that are searched together.
  ///
  /// Standardization uses ``ColumnScaling``, exact for any finite scale. Without it the
  /// variables are only multiplied by one common power of two that brings the largest
  /// magnitude into [½, 1): exact, and it leaves every distance ordering (and so every
  /// k-NN count) as it was, while distances of data near 10³⁰⁸ no longer overflow and
  /// those of data near 10⁻³⁰⁰ no longer underflow. `streams[v]` separates the noise of
  /// different variables drawn from the same seed (default: their positions).
  func prepare(_ variables: [Matrix], streams: [UInt64]? = nil) -> Prepared {
    let scalings = variables.map { ColumnScaling($0) }
    // Without standardization: one common exponent E, the largest of the columns'.
    let common = scalings.flatMap(\.exponents).max() ?? 0
    let logScales = zip(variables, scalings).map { matrix, scaling in
      standardize ? scaling.sumOfLogDeviations : Double(matrix.columns) * ColumnScaling.logOfPowerOfTwo(common)
    }
    let streams = streams ?? variables.indices.map { UInt64($0) }
    let processed = parallelMap(count: variables.count, serialThreshold: 2, initial: Matrix(rows: 0, columns: 0)) { v in
      self.apply(variables[v], scaling: scalings[v], commonExponent: common, stream: streams[v])
    }
    return Prepared(variables: processed, logScales: logScales)
  }

  /// Applies standardization and noise to one variable on its own (its scale is its own
  /// without standardization).
  func apply(_ matrix: Matrix, stream: UInt64) -> Matrix {
    prepare([matrix], streams: [stream]).variables[0]
  }

  private func apply(_ matrix: Matrix, scaling: ColumnScaling, commonExponent: Int, stream: UInt64) -> Matrix {
    var result = standardize ? scaling.standardizing(matrix) : Self.rescaled(matrix, by: commonExponent)
    let n = matrix.rows
    let d = matrix.columns
    var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1))
    for j in 0..<d {
      // The column's standard deviation in the processed units (for the noise).
      let unit: Double
      if standardize {
        unit = 1
      } else {
        let s = scaling.scaledDeviations[j]
        unit = s > 0 ? ColumnScaling.scale(s, by: commonExponent - scaling.exponents[j]) : 1
      }
      if noise > 0 {
        let amplitude = noise * unit
        result.withUnsafeMutableValues { values in
          var i = 0
          while i < n {
            let (a, b) = generator.normalPair()
            values[i * d + j] += amplitude * a
            if i + 1 < n { values[(i + 1) * d + j] += amplitude * b }
            i += 2
          }
        }
      }
    }
    return result
  }

  /// Every value multiplied by 2^−e (exact).
  static func rescaled(_ matrix: Matrix, by e: Int) -> Matrix {
    guard e != 0 else { return matrix }
    var result = matrix
    result.withUnsafeMutableValues { values in
      if let factor = ColumnScaling.multiplier(for: e) {
        for index in values.indices { values[index] *= factor }
      } else {
        for index in values.indices { values[index] = ColumnScaling.scale(values[index], by: e) }
      }
    }
    return result
  }
}

/// Detection of columns that look discrete, for the warning that points to the right estimator.
enum DiscreteDetection {
  /// The largest number of distinct values for which a column is reported as discrete-looking.
  static let maximumDistinct = 30

  /// Warnings for every column with at most ``maximumDistinct`` distinct values that are
  /// also fewer than half the samples. Stops counting early, so continuous columns cost
  /// O(1) set operations per row until 31 distinct values are seen.
  static func warnings(_ matrix: Matrix, role: VariableRole) -> [EstimationWarning] {
    let n = matrix.rows
    let d = matrix.columns
    guard n >= 8 else { return [] }
    var result: [EstimationWarning] = []
    for j in 0..<d {
      var distinct = Set<Double>()
      var isSmall = true
      for i in 0..<n {
        distinct.insert(matrix.storage[i * d + j] + 0)  // + 0 folds −0 into +0
        if distinct.count > maximumDistinct {
          isSmall = false
          break
        }
      }
      if isSmall && distinct.count >= 2 && distinct.count * 2 < n {
        result.append(.discreteLookingColumn(role, column: j, distinctValues: distinct.count, samples: n))
      }
    }
    return result
  }
}
