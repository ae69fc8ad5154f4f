import ArgumentParser
import MutualInformation

/// The estimators the command line offers, by the names users type.
public enum EstimatorName: String, CaseIterable, Sendable, ExpressibleByArgument {
  case ksg1, ksg2, kl, mixed, ross, plugin
  case millerMadow = "miller-madow"
  case jamesStein = "james-stein"
  case chaoShen = "chao-shen"
  case gaussian, copula
  case infonce, nwj, dv, mine, js, smile, tuba, wdm, ba, club, l1out
  case alphaInfonce = "alpha-infonce"

  /// One line for `mi estimators`: what it is and when to use it.
  public var summary: String {
    switch self {
    case .ksg1: return "KSG algorithm 1 (Kraskov et al. 2004): continuous data, any dimension; lowest variance. With --z: Frenzel–Pompe CMI."
    case .ksg2: return "KSG algorithm 2: continuous data; smaller bias than ksg1 in higher dimensions."
    case .kl: return "Kozachenko–Leonenko k-NN entropies, I = H(X)+H(Y)−H(X,Y): continuous data; prefer ksg1 for MI."
    case .mixed: return "Gao et al. (2017): mixtures of discrete and continuous values, or data with many ties."
    case .ross: return "Ross (2014): discrete X (class labels) with continuous Y, e.g. feature relevance for a class."
    case .plugin: return "Discrete plug-in (maximum likelihood): all variables discrete, many samples per cell."
    case .millerMadow: return "Discrete with Miller–Madow bias correction: all discrete, moderate samples per cell."
    case .jamesStein: return "Discrete with James–Stein shrinkage (Hausser & Strimmer 2009): all discrete, few samples per cell."
    case .chaoShen: return "Discrete, Chao–Shen coverage-adjusted: all discrete, many unseen symbols."
    case .gaussian: return "Gaussian log-determinant with bias correction: (nearly) jointly Gaussian data; fast in high dimension."
    case .copula: return "Gaussian-copula (Ince et al. 2017): monotone dependence of any marginals; a lower bound, robust and fast."
    case .infonce: return "Neural: InfoNCE lower bound (Oord et al. 2018); low variance, capped at log(batch size)."
    case .nwj: return "Neural: NWJ lower bound (Nguyen et al. 2010); unbiased per batch, high variance at high MI."
    case .dv: return "Neural: Donsker–Varadhan lower bound; shift-invariant, biased by the log of a batch mean."
    case .mine: return "Neural: MINE (Belghazi et al. 2018), DV with the moving-average gradient correction."
    case .js: return "Neural: trains with Jensen–Shannon (Deep InfoMax), reports NWJ; stable training."
    case .smile: return "Neural: SMILE (Song & Ermon 2020), JS training, DV value with scores clipped at --clip."
    case .tuba: return "Neural: TUBA with a learned baseline (Poole et al. 2019); NWJ with less variance."
    case .alphaInfonce: return "Neural: interpolated InfoNCE/TUBA bound I_α (Poole et al. 2019) with a learned baseline; --alpha."
    case .wdm: return "Neural: Wasserstein dependency measure (Ozair et al. 2019), Lipschitz critic; not in nats."
    case .ba: return "Neural: Barber–Agakov bound H(X) + E log q(x|y), Gaussian decoder, H(X) by Kozachenko–Leonenko."
    case .club: return "Neural: CLUB upper bound (Cheng et al. 2020) with a Gaussian q(y|x) fitted by likelihood."
    case .l1out: return "Neural: L1Out leave-one-out upper bound (Poole et al. 2019) with a fitted Gaussian q(y|x)."
    }
  }

  /// The bound trained by a neural estimator, nil for the classical ones.
  var neuralBound: NeuralBoundKind? { NeuralBoundKind(rawValue: rawValue) }

  var discreteMethod: DiscreteEntropyMethod? {
    switch self {
    case .plugin: return .plugIn
    case .millerMadow: return .millerMadow
    case .jamesStein: return .jamesStein
    case .chaoShen: return .chaoShen
    default: return nil
    }
  }

  /// The settings shared by all estimators.
  struct Settings {
    var k: Int = 3
    var standardize: Bool = true
    /// Tie-breaking noise; `nil` takes the estimator's default.
    var noise: Double? = nil
    var seed: UInt64 = 0
    var biasCorrected: Bool = true
    /// Progress of k-NN estimates that report it (ksg1, ksg2, ksg1 with --z).
    var progress: ProgressHandler? = nil
    /// Budget and architecture of the neural estimators.
    var preset = NeuralPreset()
    /// The critic of the neural lower bounds.
    var critic: CriticKind = .separable
    /// SMILE's τ.
    var clip: Double = 5
    /// α of alpha-infonce.
    var alpha: Double = 0.01
    /// H(X) in nats for ba, when known.
    var entropyOfX: Double? = nil
  }

  /// The neural estimator for these settings.
  func neural(_ s: Settings) -> NeuralEstimator? {
    guard let bound = neuralBound else { return nil }
    return NeuralEstimator(bound: bound, critic: s.critic, preset: s.preset, smileClip: s.clip, alpha: s.alpha, seed: s.seed,
                           entropyOfX: s.entropyOfX)
  }

  /// Whether the estimator reports progress through ``Settings/progress``.
  var reportsProgress: Bool { self == .ksg1 || self == .ksg2 }

  /// The default tie-breaking noise: none for `mixed`, whose ties are information.
  var defaultNoise: Double { self == .mixed ? 0 : 1e-10 }

  func preprocessing(_ s: Settings) -> NeighborPreprocessing {
    NeighborPreprocessing(standardize: s.standardize, noise: s.noise ?? defaultNoise, seed: s.seed)
  }

  func mutualInformation(_ s: Settings) -> any MutualInformationEstimator {
    if let method = discreteMethod { return DiscreteEstimator(method: method) }
    if let neural = neural(s) { return neural }
    switch self {
    case .ksg1: return KSGEstimator(algorithm: .first, k: s.k, preprocessing: preprocessing(s), progress: s.progress)
    case .ksg2: return KSGEstimator(algorithm: .second, k: s.k, preprocessing: preprocessing(s), progress: s.progress)
    case .kl: return KozachenkoLeonenkoEstimator(k: s.k, preprocessing: preprocessing(s))
    case .mixed: return MixedKSGEstimator(k: s.k, preprocessing: preprocessing(s))
    case .ross: return RossEstimator(k: s.k, preprocessing: preprocessing(s))
    case .gaussian: return GaussianEstimator(biasCorrected: s.biasCorrected)
    default: return GaussianCopulaEstimator(biasCorrected: s.biasCorrected)
    }
  }

  func conditional(_ s: Settings) -> (any ConditionalMutualInformationEstimator)? {
    if let method = discreteMethod { return DiscreteEstimator(method: method) }
    switch self {
    case .ksg1: return FrenzelPompeEstimator(k: s.k, preprocessing: preprocessing(s), progress: s.progress)
    case .gaussian: return GaussianEstimator(biasCorrected: s.biasCorrected)
    case .copula: return GaussianCopulaEstimator(biasCorrected: s.biasCorrected)
    default: return nil
    }
  }

  func totalCorrelation(_ s: Settings) -> (any TotalCorrelationEstimator)? {
    if let method = discreteMethod { return DiscreteEstimator(method: method) }
    switch self {
    case .ksg1: return KSGEstimator(algorithm: .first, k: s.k, preprocessing: preprocessing(s))
    case .ksg2: return KSGEstimator(algorithm: .second, k: s.k, preprocessing: preprocessing(s))
    case .gaussian: return GaussianEstimator(biasCorrected: s.biasCorrected)
    case .copula: return GaussianCopulaEstimator(biasCorrected: s.biasCorrected)
    default: return nil
    }
  }

  func entropy(_ s: Settings) -> (any EntropyEstimator)? {
    if let method = discreteMethod { return DiscreteEstimator(method: method) }
    switch self {
    case .kl: return KozachenkoLeonenkoEstimator(k: s.k, preprocessing: preprocessing(s))
    case .gaussian: return GaussianEstimator(biasCorrected: s.biasCorrected)
    default: return nil
    }
  }

  static func names(where include: (EstimatorName) -> Bool) -> String {
    allCases.filter(include).map(\.rawValue).joined(separator: ", ")
  }
}
