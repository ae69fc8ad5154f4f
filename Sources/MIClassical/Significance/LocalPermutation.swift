import MIEstimation
import MINumerics

/// The default conditional shuffling of a `PermutationTest`: within strata when Z is
/// discrete (at most `discreteStrata` distinct rows), otherwise the local permutation scheme
/// of Runge (AISTATS 2018), each sample drawing from its nearest neighbours in Z.
public struct LocalPermutation: ConditionalShuffling {
  enum Scheme {
    case strata([[Int]])
    case local(neighbors: [Int32], k: Int)
  }

  let scheme: Scheme
  let n: Int

  /// The shuffling for conditioning variable `z`.
  public init(z: Matrix, discreteStrata: Int, neighbors: Int) throws(EstimationError) {
    n = z.rows
    let coding = DiscreteCoding(z)
    if coding.categories <= discreteStrata {
      var strata = [[Int]](repeating: [], count: coding.categories)
      for (row, code) in coding.codes.enumerated() { strata[Int(code)].append(row) }
      scheme = .strata(strata)
    } else {
      let k = min(neighbors, n - 1)
      guard k >= 1 else { throw .tooFewSamples(needed: 2, got: n, reason: "a local permutation needs neighbours") }
      let standardized = NeighborPreprocessing(standardize: true, noise: 1e-10, seed: 0).apply(z, stream: 7)
      let result = NeighborSearch.nearest(standardized, k: k, keepNeighbors: true)
      scheme = .local(neighbors: result.neighbors, k: k)
    }
  }

  /// `order[i]`: the sample whose X replaces sample i's.
  public func shuffle(using generator: inout SeededGenerator) -> [Int] {
    switch scheme {
    case .strata(let strata):
      var order = Array(0..<n)
      for stratum in strata {
        var shuffled = stratum
        generator.shuffle(&shuffled)
        for (position, row) in stratum.enumerated() { order[row] = shuffled[position] }
      }
      return order
    case .local(let neighbors, let k):
      var used = [Bool](repeating: false, count: n)
      var order = [Int](repeating: 0, count: n)
      for i in generator.permutation(of: n) {
        // Candidates: the sample itself and its k neighbours in Z.
        var candidates = [i]
        for r in 0..<k { candidates.append(Int(neighbors[i * k + r])) }
        generator.shuffle(&candidates)
        let choice = candidates.first { !used[$0] } ?? candidates[0]
        used[choice] = true
        order[i] = choice
      }
      return order
    }
  }
}

extension PermutationTest {
  /// Tests I(X;Y|Z) = 0 by shuffling X among samples with similar Z (`LocalPermutation`
  /// with this test's `discreteStrata` and `localNeighbors`); `observed` is the estimate on
  /// the data as given when it is already known.
  public func run(
    _ estimator: some ConditionalMutualInformationEstimator, _ x: Matrix, _ y: Matrix, given z: Matrix,
    observed: Double? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws(EstimationError) -> Result {
    let shuffler = try LocalPermutation(z: z, discreteStrata: discreteStrata, neighbors: localNeighbors)
    return try run(estimator, x, y, given: z, shuffler: shuffler, observed: observed, progress: progress)
  }
}
