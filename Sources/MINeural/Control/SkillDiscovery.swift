import Foundation
import MIDiscrete
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Unsupervised skill discovery (Gregor et al. 2016, VIC; Eysenbach et al. 2019, DIAYN; the
/// skill objective of SLIM and MASD): K skills z drawn uniformly, a skill-conditioned policy
/// π(a | s, z, t) run for T steps from a start state, and a discriminator q(z | s) that guesses
/// the skill from the final state. The policy maximizes the variational bound
///
///     I(Z; S_T) ≥ E[log q(z | s_T) − log p(z)] ≤ log K,
///
/// receiving the reward r = log q(z | s_T) − log p(z) at the end of each episode (REINFORCE,
/// Williams 1992, with the mean reward of each skill's episodes as baseline, plus an entropy
/// bonus β·H(π) that keeps the policy exploring); the discriminator is trained by cross-
/// entropy on the final states. `evaluation()` measures the result exactly and independently
/// of the discriminator: I(Z; S_T) from the policy's exact distribution of final states.
///
/// The networks see one-hot codes: the policy a state, a skill and a time step (S + K + T
/// columns) → one logit per action; the discriminator a state (S columns) → K logits.
public struct SkillDiscovery<Policy: Layer, Discriminator: Layer> where Policy.Scalar == Float, Discriminator.Scalar == Float {
  /// What `evaluation()` measures, in nats.
  public struct Evaluation: Sendable, Equatable {
    /// I(Z; S_T) under the policy with p(z) uniform, exact.
    public var information: Double
    /// E[log q(z | s_T)] + log K, the discriminator's bound as an exact expectation.
    public var discriminability: Double
    /// log K, the most any K skills can reach.
    public var ceiling: Double
  }

  /// π: one-hot (state, skill, time) → action logits.
  public var policy: Policy
  /// q: one-hot final state → skill logits.
  public var discriminator: Discriminator
  /// Updates the policy.
  public var policyOptimizer: Adam<Float>
  /// Updates the discriminator.
  public var discriminatorOptimizer: Adam<Float>
  /// The world.
  public let environment: any DiscreteEnvironment
  /// The state every episode starts in.
  public let start: Int
  /// K, the number of skills.
  public let skills: Int
  /// T, the actions per episode.
  public let horizon: Int
  /// β ≥ 0, the weight of the policy's entropy bonus.
  public var entropyWeight: Double
  private let sampler: TransitionSampler

  /// Creates the learner.
  ///
  /// - Throws: for a start outside the states, fewer than 2 skills, a horizon outside 1…64,
  ///   a negative or non-finite β, or networks whose outputs do not have one logit per
  ///   action (policy) or per skill (discriminator). A network that takes the wrong number of
  ///   inputs is a programming error and stops with the layer's shape message.
  public init(
    environment: any DiscreteEnvironment, start: Int, skills: Int, horizon: Int, policy: Policy, discriminator: Discriminator,
    policyOptimizer: Adam<Float>, discriminatorOptimizer: Adam<Float>, entropyWeight: Double = 0.01
  ) throws(EstimationError) {
    let s = environment.stateCount
    guard 0..<s ~= start else { throw .invalidParameter(name: "start", value: "\(start)", reason: "SkillDiscovery: must lie in 0..<\(s)") }
    guard skills >= 2 else { throw .invalidParameter(name: "skills", value: "\(skills)", reason: "SkillDiscovery: needs at least 2 skills") }
    guard 1...64 ~= horizon else { throw .invalidParameter(name: "horizon", value: "\(horizon)", reason: "SkillDiscovery: must lie in 1…64") }
    guard entropyWeight >= 0, entropyWeight.isFinite else {
      throw .invalidParameter(name: "entropyWeight", value: "\(entropyWeight)", reason: "SkillDiscovery: must be a finite number ≥ 0")
    }
    (self.environment, self.start, self.skills, self.horizon, self.entropyWeight) = (environment, start, skills, horizon, entropyWeight)
    (self.policy, self.discriminator) = (policy, discriminator)
    (self.policyOptimizer, self.discriminatorOptimizer) = (policyOptimizer, discriminatorOptimizer)
    sampler = TransitionSampler(environment)
    let probes = [
      ("policy", policy(OneHotRows.make([([0], s), ([0], skills), ([0], horizon)])).shape, environment.actionCount),
      ("discriminator", discriminator(OneHotRows.make([([0], s)])).shape, skills),
    ]
    for (name, shape, width) in probes where shape != [1, width] {
      throw .invalidParameter(name: name, value: "output shape \(shape) for one input", reason: "SkillDiscovery: needs 1×\(width) logits")
    }
  }

  /// One episode per skill `episodesPerSkill` times: rollouts of the policy, one REINFORCE
  /// step of the policy on the rewards log q(z | s_T) + log K of the current discriminator,
  /// then one cross-entropy step of the discriminator. Returns the batch's mean reward.
  public mutating func step(episodesPerSkill: Int, using generator: inout SeededGenerator) -> Double {
    guard episodesPerSkill >= 1 else { ContractViolation.trap("SkillDiscovery.step: episodesPerSkill must be at least 1") }
    let (s, k, a, t) = (environment.stateCount, skills, environment.actionCount, horizon)
    let n = k * episodesPerSkill
    let skill = (0..<n).map { $0 % k }
    var state = [Int](repeating: start, count: n)
    var visited: [Int] = [], times: [Int] = [], actions: [Int] = [], skillRows: [Int] = []
    for time in 0..<t {
      let p = policy(OneHotRows.make([(state, s), (skill, k), ([Int](repeating: time, count: n), t)])).softmax(alongAxis: 1)
        .withUnsafeScalars { Array($0) }
      for i in 0..<n {
        var (u, chosen) = (Float(generator.uniform()), a - 1)
        for action in 0..<a {
          u -= p[i * a + action]
          if u < 0 { chosen = action; break }
        }
        visited.append(state[i])
        times.append(time)
        actions.append(chosen)
        skillRows.append(skill[i])
        state[i] = sampler.next(from: state[i], taking: chosen, using: &generator)
      }
    }
    // Rewards from the current discriminator, baselined by each skill's mean.
    let finalCodes = OneHotRows.make([(state, s)])
    let logQ = discriminator(finalCodes).logSoftmax(alongAxis: 1)
    let reward = logQ.withUnsafeScalars { q in (0..<n).map { Double(q[$0 * k + skill[$0]]) + Foundation.log(Double(k)) } }
    var baseline = [Double](repeating: 0, count: k)
    for i in 0..<n { baseline[skill[i]] += reward[i] / Double(episodesPerSkill) }
    let weights = Tensor<Float>(shape: [n * t, 1], scalars: (0..<(n * t)).map { row in
      let i = row % n
      return Float((reward[i] - baseline[skill[i]]) / Double(n))
    })
    let inputs = OneHotRows.make([(visited, s), (skillRows, k), (times, t)])
    let chosen = OneHotRows.make([(actions, a)])
    let beta = Float(entropyWeight) / Float(n)
    let dPolicy = gradient(at: policy) { pi in Self.policyLoss(logits: pi(inputs), chosen: chosen, weights: weights, entropyWeight: beta) }
    policyOptimizer.update(&policy, along: dPolicy)
    let targets = OneHotRows.make([(skill, k)])
    let dDiscriminator = gradient(at: discriminator) { q in CrossEntropy.mean(q(finalCodes), targets) }
    discriminatorOptimizer.update(&discriminator, along: dDiscriminator)
    return reward.reduce(0, +) / Double(n)
  }

  /// The REINFORCE loss with entropy bonus, −Σᵣ wᵣ log π(aᵣ | rowᵣ) − β Σᵣ H(π(· | rowᵣ)), from
  /// the policy's R×A `logits` (one row per step taken), the R×A one-hot `chosen` actions and
  /// the R×1 `weights` wᵣ (the episode's advantage over the number of episodes); β is
  /// `entropyWeight`.
  @differentiable(reverse, wrt: logits)
  public static func policyLoss<Scalar: TensorScalar>(
    logits: Tensor<Scalar>, chosen: Tensor<Scalar>, weights: Tensor<Scalar>, entropyWeight: Scalar
  ) -> Tensor<Scalar> {
    let logP = logits.logSoftmax(alongAxis: 1)
    let scoreTerm = ((logP * chosen).sum(alongAxis: 1) * weights).sum()
    let entropy = -(logP.exp() * logP).sum()
    return -(scoreTerm + entropy * entropyWeight)
  }

  /// π(· | `state`, `skill`, `time`).
  public func actionProbabilities(state: Int, skill: Int, time: Int) -> [Double] {
    let codes = OneHotRows.make([([state], environment.stateCount), ([skill], skills), ([time], horizon)])
    return policy(codes).softmax(alongAxis: 1).withUnsafeScalars { $0.map(Double.init) }
  }

  /// P(s_T | z = `skill`), exactly, by propagating the start state through the policy and
  /// the environment's transition law.
  public func finalStateDistribution(skill: Int) -> [Double] {
    let s = environment.stateCount
    var distribution = (0..<s).map { $0 == start ? 1.0 : 0.0 }
    for time in 0..<horizon {
      let codes = OneHotRows.make([(Array(0..<s), s), ([Int](repeating: skill, count: s), skills), ([Int](repeating: time, count: s), horizon)])
      let a = environment.actionCount
      let probabilities = policy(codes).softmax(alongAxis: 1).withUnsafeScalars { $0.map(Double.init) }
      distribution = environment.propagate(distribution) { state in Array(probabilities[(state * a)..<((state + 1) * a)]) }
    }
    return distribution
  }

  /// I(Z; S_T) and the discriminator's bound, exactly.
  public func evaluation() throws(DiscreteDistributionError) -> Evaluation {
    let rows = (0..<skills).map(finalStateDistribution(skill:))
    let channel = try DiscreteChannel(rows: rows, tolerance: 1e-4)
    let uniform = [Double](repeating: 1 / Double(skills), count: skills)
    let s = environment.stateCount
    let logQ = discriminator(OneHotRows.make([(Array(0..<s), s)])).logSoftmax(alongAxis: 1).withUnsafeScalars { $0.map(Double.init) }
    var expected = 0.0
    for z in 0..<skills {
      for state in 0..<s where rows[z][state] > 0 { expected += rows[z][state] * logQ[state * skills + z] / Double(skills) }
    }
    let ceiling = Foundation.log(Double(skills))
    return Evaluation(information: channel.mutualInformation(input: uniform), discriminability: expected + ceiling, ceiling: ceiling)
  }
}
