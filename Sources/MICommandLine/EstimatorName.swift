import ArgumentParser
import MutualInformation

/// `--estimator NAME`: an entry of the library's `EstimatorRegistry`, by its name or an
/// alias (`ksg` for `ksg1`). The accepted names, `mi estimators` and the errors that list
/// the estimators able to do something all come from the registry.
public struct EstimatorName: Sendable, Equatable, ExpressibleByArgument, CustomStringConvertible {
  /// The registry entry.
  public let entry: EstimatorEntry

  /// The estimator named (or aliased) `name`, nil when the registry has none.
  public init?(rawValue name: String) {
    guard let entry = EstimatorRegistry.entry(named: name) else { return nil }
    self.entry = entry
  }

  public init?(argument: String) { self.init(rawValue: argument) }

  /// The canonical name.
  public var rawValue: String { entry.name }
  public var description: String { entry.name }
  public var defaultValueDescription: String { entry.name }

  /// Every estimator, in the registry's order.
  public static var allCases: [EstimatorName] { EstimatorRegistry.entries.map { EstimatorName(rawValue: $0.name)! } }
  public static var allValueStrings: [String] { EstimatorRegistry.entries.map(\.name) }

  /// The named estimator; only for names the registry is known to hold.
  static func named(_ name: String) -> EstimatorName {
    guard let found = EstimatorName(rawValue: name) else { ContractViolation.trap("EstimatorName: no estimator named \(name)") }
    return found
  }

  static let ksg1 = named("ksg1"), ksg2 = named("ksg2"), kl = named("kl"), mixed = named("mixed"), ross = named("ross")
  static let plugin = named("plugin"), millerMadow = named("miller-madow"), jamesStein = named("james-stein")
  static let chaoShen = named("chao-shen"), gaussian = named("gaussian"), copula = named("copula")
  static let infonce = named("infonce"), smile = named("smile"), club = named("club"), ba = named("ba")

  /// The settings shared by all estimators.
  typealias Settings = EstimatorSettings

  /// One line for `mi estimators`.
  public var summary: String { entry.summary }
  /// The bound trained by a neural estimator, nil for the classical ones.
  var neuralBound: NeuralBoundKind? { entry.neuralBound }
  /// Whether the estimator reports progress through ``Settings/progress``.
  var reportsProgress: Bool { entry.reportsProgress }

  func mutualInformation(_ s: Settings) -> any MutualInformationEstimator { entry.makeMutualInformation(s) }
  func conditional(_ s: Settings) -> (any ConditionalMutualInformationEstimator)? { entry.makeConditional(s) }
  func totalCorrelation(_ s: Settings) -> (any TotalCorrelationEstimator)? { entry.makeTotalCorrelation(s) }
  func entropy(_ s: Settings) -> (any EntropyEstimator)? { entry.makeEntropy(s) }

  static func names(where include: (EstimatorName) -> Bool) -> String {
    allCases.filter(include).map(\.rawValue).joined(separator: ", ")
  }
}
