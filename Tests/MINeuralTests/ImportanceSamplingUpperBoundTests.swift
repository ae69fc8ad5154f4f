import Foundation
import MIEstimation
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// IS-UB on a discrete S whose p(a|s) is known: the bound equals I(S; A) + KL(p(a) ‖ r)
/// exactly (so the true marginal gives the exact MI), a corpus proposal stays above the MI,
/// the batch estimate from a classifier's logits matches the exact bound, its gradient is
/// checked in Double, and bad proposals are refused with the value and where it is.
@Suite struct ImportanceSamplingUpperBoundTests {
  /// S uniform on 4 values, A with 3 values.
  static let conditional: [[Double]] = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5]]
  static let marginal: [Double] = (0..<3).map { a in conditional.reduce(0) { $0 + $1[a] } / 4 }

  static func mutualInformation() -> Double {
    conditional.reduce(0) { total, row in total + (0..<3).reduce(0) { $0 + row[$1] * log(row[$1] / marginal[$1]) } } / 4
  }

  @Test func exactBoundIsTheMIPlusTheProposalsKL() throws {
    let truth = Self.mutualInformation()
    let atMarginal = try ImportanceSamplingUpperBound<Double>(proposal: Self.marginal).value(probabilities: Self.conditional)
    #expect(abs(atMarginal - truth) < 1e-12)
    let proposal = [0.4, 0.35, 0.25]
    let bound = try ImportanceSamplingUpperBound<Double>(proposal: proposal).value(probabilities: Self.conditional)
    let kl = (0..<3).reduce(0.0) { $0 + Self.marginal[$1] * log(Self.marginal[$1] / proposal[$1]) }
    #expect(abs(bound - (truth + kl)) < 1e-12 && bound > truth)
  }

  /// Samples of S, a corpus of (s, a) pairs for the proposal, and the classifier's logits
  /// log p(a|s): the batch estimate lands within Monte Carlo error of the exact bound, which
  /// lies above the true MI.
  @Test func batchEstimateFromLogitsAndACorpusProposal() throws {
    var generator = SeededGenerator(seed: 81)
    var counts = [0, 0, 0], logits = [Double](), rows = [[Double]]()
    for _ in 0..<4000 {
      let s = generator.integer(below: 4)
      var u = generator.uniform(), a = 0
      while a < 2 && u > Self.conditional[s][a] { u -= Self.conditional[s][a]; a += 1 }
      counts[a] += 1
      logits += Self.conditional[s].map { log($0) }
      rows.append(Self.conditional[s])
    }
    let proposal = try ImportanceSamplingUpperBound<Double>.proposal(counts: counts)
    let bound = try ImportanceSamplingUpperBound<Double>(proposal: proposal)
    let estimate = bound.value(Tensor(shape: [4000, 3], scalars: logits))
    #expect(abs(estimate - (try bound.value(probabilities: rows))) < 1e-9)
    let exact = try bound.value(probabilities: Self.conditional)
    #expect(abs(estimate - exact) < 0.02, "batch \(estimate) vs exact \(exact)")
    // The bound itself lies above the MI; the batch estimate of it may fall below by its own
    // Monte Carlo error (4000 samples of s).
    #expect(exact >= Self.mutualInformation())
  }

  @Test func gradientInTheLogits() throws {
    let bound = try ImportanceSamplingUpperBound<Double>(proposal: [0.5, 0.3, 0.2])
    checkGradient(of: { bound.objective($0) }, at: randomTensor([5, 3], seed: 82))
  }

  @Test func badProposalsAreRefused() throws {
    #expect(throws: EstimationError.self) { try ImportanceSamplingUpperBound<Double>(proposal: [0.5, 0.6]) }
    #expect(throws: EstimationError.self) { try ImportanceSamplingUpperBound<Double>(proposal: [1.2, -0.2]) }
    #expect(throws: EstimationError.self) { try ImportanceSamplingUpperBound<Double>(proposal: [1]) }
    let zero = try ImportanceSamplingUpperBound<Double>(proposal: [0.5, 0.5, 0])
    #expect(throws: EstimationError.self) { try zero.value(probabilities: [[0.2, 0.3, 0.5]]) }
    #expect((try? zero.value(probabilities: [[0.5, 0.5, 0]])) == 0)
    do {
      _ = try zero.value(probabilities: [[0.5, 0.5, 0], [0.2, 0.3, 0.5]])
      Issue.record("a zero proposal where p > 0 was accepted")
    } catch {
      #expect("\(error)".contains("zero mass at a = 2 where p(a | s) = 0.5 for sample 1"), "\(error)")
    }
  }

  @Test func logitsAgainstAZeroProposalStop() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = try ImportanceSamplingUpperBound<Float>(proposal: [0.5, 0.5, 0]).objective(Tensor(zeros: [2, 3]))
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("IS-UB: the proposal has zero mass at a = 2"), "\(text)")
  }
}
