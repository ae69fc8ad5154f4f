import MIDiscrete
import MINumerics

/// Draws next states of a `DiscreteEnvironment` by inversion of the cumulative transition
/// probabilities, tabulated once per (state, action): the learners' simulator.
struct TransitionSampler: Sendable {
  let stateCount: Int
  let actionCount: Int
  private let targets: [[Int]]
  private let cumulative: [[Double]]

  init(_ environment: any DiscreteEnvironment) {
    (stateCount, actionCount) = (environment.stateCount, environment.actionCount)
    var targets: [[Int]] = [], cumulative: [[Double]] = []
    for state in 0..<stateCount {
      for action in 0..<actionCount {
        let law = environment.transitions(from: state, taking: action)
        targets.append(law.map(\.state))
        var total = 0.0
        cumulative.append(law.map { total += $0.probability; return total })
      }
    }
    (self.targets, self.cumulative) = (targets, cumulative)
  }

  /// A draw of s′ ~ P(· | `state`, `action`).
  func next(from state: Int, taking action: Int, using generator: inout SeededGenerator) -> Int {
    let row = state * actionCount + action
    let (targets, cumulative) = (self.targets[row], self.cumulative[row])
    guard targets.count > 1 else { return targets[0] }
    let u = generator.uniform() * cumulative[cumulative.count - 1]
    for (i, bound) in cumulative.enumerated() where u < bound { return targets[i] }
    return targets[targets.count - 1]
  }
}
