import MINumerics
import MITensor

/// The negatives of a batch of K rows: for row i, `perRow` candidate y's scored against xᵢ
/// as samples of p(x)p(y). `indices[i·m + c]` is the c-th negative of row i, an index into
/// the batch's y (0..<K) or, from K on, into `extraCandidates` (a queue of earlier y's).
public struct NegativePairs<Scalar: TensorScalar>: Sendable {
  /// m, the negatives per row.
  public var perRow: Int
  /// K·m candidate indices, row-major.
  public var indices: [Int]
  /// Candidates beyond the batch (for example a queue), or nil.
  public var extraCandidates: Tensor<Scalar>?

  /// Creates the negatives of a batch; every index must be a valid candidate.
  public init(perRow: Int, indices: [Int], extraCandidates: Tensor<Scalar>? = nil) {
    guard perRow >= 1, indices.count % perRow == 0 else {
      ContractViolation.trap("NegativePairs: \(indices.count) indices are not K rows of \(perRow) negatives (at least 1)")
    }
    self.perRow = perRow
    self.indices = indices
    self.extraCandidates = extraCandidates
  }

  /// The candidate y's: the batch's `y`, followed by `extraCandidates` when there are any.
  public func candidates(_ y: Tensor<Scalar>) -> Tensor<Scalar> {
    guard let extraCandidates else { return y }
    return y.concatenated(with: extraCandidates, alongAxis: 0)
  }

  /// Positions in a K×C all-pairs matrix (row-major) of each row's positive (column i) and
  /// its negatives, K·(1 + m) of them in the positive-first order.
  public func flatPositions(columns c: Int) -> [Int] {
    let k = indices.count / perRow
    var positions: [Int] = []
    positions.reserveCapacity(k * (1 + perRow))
    for i in 0..<k {
      positions.append(i * c + i)
      for n in 0..<perRow { positions.append(i * c + indices[i * perRow + n]) }
    }
    return positions
  }
}

/// How the negatives of each training batch are chosen: the abstraction over "all pairs",
/// m shuffled partners, partners within the same group, a queue of earlier samples or a
/// user's own rule. An objective without a sampler scores all K² pairs.
public protocol NegativeSampler: Sendable {
  /// The negatives of `batch` (called once per training step; samplers with state, such as
  /// a queue or a seed, move it on).
  mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar>
  /// A short description for reports ("8 shuffled per row").
  var summary: String { get }
}

/// m negatives per row at m distinct random offsets o ∈ 1…K−1 shared by the rows: row i is
/// paired with y_{(i+o) mod K}, so no negative is a positive (Poole et al. 2019's sampled
/// critics). The offsets of each batch come from the seed, which moves on every batch. m is
/// capped at K − 1 for a smaller batch.
public struct ShuffledNegatives: NegativeSampler {
  /// m.
  public var count: Int
  /// The seed of the next batch's offsets.
  public private(set) var seed: UInt64

  /// Creates a sampler of `count` ≥ 1 negatives per row drawn from `seed`.
  public init(count: Int, seed: UInt64 = 0) {
    guard count >= 1 else { ContractViolation.trap("ShuffledNegatives: needs at least 1 negative per row, got \(count)") }
    self.count = count
    self.seed = seed
  }

  public var summary: String { "\(count) shuffled per row" }

  public mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar> {
    seed &+= 1
    return Self.pairs(rows: batch.count, count: count, seed: seed)
  }

  /// The negatives of K rows for the offsets drawn from `seed`.
  public static func pairs<Scalar: TensorScalar>(rows k: Int, count: Int, seed: UInt64) -> NegativePairs<Scalar> {
    let m = min(count, k - 1)
    guard m >= 1 else { ContractViolation.trap("ShuffledNegatives: sampled negatives need a batch of at least 2, got \(k)") }
    var generator = SeededGenerator(seed: seed)
    let offsets = generator.permutation(of: k - 1).prefix(m).map { $0 + 1 }
    var indices = [Int](repeating: 0, count: k * m)
    for i in 0..<k {
      for (n, offset) in offsets.enumerated() { indices[i * m + n] = (i + offset) % k }
    }
    return NegativePairs(perRow: m, indices: indices)
  }
}

/// m negatives per row drawn (with replacement) among the other rows of the same group: the
/// batch's `labels` (a batch id, a group id) or, without labels, rows of a discrete `z` with
/// equal values. These are the negatives of conditional InfoNCE, which then bounds I(X;Y|Z)
/// rather than I(X;Y). A row alone in its group draws from the whole batch, so the layout
/// keeps m negatives per row.
public struct WithinGroupNegatives: NegativeSampler {
  /// m.
  public var count: Int
  /// The seed of the next batch's draws.
  public private(set) var seed: UInt64

  /// Creates a sampler of `count` ≥ 1 negatives per row drawn from `seed`.
  public init(count: Int, seed: UInt64 = 0) {
    guard count >= 1 else { ContractViolation.trap("WithinGroupNegatives: needs at least 1 negative per row, got \(count)") }
    self.count = count
    self.seed = seed
  }

  public var summary: String { "\(count) per row within the same group" }

  public mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar> {
    guard let labels = batch.labels ?? Self.groups(of: batch.z) else {
      ContractViolation.trap("WithinGroupNegatives: the batch has neither labels (group ids) nor a z to draw negatives within")
    }
    seed &+= 1
    var generator = SeededGenerator(seed: seed)
    let k = batch.count
    guard k >= 2 else { ContractViolation.trap("WithinGroupNegatives: needs a batch of at least 2, got \(k)") }
    var groups: [Int: [Int]] = [:]
    for (row, label) in labels.enumerated() { groups[label, default: []].append(row) }
    var indices: [Int] = []
    indices.reserveCapacity(k * count)
    for i in 0..<k {
      let group = groups[labels[i]]!
      for _ in 0..<count {
        if group.count >= 2 {
          // A uniform member of the group other than i.
          var pick = group[generator.integer(below: group.count - 1)]
          if pick == i { pick = group[group.count - 1] }
          indices.append(pick)
        } else {
          indices.append((i + 1 + generator.integer(below: k - 1)) % k)
        }
      }
    }
    return NegativePairs(perRow: count, indices: indices)
  }

  /// A group id per row of `z`: rows with equal values share one.
  static func groups<Scalar: TensorScalar>(of z: Tensor<Scalar>?) -> [Int]? {
    guard let z else { return nil }
    let (k, d) = (z.shape[0], z.shape[1])
    let values = z.scalars
    var ids: [[Scalar]: Int] = [:]
    return (0..<k).map { i in
      let row = Array(values[(i * d)..<((i + 1) * d)])
      if let id = ids[row] { return id }
      ids[row] = ids.count
      return ids.count - 1
    }
  }
}

/// Every row's negatives are the y's of the last `capacity` training samples (a FIFO queue,
/// as MoCo keeps its keys; here the raw y's, scored by the critic): many negatives at the
/// cost of one batch. The queue fills during the first batches; until it holds at least one
/// full batch the current batch's other rows stand in (shuffled offsets).
public struct QueueNegatives: NegativeSampler {
  /// The most samples the queue keeps.
  public var capacity: Int
  /// The queued y's, oldest first, as flat rows.
  private var queue: [Double] = []
  private var width = 0
  private var fallback: ShuffledNegatives

  /// Creates a queue of at most `capacity` ≥ 1 samples.
  public init(capacity: Int, seed: UInt64 = 0) {
    guard capacity >= 1 else { ContractViolation.trap("QueueNegatives: the capacity must be at least 1, got \(capacity)") }
    self.capacity = capacity
    fallback = ShuffledNegatives(count: 1, seed: seed)
  }

  public var summary: String { "a queue of the last \(capacity) samples" }

  /// The samples in the queue.
  public var queuedCount: Int { width == 0 ? 0 : queue.count / width }

  public mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar> {
    let k = batch.count
    let queued = queuedCount
    let result: NegativePairs<Scalar>
    if queued >= k {
      let extra = Tensor<Scalar>(shape: [queued, width], scalars: queue.map { Scalar($0) })
      var indices: [Int] = []
      indices.reserveCapacity(k * queued)
      for _ in 0..<k { indices.append(contentsOf: k..<(k + queued)) }
      result = NegativePairs(perRow: queued, indices: indices, extraCandidates: extra)
    } else {
      fallback.count = max(1, k - 1)
      result = fallback.negatives(for: batch)
    }
    // Enqueue this batch's y's (outside differentiation), dropping the oldest.
    width = batch.y.shape[1]
    queue.append(contentsOf: batch.y.scalars.map { Double($0) })
    let excess = queue.count / width - capacity
    if excess > 0 { queue.removeFirst(excess * width) }
    return result
  }
}

/// Negatives chosen by a function of the batch: `choose(batch)[i]` lists row i's negatives
/// (indices into the batch, the same number for every row, none equal to i).
public struct CustomNegatives: NegativeSampler {
  /// The rule.
  public let choose: @Sendable (_ labels: [Int]?, _ count: Int) -> [[Int]]
  public let summary: String

  /// Creates a sampler from `choose`, which receives the batch's labels and size.
  public init(summary: String = "chosen by a function", _ choose: @escaping @Sendable (_ labels: [Int]?, _ count: Int) -> [[Int]]) {
    self.choose = choose
    self.summary = summary
  }

  public mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar> {
    let k = batch.count
    let rows = choose(batch.labels, k)
    guard rows.count == k, let m = rows.first?.count, m >= 1, rows.allSatisfy({ $0.count == m }) else {
      ContractViolation.trap("CustomNegatives: the rule must give each of the \(k) rows the same number (≥ 1) of negatives")
    }
    for (i, row) in rows.enumerated() where row.contains(where: { $0 == i || $0 < 0 || $0 >= k }) {
      ContractViolation.trap("CustomNegatives: row \(i)'s negatives \(row) include the row itself or an index outside 0..<\(k)")
    }
    return NegativePairs(perRow: m, indices: rows.flatMap { $0 })
  }
}

/// Negatives that are not in the batch but made by a function of it: generated or hard
/// negatives (CORRO builds them by changing the factor the representation must capture).
/// `generate(y, m, seed)` receives the batch's K×dy y's (in Double) and returns K·m rows, row
/// i's m negatives consecutively; the seed moves on every batch. Negatives drawn from the
/// marginal p(y) keep InfoNCE a bound on I(X;Y); harder ones train a sharper critic.
public struct GeneratedNegatives: NegativeSampler {
  /// m.
  public let count: Int
  /// The rule.
  public let generate: @Sendable (_ y: Tensor<Double>, _ perRow: Int, _ seed: UInt64) -> Tensor<Double>
  public let summary: String
  /// The seed of the next batch.
  public private(set) var seed: UInt64

  /// Creates a sampler of `count` ≥ 1 generated negatives per row.
  public init(
    count: Int, seed: UInt64 = 0, summary: String = "generated by a function",
    _ generate: @escaping @Sendable (_ y: Tensor<Double>, _ perRow: Int, _ seed: UInt64) -> Tensor<Double>
  ) {
    guard count >= 1 else { ContractViolation.trap("GeneratedNegatives: needs at least 1 negative per row, got \(count)") }
    self.count = count
    self.seed = seed
    self.summary = summary
    self.generate = generate
  }

  public mutating func negatives<Scalar: TensorScalar>(for batch: Batch<Scalar>) -> NegativePairs<Scalar> {
    seed &+= 1
    let (k, d) = (batch.count, batch.y.shape[1])
    let y = Tensor<Double>(shape: [k, d], scalars: batch.y.scalars.map { Double($0) })
    let made = generate(y, count, seed)
    guard made.shape == [k * count, d] else {
      ContractViolation.trap("GeneratedNegatives: the function returned shape \(made.shape) for \(k) rows of \(count) negatives of width \(d); expected [\(k * count), \(d)]")
    }
    let extra = Tensor<Scalar>(shape: [k * count, d], scalars: made.scalars.map { Scalar($0) })
    return NegativePairs(perRow: count, indices: (0..<(k * count)).map { k + $0 }, extraCandidates: extra)
  }
}
