/// Every estimator of the toolkit by the name users type: what it estimates, one line on
/// when to use it, and how it is built from `EstimatorSettings`. The command line's
/// `--estimator`, `mi estimators` and the documentation's tables all read this list, so an
/// estimator added here (or a bound added to `NeuralBoundKind.allCases`) appears everywhere.
///
/// ```swift
/// import MutualInformation
///
/// let entry = EstimatorRegistry.entry(named: "ksg")!      // ksg1, by its alias
/// let estimator = entry.makeMutualInformation(EstimatorSettings(k: 5))
/// ```
public enum EstimatorRegistry {
  /// The entries, in the order `mi estimators` lists them: k-NN, discrete, Gaussian, auto, neural.
  public static let entries: [EstimatorEntry] = classical + NeuralBoundKind.allCases.map(EstimatorEntry.neural)

  /// The entry whose name or alias is `name`, nil when there is none.
  public static func entry(named name: String) -> EstimatorEntry? {
    entries.first { $0.name == name || $0.aliases.contains(name) }
  }

  /// The names of the entries that estimate `capability`, comma-separated.
  public static func names(estimating capability: EstimatorEntry.Capabilities) -> String {
    entries.filter { $0.capabilities.contains(capability) }.map(\.name).joined(separator: ", ")
  }

  static let classical: [EstimatorEntry] = [
    EstimatorEntry(
      name: "ksg1", aliases: ["ksg"], family: .nearestNeighbor, reportsProgress: true,
      summary: "KSG algorithm 1 (Kraskov et al. 2004): continuous data, any dimension; lowest variance. With --z: Frenzel–Pompe CMI.",
      mutualInformation: { s in KSGEstimator(algorithm: .first, k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10), progress: s.progress) },
      conditional: { s in FrenzelPompeEstimator(k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10), progress: s.progress) },
      totalCorrelation: { s in KSGEstimator(algorithm: .first, k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10)) }),
    EstimatorEntry(
      name: "ksg2", family: .nearestNeighbor, reportsProgress: true,
      summary: "KSG algorithm 2: continuous data; smaller bias than ksg1 in higher dimensions.",
      mutualInformation: { s in KSGEstimator(algorithm: .second, k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10), progress: s.progress) },
      totalCorrelation: { s in KSGEstimator(algorithm: .second, k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10)) }),
    EstimatorEntry(
      name: "kl", family: .nearestNeighbor,
      summary: "Kozachenko–Leonenko k-NN entropies, I = H(X)+H(Y)−H(X,Y): continuous data; prefer ksg1 for MI.",
      mutualInformation: { s in KozachenkoLeonenkoEstimator(k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10)) },
      entropy: { s in KozachenkoLeonenkoEstimator(k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10)) }),
    EstimatorEntry(
      name: "mixed", family: .nearestNeighbor, defaultNoise: 0,
      summary: "Gao et al. (2017): mixtures of discrete and continuous values, or data with many ties.",
      mutualInformation: { s in MixedKSGEstimator(k: s.k, preprocessing: s.neighborPreprocessing(noise: 0)) }),
    EstimatorEntry(
      name: "ross", family: .nearestNeighbor,
      summary: "Ross (2014): discrete X (class labels) with continuous Y, e.g. feature relevance for a class.",
      mutualInformation: { s in RossEstimator(k: s.k, preprocessing: s.neighborPreprocessing(noise: 1e-10)) }),
    .discrete("plugin", .plugIn, "Discrete plug-in (maximum likelihood): all variables discrete, many samples per cell."),
    .discrete("miller-madow", .millerMadow, "Discrete with Miller–Madow bias correction: all discrete, moderate samples per cell."),
    .discrete(
      "james-stein", .jamesStein, "Discrete with James–Stein shrinkage (Hausser & Strimmer 2009): all discrete, few samples per cell."),
    .discrete("chao-shen", .chaoShen, "Discrete, Chao–Shen coverage-adjusted: all discrete, many unseen symbols."),
    EstimatorEntry(
      name: "gaussian", family: .gaussian,
      summary: "Gaussian log-determinant with bias correction: (nearly) jointly Gaussian data; fast in high dimension.",
      mutualInformation: { s in GaussianEstimator(biasCorrected: s.biasCorrected) },
      conditional: { s in GaussianEstimator(biasCorrected: s.biasCorrected) },
      totalCorrelation: { s in GaussianEstimator(biasCorrected: s.biasCorrected) },
      entropy: { s in GaussianEstimator(biasCorrected: s.biasCorrected) }),
    EstimatorEntry(
      name: "copula", family: .gaussian,
      summary: "Gaussian-copula (Ince et al. 2017): monotone dependence of any marginals; a lower bound, robust and fast.",
      mutualInformation: { s in GaussianCopulaEstimator(biasCorrected: s.biasCorrected) },
      conditional: { s in GaussianCopulaEstimator(biasCorrected: s.biasCorrected) },
      totalCorrelation: { s in GaussianCopulaEstimator(biasCorrected: s.biasCorrected) }),
    EstimatorEntry(
      name: "auto", family: .automatic,
      summary: "Chooses from the data and says why: discrete → miller-madow; labels with continuous → ross; else copula, or ksg1 where it finds more.",
      mutualInformation: { s in AutomaticEstimator(settings: s) }, conditional: { s in AutomaticEstimator(settings: s) },
      totalCorrelation: { s in AutomaticEstimator(settings: s) }),
  ]
}

/// One estimator of the `EstimatorRegistry`.
public struct EstimatorEntry: Sendable, Equatable {
  /// The name users type (`--estimator NAME`).
  public let name: String
  /// Other names accepted for it (`ksg` for `ksg1`).
  public let aliases: [String]
  /// One line: what it is and when to use it.
  public let summary: String
  /// Its family.
  public let family: Family
  /// The default tie-breaking noise of a k-NN estimator (none for `mixed`, whose ties are
  /// information).
  public let defaultNoise: Double
  /// Whether it reports progress through `EstimatorSettings.progress`.
  public let reportsProgress: Bool
  /// The bound of a neural estimator, nil for the classical ones.
  public let neuralBound: NeuralBoundKind?
  private let mutualInformation: @Sendable (EstimatorSettings) -> any MutualInformationEstimator
  private let conditional: (@Sendable (EstimatorSettings) -> any ConditionalMutualInformationEstimator)?
  private let totalCorrelation: (@Sendable (EstimatorSettings) -> any TotalCorrelationEstimator)?
  private let entropy: (@Sendable (EstimatorSettings) -> any EntropyEstimator)?

  /// The families of estimators.
  public enum Family: String, Sendable {
    case nearestNeighbor = "k-NN"
    case discrete
    case gaussian
    case neural
    /// `auto`, which chooses among the others.
    case automatic
  }

  /// What an estimator estimates.
  public struct Capabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// I(X;Y).
    public static let mutualInformation = Capabilities(rawValue: 1)
    /// I(X;Y|Z).
    public static let conditionalMutualInformation = Capabilities(rawValue: 2)
    /// TC(X₁, …, X_m).
    public static let totalCorrelation = Capabilities(rawValue: 4)
    /// H(X).
    public static let entropy = Capabilities(rawValue: 8)
  }

  init(
    name: String, aliases: [String] = [], family: Family, defaultNoise: Double = 1e-10, reportsProgress: Bool = false,
    neuralBound: NeuralBoundKind? = nil, summary: String,
    mutualInformation: @escaping @Sendable (EstimatorSettings) -> any MutualInformationEstimator,
    conditional: (@Sendable (EstimatorSettings) -> any ConditionalMutualInformationEstimator)? = nil,
    totalCorrelation: (@Sendable (EstimatorSettings) -> any TotalCorrelationEstimator)? = nil,
    entropy: (@Sendable (EstimatorSettings) -> any EntropyEstimator)? = nil
  ) {
    self.name = name
    self.aliases = aliases
    self.summary = summary
    self.family = family
    self.defaultNoise = defaultNoise
    self.reportsProgress = reportsProgress
    self.neuralBound = neuralBound
    self.mutualInformation = mutualInformation
    self.conditional = conditional
    self.totalCorrelation = totalCorrelation
    self.entropy = entropy
  }

  /// An all-discrete estimator with its entropy method.
  static func discrete(_ name: String, _ method: DiscreteEntropyMethod, _ summary: String) -> EstimatorEntry {
    EstimatorEntry(
      name: name, family: .discrete, summary: summary, mutualInformation: { _ in DiscreteEstimator(method: method) },
      conditional: { _ in DiscreteEstimator(method: method) }, totalCorrelation: { _ in DiscreteEstimator(method: method) },
      entropy: { _ in DiscreteEstimator(method: method) })
  }

  /// The neural estimator of a bound.
  static func neural(_ bound: NeuralBoundKind) -> EstimatorEntry {
    EstimatorEntry(name: bound.rawValue, family: .neural, neuralBound: bound, summary: bound.summary) { s in
      NeuralEstimator(
        bound: bound, critic: s.critic, preset: s.preset, smileClip: s.clip, alpha: s.alpha, seed: s.seed, entropyOfX: s.entropyOfX,
        entropyEstimator: GaussianReferenceEntropyEstimator(k: 3, referenceSeed: s.seed &+ 4), normalScores: s.normalScores)
    }
  }

  /// What it estimates.
  public var capabilities: Capabilities {
    var result: Capabilities = .mutualInformation
    if conditional != nil { result.insert(.conditionalMutualInformation) }
    if totalCorrelation != nil { result.insert(.totalCorrelation) }
    if entropy != nil { result.insert(.entropy) }
    return result
  }

  /// The estimator of I(X;Y).
  public func makeMutualInformation(_ settings: EstimatorSettings) -> any MutualInformationEstimator { mutualInformation(settings) }
  /// The estimator of I(X;Y|Z), nil when it has none.
  public func makeConditional(_ settings: EstimatorSettings) -> (any ConditionalMutualInformationEstimator)? { conditional?(settings) }
  /// The estimator of the total correlation, nil when it has none.
  public func makeTotalCorrelation(_ settings: EstimatorSettings) -> (any TotalCorrelationEstimator)? { totalCorrelation?(settings) }
  /// The estimator of H(X), nil when it has none.
  public func makeEntropy(_ settings: EstimatorSettings) -> (any EntropyEstimator)? { entropy?(settings) }

  public static func == (a: Self, b: Self) -> Bool { a.name == b.name }
}

extension EstimatorSettings {
  /// The k-NN preprocessing: standardization, and `noise` or the estimator's default noise.
  func neighborPreprocessing(noise defaultNoise: Double) -> NeighborPreprocessing {
    NeighborPreprocessing(standardize: standardize, noise: noise ?? defaultNoise, seed: seed)
  }
}
