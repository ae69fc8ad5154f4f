import MIEstimation
import MINumerics
import MITensor
import _Differentiation

/// An estimate of I(U; V) between two batches of a model's variables (a representation and
/// an attribute, or two parts of a representation) that carries its own learned model (a
/// conditional density, a critic, a classifier) and fits it on frozen samples: the piece a
/// min–max objective puts in an encoder's loss, minimized to remove information (a
/// penalty: CLUB, an adversary) or maximized to keep it (a backward network: Barber–Agakov).
///
/// A training step of an objective that holds a term calls `fit(u, v)` on the encoder's
/// current, frozen outputs (the inner player), then differentiates `estimate(u, v)` through
/// the encoder (the outer player). Implementations: `ConditionalDensityTerm` (CLUB, L1Out or
/// Barber–Agakov on a fitted Gaussian q(v|u)), `CriticTerm` (any critic and score bound of
/// `MINeural`: an MI critic as the adversary) and `ClassifierTerm` (a classifier of a
/// discrete v: the adversary of Ganin & Lempitsky, read as the bound H(V) − CE).
public protocol InformationTerm {
  /// A short name for reports ("club", "critic infonce", "classifier").
  var name: String { get }
  /// What `fit` minimizes, for the error when it diverges.
  var fitDescription: String { get }
  /// Settings recorded in reports.
  var parameters: [Parameter] { get }

  /// Fits the term's own model on the frozen batch (its configured number of steps) and
  /// returns the last fitting loss; a non-finite loss stops the objective that called it.
  mutating func fit(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double

  /// The estimate of I(U; V) on the batch at the current model, differentiable in u and v:
  /// what the encoder minimizes (or maximizes).
  @differentiable(reverse, wrt: (u, v))
  func estimate(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Tensor<Float>

  /// The estimate's value in nats (for reports), which may differ from `estimate` where
  /// the method says so. The default is `estimate`'s value.
  func value(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double
}

extension InformationTerm {
  public var parameters: [Parameter] { [] }
  public func value(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double { Double(estimate(u, v).scalar) }
}

/// Checks shared by the terms' initializers.
enum InformationTermCheck {
  /// Throws unless `steps` ≥ 1.
  static func steps(_ steps: Int, _ owner: String) throws(EstimationError) {
    guard steps >= 1 else {
      throw .invalidParameter(name: "steps", value: "\(steps)", reason: "\(owner): its model needs at least 1 fitting step per encoder step")
    }
  }

  /// Stops unless u and v have the same number of rows.
  static func rows(_ u: Tensor<Float>, _ v: Tensor<Float>, _ owner: String) {
    guard u.rank == 2, v.rank == 2, u.shape[0] == v.shape[0] else {
      ContractViolation.trap("\(owner): u and v must be matrices with one row per sample, got shapes \(u.shape) and \(v.shape)")
    }
  }
}
