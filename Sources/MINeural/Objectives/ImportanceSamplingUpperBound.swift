import Foundation
import MIEstimation
import MINumerics
import MITensor
import _Differentiation

/// An upper bound on I(S; A) for a discrete attribute A (IS-UB; the catalog's "Fairness in
/// text generation via MI minimization with importance sampling"): with p(a|s) from a
/// classifier and a proposal r(a) for the marginal (corpus statistics),
///
///     I(S; A) = E_s KL(p(a|s) ‖ p(a)) ≤ E_s KL(p(a|s) ‖ r(a)) = E_s Σ_a p(a|s) log(p(a|s) / r(a)),
///
/// in nats, because E_s KL(p(a|s) ‖ r) = I(S; A) + KL(p(a) ‖ r) for any r with r(a) > 0 where
/// p(a) > 0. The expectation over s is the mean over a batch of samples s ~ p(s) (generated
/// sentences, representations), so the estimate is unbiased for the bound.
///
/// - Bias: above I(S; A) by exactly KL(p(a) ‖ r): zero when the proposal is the true
///   marginal of A under the model's samples.
/// - Ceiling: none from the bound itself; max_a log(1/r(a)).
/// - As a loss: differentiable in the classifier's logits (and through them in whatever made
///   s), so a generator minimizes it to remove what s says about A.
public struct ImportanceSamplingUpperBound<Scalar: TensorScalar>: Sendable {
  /// r(a), a distribution over the A attribute values.
  public let proposal: [Double]

  /// Creates the bound; `proposal` must be a distribution: finite entries ≥ 0 summing to 1
  /// (within 10⁻⁶), at least two values.
  public init(proposal: [Double]) throws(EstimationError) {
    guard proposal.count >= 2 else {
      throw .invalidParameter(name: "proposal", value: "\(proposal)", reason: "IS-UB: the attribute needs at least two values")
    }
    if let bad = proposal.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
      throw .invalidParameter(name: "proposal", value: "\(proposal[bad])", reason: "IS-UB: r(a) at a = \(bad) is not a finite number ≥ 0")
    }
    let total = proposal.reduce(0, +)
    guard abs(total - 1) <= 1e-6 else {
      throw .invalidParameter(name: "proposal", value: "\(proposal)", reason: "IS-UB: the proposal sums to \(total), not 1")
    }
    self.proposal = proposal
  }

  /// The proposal from attribute counts in a corpus, (nₐ + smoothing) / (n + A·smoothing):
  /// add-one smoothing by default, so no value seen zero times gets zero mass.
  public static func proposal(counts: [Int], smoothing: Double = 1) throws(EstimationError) -> [Double] {
    guard counts.count >= 2, counts.allSatisfy({ $0 >= 0 }), smoothing >= 0, smoothing.isFinite else {
      throw .invalidParameter(
        name: "counts", value: "\(counts)", reason: "IS-UB: needs counts ≥ 0 of at least two attribute values and a smoothing ≥ 0")
    }
    let total = Double(counts.reduce(0, +)) + smoothing * Double(counts.count)
    guard total > 0 else { throw .invalidParameter(name: "counts", value: "\(counts)", reason: "IS-UB: no counts and no smoothing") }
    return counts.map { (Double($0) + smoothing) / total }
  }

  /// The bound from a classifier's K×A logits of p(a | sᵢ) for K samples sᵢ ~ p(s):
  /// (1/K) Σᵢ Σ_a p_ia (log p_ia − log r_a). Every r(a) must be positive (a softmax gives
  /// every value some mass).
  @differentiable(reverse)
  public func objective(_ logits: Tensor<Scalar>) -> Tensor<Scalar> {
    let (k, logProposal) = check(withoutDerivative(at: logits))
    let logP = logits.logSoftmax(alongAxis: 1)
    return (logP.exp() * (logP - logProposal)).sum() / Scalar(k)
  }

  /// `objective(_:)` as a number.
  public func value(_ logits: Tensor<Scalar>) -> Double { Double(objective(logits).scalar) }

  /// The bound from known conditionals: `probabilities[i]` is p(a | sᵢ) for a sample sᵢ.
  /// Zero entries are allowed; a zero r(a) where some p(a | sᵢ) > 0 makes the bound infinite
  /// and is refused with the sample and the value.
  public func value(probabilities: [[Double]]) throws(EstimationError) -> Double {
    guard !probabilities.isEmpty else { throw .invalidParameter(name: "probabilities", value: "[]", reason: "IS-UB: no samples") }
    var total = 0.0
    for (i, row) in probabilities.enumerated() {
      guard row.count == proposal.count else {
        throw .invalidParameter(
          name: "probabilities", value: "row \(i)", reason: "IS-UB: \(row.count) probabilities for \(proposal.count) attribute values")
      }
      let sum = row.reduce(0, +)
      guard row.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(sum - 1) <= 1e-6 else {
        throw .invalidParameter(name: "probabilities", value: "row \(i)", reason: "IS-UB: p(a | s) of sample \(i) is not a distribution (sums to \(sum))")
      }
      for (a, p) in row.enumerated() where p > 0 {
        guard proposal[a] > 0 else {
          throw .invalidParameter(
            name: "proposal", value: "r(\(a)) = 0",
            reason: "IS-UB: the proposal has zero mass at a = \(a) where p(a | s) = \(p) for sample \(i): the bound is infinite")
        }
        total += p * (log(p) - log(proposal[a]))
      }
    }
    return total / Double(probabilities.count)
  }

  /// Checks the logits against the proposal; returns K and log r as a 1×A row.
  func check(_ logits: Tensor<Scalar>) -> (Int, Tensor<Scalar>) {
    guard logits.rank == 2, logits.shape[0] >= 1, logits.shape[1] == proposal.count else {
      ContractViolation.trap("IS-UB: needs K×\(proposal.count) logits (one column per attribute value of the proposal), got shape \(logits.shape)")
    }
    if let zero = proposal.firstIndex(of: 0) {
      ContractViolation.trap("IS-UB: the proposal has zero mass at a = \(zero), where a classifier's softmax gives p(a | s) > 0: the bound is infinite")
    }
    return (logits.shape[0], Tensor(shape: [1, proposal.count], scalars: proposal.map { Scalar(log($0)) }))
  }
}
