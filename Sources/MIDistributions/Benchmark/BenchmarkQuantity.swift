/// What a benchmark task's truth is the value of.
public enum BenchmarkQuantity: String, Sendable, CaseIterable {
  /// I(X;Y).
  case mutualInformation = "mi"
  /// I(X;Y|Z).
  case conditionalMutualInformation = "cmi"
  /// The total correlation Σᵢ H(Xᵢ) − H(X₁, …, X_m).
  case totalCorrelation = "tc"

  /// The quantity in symbols: "I(X;Y)", "I(X;Y|Z)", "TC".
  public var symbol: String {
    switch self {
    case .mutualInformation: "I(X;Y)"
    case .conditionalMutualInformation: "I(X;Y|Z)"
    case .totalCorrelation: "TC"
    }
  }
}
