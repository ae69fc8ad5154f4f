import MINumerics

/// A joint distribution of (X, Y) whose mutual information is known analytically.
///
/// As in bmi (Czyż et al., "Beyond normal: on the evaluation of mutual information
/// estimators", NeurIPS 2023): a sampler knows its own true MI, and its ``name`` encodes
/// its parameters, so a benchmark task is identified by the name alone.
public protocol BivariateSampler: Sendable {
  /// An identifier that encodes the parameters, such as `"gaussian-1x1-rho0.8"`.
  var name: String { get }
  /// The true I(X;Y) in nats.
  var mutualInformation: Double { get }
  /// `count` independent samples, reproducible from `seed`.
  func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix)
}

/// A joint distribution of (X, Y, Z) whose conditional mutual information I(X;Y|Z) is known.
public protocol ConditionalSampler: Sendable {
  /// An identifier that encodes the parameters.
  var name: String { get }
  /// The true I(X;Y|Z) in nats.
  var conditionalMutualInformation: Double { get }
  /// `count` independent samples, reproducible from `seed`.
  func sample(count: Int, seed: UInt64) -> (x: Matrix, y: Matrix, z: Matrix)
}

/// A joint distribution of several variables whose total correlation
/// TC = Σᵢ H(Xᵢ) − H(X₁, …, X_m) is known.
public protocol TotalCorrelationSampler: Sendable {
  /// An identifier that encodes the parameters.
  var name: String { get }
  /// The true total correlation in nats.
  var totalCorrelation: Double { get }
  /// The dimension of each variable, in order.
  var variableDimensions: [Int] { get }
  /// `count` independent samples, one matrix per variable, reproducible from `seed`.
  func sampleVariables(count: Int, seed: UInt64) -> [Matrix]
}
