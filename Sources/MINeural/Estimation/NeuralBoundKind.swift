/// The bounds a `NeuralEstimator` can train and report, by their command-line names.
public enum NeuralBoundKind: String, CaseIterable, Sendable {
  case infonce
  case nwj
  case dv
  case mine
  case js
  case smile
  case tuba
  case alphaInfonce = "alpha-infonce"
  case wdm
  case ba
  case club
  case l1out

  /// Whether the bound lies below (lower) or above (upper) the mutual information.
  public var direction: BoundDirection {
    switch self {
    case .club, .l1out: .upper
    default: .lower
    }
  }
}

/// The critic families a `NeuralEstimator` can train (upper bounds always use a
/// `GaussianConditional`).
public enum CriticKind: String, CaseIterable, Sendable {
  /// g(x)ᵀh(y): `SeparableCritic`.
  case separable
  /// g(x)ᵀWh(y): `BilinearCritic`.
  case bilinear
  /// MLP([x, y]) on all pairs: `JointCritic`.
  case joint
}
