import MINumerics

/// A named total-correlation task: a ``TotalCorrelationSampler`` with a known
/// TC = Σᵢ H(Xᵢ) − H(X₁, …, X_m), and a one-to-one transform of every variable, which keeps it.
public struct TotalCorrelationBenchmarkTask: GroundTruthTask {
  /// The id (`"tc-multinormal-dense-5-0.5"`).
  public let id: String
  /// A readable title.
  public let title: String
  /// The untransformed distribution.
  public let base: any TotalCorrelationSampler
  /// Applied to every variable, first to last.
  public let transforms: [TaskTransform]
  /// How the truth follows.
  public let derivation: String

  /// A task from its parts.
  public init(id: String, title: String, base: any TotalCorrelationSampler, transforms: [TaskTransform] = [], derivation: String) {
    (self.id, self.title, self.base, self.transforms, self.derivation) = (id, title, base, transforms, derivation)
  }

  /// The total correlation.
  public var quantity: BenchmarkQuantity { .totalCorrelation }
  /// The base's total correlation, at least 0.
  public var truth: Double { max(0, base.totalCorrelation) }
  /// Each variable's dimension after the transforms.
  public var dimensions: [Int] { base.variableDimensions.map { d in transforms.reduce(d) { $1.outputDimension($0) } } }

  /// The variables, transformed.
  public func sampleVariables(count: Int, seed: UInt64) -> [Matrix] {
    base.sampleVariables(count: count, seed: seed).map { matrix in transforms.reduce(matrix) { $1.apply($0) } }
  }

  /// This task with `transform` applied to every variable, under the id `"prefix-id"` and
  /// the title `"Name @ title"`.
  public func transformed(prefix: String, title name: String, by transform: TaskTransform) -> TotalCorrelationBenchmarkTask {
    TotalCorrelationBenchmarkTask(
      id: "\(prefix)-\(id)", title: "\(name) @ \(title)", base: base, transforms: transforms + [transform], derivation: derivation)
  }
}
