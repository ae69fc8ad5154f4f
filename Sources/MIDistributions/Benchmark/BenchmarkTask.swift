import MINumerics

/// A named benchmark task: a base distribution with a known mutual information, and
/// one-to-one transforms of X and Y that change its shape but not its information
/// (bmi's convention: Czyż et al. 2023, "Beyond normal"). The id encodes every parameter
/// (`"spiral-multinormal-sparse-3-3-2-2.0"`), so results keyed by it compare across tools.
public struct BenchmarkTask: BivariateSampler {
  /// The id, bmi's for its tasks.
  public let id: String
  /// A readable title ("Spiral @ Multinormal 3 × 3 (2-pair)").
  public let title: String
  /// The untransformed distribution.
  public let base: any BivariateSampler
  /// The dimensions of the base's X and Y.
  public let baseDimensions: (x: Int, y: Int)
  /// Applied to X, first to last.
  public let transformsX: [TaskTransform]
  /// Applied to Y, first to last.
  public let transformsY: [TaskTransform]
  /// How the base's true value follows, in a sentence (the transforms keep it).
  public let derivation: String

  /// A task from its parts.
  public init(
    id: String, title: String, base: any BivariateSampler, baseDimensions: (x: Int, y: Int), transformsX: [TaskTransform] = [],
    transformsY: [TaskTransform] = [], derivation: String
  ) {
    (self.id, self.title, self.base, self.baseDimensions) = (id, title, base, baseDimensions)
    (self.transformsX, self.transformsY, self.derivation) = (transformsX, transformsY, derivation)
  }

  /// The id.
  public var name: String { id }
  /// The true I(X; Y) in nats: the base's (the transforms are one-to-one).
  public var mutualInformation: Double { base.mutualInformation }
  /// The dimension of X after the transforms.
  public var dimensionX: Int { transformsX.reduce(baseDimensions.x) { $1.outputDimension($0) } }
  /// The dimension of Y after the transforms.
  public var dimensionY: Int { transformsY.reduce(baseDimensions.y) { $1.outputDimension($0) } }

  /// `count` samples of the base from `seed`, transformed.
  public func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix) {
    var (x, y) = base.sample(count: count, seed: seed)
    for transform in transformsX { x = transform.apply(x) }
    for transform in transformsY { y = transform.apply(y) }
    return (x, y)
  }

  /// This task with a transform applied after the others to X, Y or both, under bmi's id
  /// `"prefix-id"` and the title `"Name @ title"` (or `fullTitle`).
  public func transformed(
    prefix: String, title name: String, x: TaskTransform? = nil, y: TaskTransform? = nil, fullTitle: String? = nil
  ) -> BenchmarkTask {
    BenchmarkTask(
      id: "\(prefix)-\(id)", title: fullTitle ?? "\(name) @ \(title)", base: base, baseDimensions: baseDimensions,
      transformsX: transformsX + (x.map { [$0] } ?? []), transformsY: transformsY + (y.map { [$0] } ?? []),
      derivation: derivation)
  }
}
