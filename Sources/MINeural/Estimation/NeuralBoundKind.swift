import MIEstimation

/// A bound a `NeuralEstimator` can train and report, by its command-line name: its summary,
/// the model it trains, how its variance grows, and how it is built (its direction, layouts,
/// parameters and warnings are the bound type's own).
///
/// Each bound's file declares its kind (`extension NeuralBoundKind { static let … }`) and
/// `allCases` lists them: adding a bound is one file and one line here. The command line,
/// `mi estimators` and the documentation's tables read this list.
public struct NeuralBoundKind: Sendable, Hashable, RawRepresentable, CaseIterable, CustomStringConvertible {
  /// The name users type.
  public let rawValue: String
  /// One line for `mi estimators`: what it is and when to use it.
  public let summary: String
  /// The model the bound trains.
  public let model: NeuralModelFamily
  /// How the variance of its batch estimate grows with the mutual information.
  public let variance: VarianceGrowth
  /// Whether its value is mutual information in nats (a bound or an estimate of it); false
  /// for the Wasserstein dependency and the Jensen–Shannon divergence.
  public let reportsMutualInformation: Bool
  /// Builds the objective for a context and trains it.
  let train: @Sendable (NeuralTrainingContext) throws(EstimationError) -> NeuralEstimator.Result

  /// How a bound's batch variance grows with I.
  public enum VarianceGrowth: String, Sendable {
    /// Like e^I: a mean of exponentiated scores (NWJ, DV, MINE, JS's reported NWJ, TUBA).
    case exponential
    /// Low at high I (InfoNCE's log-softmax, SMILE's clipping).
    case steady
    /// Neither (density bounds, the Wasserstein dependency, interpolations).
    case other
  }

  /// A kind; `train` builds the bound's objective through the context and trains it.
  init(
    name: String, summary: String, model: NeuralModelFamily = .critic, variance: VarianceGrowth = .other,
    reportsMutualInformation: Bool = true, train: @escaping @Sendable (NeuralTrainingContext) throws(EstimationError) -> NeuralEstimator.Result
  ) {
    rawValue = name
    self.summary = summary
    self.model = model
    self.variance = variance
    self.reportsMutualInformation = reportsMutualInformation
    self.train = train
  }

  /// The registered kind named `rawValue`, nil for an unknown name.
  public init?(rawValue: String) {
    guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = kind
  }

  public static func == (a: Self, b: Self) -> Bool { a.rawValue == b.rawValue }
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
  public var description: String { rawValue }

  /// Every bound, in the order the command line lists them.
  public static let allCases: [NeuralBoundKind] = [
    .infonce, .nwj, .dv, .mine, .js, .smile, .tuba, .wdm, .ba, .club, .l1out, .alphaInfonce, .jsd,
  ]
}

/// The model a neural bound trains.
public enum NeuralModelFamily: Sendable, Equatable {
  /// A critic f(x, y) of the estimator's `CriticKind`.
  case critic
  /// A Gaussian conditional density: q(y|x) (`predictsX` false) or a decoder q(x|y).
  case conditionalDensity(predictsX: Bool)
}

/// The critic families a `NeuralEstimator` can train (density bounds always use a
/// `GaussianConditional`).
public enum CriticKind: String, CaseIterable, Sendable {
  /// g(x)ᵀh(y): `SeparableCritic`.
  case separable
  /// g(x)ᵀWh(y): `BilinearCritic`.
  case bilinear
  /// MLP([x, y]) on all pairs: `JointCritic`.
  case joint
}
