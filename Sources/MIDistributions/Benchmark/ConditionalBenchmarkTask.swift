import MINumerics

/// A named conditional-MI task: a ``ConditionalSampler`` with a known I(X;Y|Z), and
/// one-to-one transforms of X, Y and Z, which keep it.
public struct ConditionalBenchmarkTask: GroundTruthTask {
  /// The id (`"cmi-gaussian-collider-1.0"`).
  public let id: String
  /// A readable title.
  public let title: String
  /// The untransformed distribution.
  public let base: any ConditionalSampler
  /// The dimensions of the base's X, Y and Z.
  public let baseDimensions: [Int]
  /// Applied to X, Y and Z, first to last (three lists).
  public let transforms: [[TaskTransform]]
  /// How the truth follows.
  public let derivation: String

  /// A task from its parts; `transforms` is empty or holds one list per variable.
  public init(
    id: String, title: String, base: any ConditionalSampler, baseDimensions: (x: Int, y: Int, z: Int), transforms: [[TaskTransform]] = [],
    derivation: String
  ) {
    (self.id, self.title, self.base, self.derivation) = (id, title, base, derivation)
    self.baseDimensions = [baseDimensions.x, baseDimensions.y, baseDimensions.z]
    self.transforms = transforms.isEmpty ? [[], [], []] : transforms
  }

  /// I(X;Y|Z).
  public var quantity: BenchmarkQuantity { .conditionalMutualInformation }
  /// The base's I(X;Y|Z), at least 0 (the transforms are one-to-one on each variable).
  public var truth: Double { max(0, base.conditionalMutualInformation) }
  /// [dim X, dim Y, dim Z] after the transforms.
  public var dimensions: [Int] { zip(baseDimensions, transforms).map { d, list in list.reduce(d) { $1.outputDimension($0) } } }

  /// [X, Y, Z], transformed.
  public func sampleVariables(count: Int, seed: UInt64) -> [Matrix] {
    let (x, y, z) = base.sample(count: count, seed: seed)
    return zip([x, y, z], transforms).map { matrix, list in list.reduce(matrix) { $1.apply($0) } }
  }

  /// This task with `transform` applied to X, Y and Z, under the id `"prefix-id"` and the
  /// title `"Name @ title"`.
  public func transformed(prefix: String, title name: String, by transform: TaskTransform) -> ConditionalBenchmarkTask {
    ConditionalBenchmarkTask(
      id: "\(prefix)-\(id)", title: "\(name) @ \(title)", base: base, baseDimensions: (baseDimensions[0], baseDimensions[1], baseDimensions[2]),
      transforms: transforms.map { $0 + [transform] }, derivation: derivation)
  }
}
