import MINetworks
import MITensor

/// How `NeuralEstimator` scores a trained critic on a held-out split (validation or test).
///
/// A bound that reads the critic's sampled layout (`Critic.sampledLayout`) is evaluated
/// on chunks of about `chunkSize` samples: the rows of a chunk are cut into blocks, and each
/// block's x's are scored against every y of the chunk, so that each row has its positive
/// and E − 1 negatives (E the chunk's size) instead of the training batch's K − 1. This is
/// the same bound with more negatives: InfoNCE's ceiling rises from log K to log E, the
/// variance of the E_q[e^f] term of NWJ, DV, MINE, JS and TUBA falls, and the downward
/// bias of DV's and SMILE's log-mean (which makes them overshoot) shrinks. The values of
/// the blocks give the standard error; the blocks share their chunk's y's, so they are not
/// quite independent and the standard error is slightly optimistic.
///
/// The bounds that need the square matrix (α-InfoNCE, CLUB, L1Out, Barber–Agakov) are
/// evaluated on consecutive batches of the training batch size, as in training.
public struct HeldOutEvaluation: Sendable {
  /// E, the target chunk size (`NeuralPreset.evaluationBatchSize`).
  public let chunkSize: Int
  /// K, the batch size of the square-matrix bounds.
  public let batchSize: Int

  /// Creates the plan: chunks of about `chunkSize` samples, square batches of `batchSize`.
  public init(chunkSize: Int, batchSize: Int) {
    self.chunkSize = chunkSize
    self.batchSize = batchSize
  }

  /// The bound's value on each block of the split, or on each batch of K when the bound
  /// does not read the critic's sampled layout.
  public func values<C: Critic, B: ScoreBound>(of bound: B, critic: C, _ x: Tensor<C.Scalar>, _ y: Tensor<C.Scalar>) -> [Double]
  where C.Scalar == B.Scalar {
    measure(critic, x, y, squareOnly: !Self.scoresInChunks(critic, bound)) { bound.value($0) }
  }

  /// Whether `bound` reads `critic`'s sampled layout, so that held-out splits are scored
  /// in chunks rather than in square batches.
  public static func scoresInChunks<C: Critic, B: ScoreBound>(_ critic: C, _ bound: B) -> Bool {
    critic.sampledLayout.map(bound.acceptedLayouts.contains) ?? false
  }

  /// `reduction` of the scores of each block (or, with `squareOnly`, of each batch of K).
  public func measure<C: Critic, T>(
    _ critic: C, _ x: Tensor<C.Scalar>, _ y: Tensor<C.Scalar>, squareOnly: Bool, _ reduction: (Tensor<C.Scalar>) -> T
  ) -> [T] {
    guard !squareOnly else {
      return SplitData.batches(x, y, size: batchSize).map { reduction(critic.scores($0.0, $0.1)) }
    }
    var results: [T] = []
    for range in Self.chunks(count: x.shape[0], size: chunkSize) {
      let (xChunk, yChunk) = (x.rows(range), y.rows(range))
      let blocks = Self.blockCount(chunk: range.count)
      if blocks == 1 {
        results.append(reduction(critic.allPairScores(xChunk, yChunk)))
        continue
      }
      for block in 0..<blocks {
        let rows = (block * range.count / blocks)..<((block + 1) * range.count / blocks)
        let scores = critic.allPairScores(xChunk.rows(rows), yChunk)
        results.append(reduction(Self.positivesFirst(scores, firstPositive: rows.lowerBound)))
      }
    }
    return results
  }

  /// The mean of `values` (NaN for none).
  public static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }

  /// The candidates per row (the chunk size) when a split of n samples is scored in chunks.
  public func candidatesPerRow(count n: Int) -> Int { Self.chunks(count: n, size: chunkSize)[0].count }

  /// ⌊n / E⌋ (at least 1) equal consecutive chunks, each of ⌊n / chunks⌋ ≥ E samples (or all
  /// n when n < E); the few rows left over are dropped, so every chunk has the same ceiling.
  static func chunks(count n: Int, size: Int) -> [Range<Int>] {
    let count = max(1, n / max(size, 1))
    let length = n / count
    return (0..<count).map { ($0 * length)..<(($0 + 1) * length) }
  }

  /// At least 8 blocks of at least 2 rows, and at most 65 536 pairs per block (the joint
  /// critic's hidden activations stay below 70 MB); 1 block (the square matrix) for a chunk
  /// of fewer than 4 samples.
  static func blockCount(chunk size: Int) -> Int {
    size < 4 ? 1 : min(size / 2, max(8, (size * size + 65_535) / 65_536))
  }

  /// The B×E scores of rows `first ..< first + B` of a chunk against all of its E samples,
  /// rearranged to the sampled-negatives layout: row i's positive f(xᵢ, yᵢ), at column
  /// first + i, moved to column 0, its E − 1 negatives after it.
  static func positivesFirst<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, firstPositive first: Int) -> Tensor<Scalar> {
    let (b, e) = (scores.shape[0], scores.shape[1])
    var arranged = [Scalar](repeating: 0, count: b * e)
    scores.withUnsafeScalars { s in
      for i in 0..<b {
        let row = i * e, positive = first + i
        arranged[row] = s[row + positive]
        for j in 0..<positive { arranged[row + 1 + j] = s[row + j] }
        for j in (positive + 1)..<e { arranged[row + j] = s[row + j] }
      }
    }
    return Tensor(shape: [b, e], scalars: arranged)
  }
}
