import Foundation
import MIDiscrete
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// The variational lower bound on n-step empowerment (Mohamed & Rezende 2015; the bound
/// InfoPower, SLIM and MASD turn into a reward) with a source policy ω(a | s) over the
/// sequences a of n actions and an inverse model q(a | s, s′):
///
///     E_n(s) = max_ω I(A; S′ | s) ≥ I_ω(A; S′ | s) ≥ E_{ω(a|s) P(s′|s,a)}[log q(a | s, s′) − log ω(a | s)],
///
/// the first gap closing when ω achieves the channel's capacity, the second when q is ω's
/// posterior ω(a | s) P(s′ | s, a) / P_ω(s′ | s) (Barber & Agakov 2003).
///
/// `step` ascends the bound in both networks at once on a batch of states. It enumerates the
/// `actionCount`ⁿ sequences, so the expectation over ω is exact and the source's gradient
/// needs no score-function estimator, and draws one final state s′ per (state, sequence)
/// from the environment: the gradient is unbiased, and q is fitted by ω-weighted maximum
/// likelihood. `evaluation(at:)` measures the result exactly, independently of the trained
/// objective: the bound as an exact expectation, I_ω(A; S′ | s) of the learned source on the
/// action-sequence channel, and the empowerment by Blahut–Arimoto.
///
/// The networks see one-hot codes: the source maps a state (S columns) to one logit per
/// sequence (M = actionCountⁿ), the inverse model a state and a final state (2S columns, the
/// start first) to M logits. Sequence i takes the actions that are the base-`actionCount`
/// digits of i, the first action most significant (as `actionSequenceChannel`).
public struct VariationalEmpowerment<Source: Layer, Inverse: Layer> where Source.Scalar == Float, Inverse.Scalar == Float {
  /// What `evaluation(at:)` measures at a state, in nats.
  public struct Evaluation: Sendable, Equatable {
    /// E_{ω P}[log q(a | s, s′) − log ω(a | s)], the bound as an exact expectation.
    public var bound: Double
    /// I_ω(A; S′ | s), the information the learned source transmits (exact).
    public var sourceInformation: Double
    /// E_n(s), the empowerment (Blahut–Arimoto to 10⁻⁹).
    public var empowerment: Double
  }

  /// ω: a state's one-hot code → M logits.
  public var source: Source
  /// q: a state's and a final state's one-hot codes → M logits.
  public var inverse: Inverse
  /// Updates the source.
  public var sourceOptimizer: Adam<Float>
  /// Updates the inverse model.
  public var inverseOptimizer: Adam<Float>
  /// The world the sequences are taken in.
  public let environment: any DiscreteEnvironment
  /// n, the actions per sequence.
  public let steps: Int
  /// M = actionCountⁿ, the number of sequences.
  public let sequenceCount: Int
  private let sampler: TransitionSampler

  /// Creates the learner for n = `steps` actions in `environment`.
  ///
  /// - Throws: for `steps` outside 1…8 or more than 2¹⁶ sequences, or networks whose
  ///   outputs are not M logits (each is probed on one state). A network that takes the
  ///   wrong number of inputs is a programming error and stops with the layer's shape
  ///   message.
  public init(
    environment: any DiscreteEnvironment, steps: Int, source: Source, inverse: Inverse,
    sourceOptimizer: Adam<Float>, inverseOptimizer: Adam<Float>
  ) throws(EstimationError) {
    guard steps >= 1, steps <= 8 else {
      throw .invalidParameter(name: "steps", value: "\(steps)", reason: "VariationalEmpowerment: must lie in 1…8")
    }
    let count = Int(pow(Double(environment.actionCount), Double(steps)))
    guard environment.actionCount >= 1, count <= 1 << 16 else {
      throw .invalidParameter(
        name: "steps", value: "\(steps)",
        reason: "VariationalEmpowerment: \(environment.actionCount) actions give \(count) sequences, more than 2¹⁶ logits; use fewer steps")
    }
    (self.environment, self.steps, self.sequenceCount) = (environment, steps, count)
    (self.source, self.inverse) = (source, inverse)
    (self.sourceOptimizer, self.inverseOptimizer) = (sourceOptimizer, inverseOptimizer)
    sampler = TransitionSampler(environment)
    let s = environment.stateCount
    let probes = [("source", source(OneHotRows.make([([0], s)])).shape), ("inverse", inverse(OneHotRows.make([([0], s), ([0], s)])).shape)]
    for (name, shape) in probes where shape != [1, count] {
      throw .invalidParameter(
        name: name, value: "output shape \(shape) for one state",
        reason: "VariationalEmpowerment: needs one logit per sequence, 1×\(count) (\(environment.actionCount)^\(steps))")
    }
  }

  /// E[log q(a | s, s′) − log ω(a | s)] averaged over the B states of a batch, from the B×M
  /// source logits and the (B·M·D)×M inverse-model logits whose row (b·M + a)·D + d scores
  /// the d-th of D final states drawn for sequence a from state b; `selection` is the
  /// (B·M·D)×M constant that is 1 at column a of those rows.
  @differentiable(reverse, wrt: (sourceLogits, inverseLogits))
  public static func bound<Scalar: TensorScalar>(
    sourceLogits: Tensor<Scalar>, inverseLogits: Tensor<Scalar>, selection: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let (b, m) = (withoutDerivative(at: sourceLogits.shape[0]), withoutDerivative(at: sourceLogits.shape[1]))
    let draws = withoutDerivative(at: inverseLogits.shape[0] / (b * m))
    let logOmega = sourceLogits.logSoftmax(alongAxis: 1)
    let logQ = (inverseLogits.logSoftmax(alongAxis: 1) * selection).sum(alongAxis: 1).reshaped(to: [b * m, draws])
      .mean(alongAxis: 1).reshaped(to: [b, m])
    return (logOmega.exp() * (logQ - logOmega)).sum() / Scalar(b)
  }

  /// One ascent step of both networks on the bound at `states`, with `draws` final states
  /// drawn for every state and sequence (more draws, less noise in log q); returns the
  /// batch's bound in nats.
  public mutating func step(states: [Int], draws: Int = 1, using generator: inout SeededGenerator) -> Double {
    let (s, m) = (environment.stateCount, sequenceCount)
    for state in states where !(0..<s ~= state) {
      ContractViolation.trap("VariationalEmpowerment.step: state \(state) outside 0..<\(s)")
    }
    guard draws >= 1 else { ContractViolation.trap("VariationalEmpowerment.step: draws must be at least 1, got \(draws)") }
    var starts: [Int] = [], finals: [Int] = [], sequences: [Int] = []
    for state in states {
      for sequence in 0..<m {
        for _ in 0..<draws {
          starts.append(state)
          sequences.append(sequence)
          finals.append(finalState(from: state, sequence: sequence, using: &generator))
        }
      }
    }
    let sourceInput = OneHotRows.make([(states, s)])
    let inverseInput = OneHotRows.make([(starts, s), (finals, s)])
    let selection = OneHotRows.make([(sequences, m)])
    let (value, (dSource, dInverse)) = valueWithGradient(at: source, inverse) { omega, q in
      -Self.bound(sourceLogits: omega(sourceInput), inverseLogits: q(inverseInput), selection: selection)
    }
    guard value.scalar.isFinite else { return Double(-value.scalar) }
    sourceOptimizer.update(&source, along: dSource)
    inverseOptimizer.update(&inverse, along: dInverse)
    return Double(-value.scalar)
  }

  /// ω(· | `state`), the learned source's distribution over the M sequences.
  public func sourceDistribution(at state: Int) -> [Double] {
    let logits = source(OneHotRows.make([([state], environment.stateCount)])).logSoftmax(alongAxis: 1)
    return logits.withUnsafeScalars { $0.map { Foundation.exp(Double($0)) } }
  }

  /// The bound, the learned source's information and the empowerment at `state`, exactly.
  ///
  /// - Throws: for a state outside 0..<stateCount.
  public func evaluation(at state: Int) throws(DiscreteDistributionError) -> Evaluation {
    let channel = try environment.actionSequenceChannel(from: state, steps: steps)
    let s = environment.stateCount
    let omega = sourceDistribution(at: state)
    // log q(a | s, s′) for every final state s′ (rows) and sequence a (columns).
    let logQ = inverse(OneHotRows.make([(Array(repeating: state, count: s), s), (Array(0..<s), s)])).logSoftmax(alongAxis: 1)
    var bound = 0.0
    logQ.withUnsafeScalars { logQ in
      for a in 0..<sequenceCount where omega[a] > 0 {
        var expected = 0.0
        for final in 0..<s {
          let p = channel.probability(of: final, given: a)
          if p > 0 { expected += p * Double(logQ[final * sequenceCount + a]) }
        }
        bound += omega[a] * (expected - Foundation.log(omega[a]))
      }
    }
    let empowerment = try ChannelCapacity().capacity(of: channel).capacity
    return Evaluation(bound: bound, sourceInformation: channel.mutualInformation(input: omega), empowerment: empowerment)
  }

  /// The state after taking the actions of `sequence` from `state`, drawn from the world.
  func finalState(from state: Int, sequence: Int, using generator: inout SeededGenerator) -> Int {
    var (current, divisor) = (state, sequenceCount)
    for _ in 0..<steps {
      divisor /= sampler.actionCount
      current = sampler.next(from: current, taking: (sequence / divisor) % sampler.actionCount, using: &generator)
    }
    return current
  }
}
