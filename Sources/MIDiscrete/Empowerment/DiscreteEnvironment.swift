/// A finite controlled Markov chain: states 0..<`stateCount`, actions 0..<`actionCount`,
/// and the transition law P(s′ | s, a). The exact side of empowerment and skill discovery
/// (the n-step action-sequence channel, the state distribution a policy reaches) needs only
/// this; `Gridworld` is one.
public protocol DiscreteEnvironment: Sendable {
  /// The number of states.
  var stateCount: Int { get }
  /// The number of actions available in every state.
  var actionCount: Int { get }
  /// P(s′ | `state`, `action`) as (s′, probability) pairs with positive probabilities
  /// summing to 1. Called with a valid state and action only.
  func transitions(from state: Int, taking action: Int) -> [(state: Int, probability: Double)]
}

extension DiscreteEnvironment {
  /// The channel from the `actionCount`ⁿ sequences of n = `steps` actions, taken from
  /// `state`, to the state after the last one: row i is the distribution of the final
  /// state for the sequence whose actions are the base-`actionCount` digits of i (first
  /// action most significant), P(s_n | s₀, a₁…aₙ) = Σ Π_t P(s_t | s_{t−1}, a_t).
  ///
  /// - Throws: for a state outside 0..<`stateCount` or a step count outside 1…8, or more
  ///   than 2²⁰ sequences.
  public func actionSequenceChannel(from state: Int, steps: Int) throws(DiscreteDistributionError) -> DiscreteChannel {
    guard 0..<stateCount ~= state else {
      throw .invalidParameter(name: "state", value: "\(state)", reason: "must lie in 0..<\(stateCount)")
    }
    guard steps >= 1, steps <= 8 else {
      throw .invalidParameter(name: "steps", value: "\(steps)", reason: "must lie in 1…8 (one input per sequence of actions)")
    }
    var sequences = 1
    for _ in 0..<steps {
      sequences *= actionCount
      guard sequences <= 1 << 20 else {
        throw .invalidParameter(
          name: "steps", value: "\(steps)", reason: "gives more than 2²⁰ sequences of \(actionCount) actions; use fewer steps")
      }
    }
    // Distributions over states after each prefix, expanded one action at a time.
    var layer: [[Double]] = [(0..<stateCount).map { $0 == state ? 1 : 0 }]
    for _ in 0..<steps {
      var next: [[Double]] = []
      next.reserveCapacity(layer.count * actionCount)
      for distribution in layer {
        for action in 0..<actionCount {
          var moved = [Double](repeating: 0, count: stateCount)
          for (s, p) in distribution.enumerated() where p > 0 {
            for (t, q) in transitions(from: s, taking: action) { moved[t] += p * q }
          }
          next.append(moved)
        }
      }
      layer = next
    }
    return try DiscreteChannel(rows: layer, tolerance: 1e-9)
  }

  /// The distribution of the state after one step of `policy` from the distribution
  /// `states`: P(s′) = Σ_s P(s) Σ_a π(a | s) P(s′ | s, a), with `policy(s)` the action
  /// probabilities in state s.
  public func propagate(_ states: [Double], under policy: (Int) -> [Double]) -> [Double] {
    var next = [Double](repeating: 0, count: stateCount)
    for (s, p) in states.enumerated() where p > 0 {
      for (action, a) in policy(s).enumerated() where a > 0 {
        for (t, q) in transitions(from: s, taking: action) { next[t] += p * a * q }
      }
    }
    return next
  }
}
