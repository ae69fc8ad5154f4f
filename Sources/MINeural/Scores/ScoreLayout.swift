/// What the rows and columns of a critic's score matrix mean. A critic says which layouts it
/// produces and a bound which it reads, so an incompatible pair is refused when the two are
/// put together (`CriticObjective.init`), never by a trap in the middle of training.
public enum ScoreLayout: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// K×K, `S[i][j] = f(xᵢ, yⱼ)`: the positives on the diagonal, every other pair a negative.
  case allPairs = "all pairs"
  /// K×(1 + m): row i holds f(xᵢ, yᵢ) in column 0 and m sampled negatives after it.
  case positivesFirst = "positive first with sampled negatives"
  /// K×K of g = f(xᵢ, yⱼ) − b(yⱼ), a critic with a learned log-baseline subtracted (TUBA).
  case baselinedAllPairs = "all pairs with a baseline subtracted"
  /// K×(1 + m) of g = f − b(y), the positive in column 0.
  case baselinedPositivesFirst = "positive first with a baseline subtracted"
  /// (K + 1)×K: the K×K matrix of f with the row b(y₁), …, b(y_K) appended (α-InfoNCE).
  case withBaselineRow = "all pairs with a baseline row"
  /// K×K, `S[i][j] = log q(yⱼ | xᵢ)` of a conditional density model (CLUB, L1Out, BA).
  case logDensities = "log-densities of a conditional model"

  public var description: String { rawValue }

  /// Whether the layout holds one positive and sampled negatives per row.
  public var isPositivesFirst: Bool { self == .positivesFirst || self == .baselinedPositivesFirst }
}
