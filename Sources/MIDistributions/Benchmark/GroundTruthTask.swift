import MINumerics

/// A named task whose information quantity is known: the sampler, the truth and how it was
/// derived. ``BenchmarkTask`` (I(X;Y)), ``ConditionalBenchmarkTask`` (I(X;Y|Z)) and
/// ``TotalCorrelationBenchmarkTask`` conform; ``BenchmarkSuite`` collects them.
public protocol GroundTruthTask: Sendable {
  /// The id, which encodes every parameter (bmi's convention).
  var id: String { get }
  /// A readable title.
  var title: String { get }
  /// How the truth follows, in a sentence.
  var derivation: String { get }
  /// What the truth is the value of.
  var quantity: BenchmarkQuantity { get }
  /// The true value in nats.
  var truth: Double { get }
  /// The dimension of each variable, in order: X and Y; X, Y and Z; or the total
  /// correlation's variables.
  var dimensions: [Int] { get }
  /// `count` samples, one matrix per variable (in the order of ``dimensions``),
  /// reproducible from `seed`.
  func sampleVariables(count: Int, seed: UInt64) -> [Matrix]
}

extension BenchmarkTask: GroundTruthTask {
  /// I(X;Y).
  public var quantity: BenchmarkQuantity { .mutualInformation }
  /// ``mutualInformation``.
  public var truth: Double { mutualInformation }
  /// [dim X, dim Y].
  public var dimensions: [Int] { [dimensionX, dimensionY] }
  /// [X, Y] from ``sample(count:seed:)``.
  public func sampleVariables(count: Int, seed: UInt64) -> [Matrix] {
    let (x, y) = sample(count: count, seed: seed)
    return [x, y]
  }
}
