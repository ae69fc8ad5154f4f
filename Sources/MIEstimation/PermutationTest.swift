import Foundation
import MINumerics

/// A permutation test of independence (or conditional independence) for any estimator.
///
/// The estimate on the data is compared with its distribution under the null hypothesis,
/// simulated by re-estimating after shuffling:
/// - **I(X;Y)**: the rows of Y are permuted, which destroys any dependence on X and keeps
///   both marginals;
/// - **I(X;Y|Z)**: X must stay dependent on Z, so X is shuffled only among samples with
///   similar Z: within strata when Z is discrete (at most ``discreteStrata`` distinct
///   rows), otherwise by the local permutation scheme of Runge, "Conditional independence
///   testing based on a nearest-neighbor estimator of conditional mutual information",
///   AISTATS 2018 (each sample draws, without repetition where possible, from its
///   ``localNeighbors`` nearest neighbours in Z).
///
/// p = (1 + #{null estimates ≥ observed}) / (1 + permutations), which is never 0 and is
/// a valid p-value for any number of permutations (Phipson & Smyth 2010).
public struct PermutationTest: Sendable {
  /// The number of shuffles B (default 200).
  public var permutations: Int
  /// The seed of the shuffles.
  public var seed: UInt64
  /// Z is treated as discrete (stratified shuffles) when it has at most this many distinct rows.
  public var discreteStrata: Int
  /// Neighbourhood size of the local permutation scheme for continuous Z.
  public var localNeighbors: Int

  /// Creates a test with `permutations` shuffles drawn from `seed`.
  public init(permutations: Int = 200, seed: UInt64 = 0, discreteStrata: Int = 30, localNeighbors: Int = 5) {
    self.permutations = permutations
    self.seed = seed
    self.discreteStrata = discreteStrata
    self.localNeighbors = localNeighbors
  }

  /// The outcome of a permutation test.
  public struct Result: Sendable, Equatable {
    /// The estimate on the data as given, in nats.
    public var observed: Double
    /// The permutation p-value.
    public var pValue: Double
    /// The mean of the null estimates, in nats (the estimator's bias at independence).
    public var nullMean: Double
    /// The standard deviation of the null estimates, in nats.
    public var nullStandardDeviation: Double
    /// The number of shuffles.
    public var permutations: Int
    /// How many null estimates were at least the observed one.
    public var exceedances: Int
    /// The seed of the shuffles.
    public var seed: UInt64
  }

  /// Tests I(X;Y) = 0. `observed` is the estimate on the data as given when it is already
  /// known (it is not computed again: for a neural estimator that is a training saved);
  /// `progress` is called after each shuffle with (done, total).
  public func run(
    _ estimator: some MutualInformationEstimator, _ x: Matrix, _ y: Matrix, observed known: Double? = nil,
    progress: ((Int, Int) -> Void)? = nil
  ) throws(EstimationError) -> Result {
    try checkSettings()
    let observed: Double
    if let known { observed = known } else { observed = try estimator.estimate(x, y).value }
    var generator = SeededGenerator(seed: seed)
    var null: [Double] = []
    for done in 0..<permutations {
      let order = generator.permutation(of: y.rows)
      null.append(try estimator.estimate(x, y.selecting(rows: order)).value)
      progress?(done + 1, permutations)
    }
    return summarize(observed, null)
  }

  /// Tests I(X;Y|Z) = 0 by shuffling X with `shuffler` (among samples with similar Z);
  /// `observed` as for I(X;Y).
  public func run(
    _ estimator: some ConditionalMutualInformationEstimator, _ x: Matrix, _ y: Matrix, given z: Matrix,
    shuffler: some ConditionalShuffling, observed known: Double? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws(EstimationError) -> Result {
    try checkSettings()
    let observed: Double
    if let known { observed = known } else { observed = try estimator.estimate(x, y, given: z).value }
    var generator = SeededGenerator(seed: seed)
    var null: [Double] = []
    for done in 0..<permutations {
      let order = shuffler.shuffle(using: &generator)
      null.append(try estimator.estimate(x.selecting(rows: order), y, given: z).value)
      progress?(done + 1, permutations)
    }
    return summarize(observed, null)
  }

  private func checkSettings() throws(EstimationError) {
    guard permutations >= 1 else {
      throw .invalidParameter(name: "permutations", value: String(permutations), reason: "must be at least 1")
    }
  }

  private func summarize(_ observed: Double, _ null: [Double]) -> Result {
    let exceedances = null.filter { $0 >= observed }.count
    let mean = null.reduce(0, +) / Double(null.count)
    let variance = null.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(null.count - 1, 1))
    return Result(
      observed: observed, pValue: Double(1 + exceedances) / Double(1 + null.count), nullMean: mean,
      nullStandardDeviation: variance.squareRoot(), permutations: null.count, exceedances: exceedances, seed: seed)
  }
}

/// How a conditional permutation test shuffles X so that it stays dependent on Z: a
/// permutation of the samples, each sample's X replaced by that of a sample with similar Z.
/// `MIClassical` gives the default (`LocalPermutation`: strata of a discrete Z, or the k
/// nearest neighbours in Z).
public protocol ConditionalShuffling {
  /// `order[i]`: the sample whose X replaces sample i's.
  func shuffle(using generator: inout SeededGenerator) -> [Int]
}
