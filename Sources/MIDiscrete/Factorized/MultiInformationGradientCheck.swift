/// The directional derivative of a `MarginalMultiInformation` along a move of mass between
/// two cells, analytic and by central differences, for checking the gradient that mirror
/// ascent follows.
public struct MultiInformationGradientCheck: Sendable {
  let objective: MarginalMultiInformation
  let outcomes: [[Int]]

  /// A check of `objective`.
  public init(_ objective: MarginalMultiInformation) throws(DiscreteDistributionError) {
    self.objective = objective
    self.outcomes = objective.outcomes()
  }

  /// d/dt F(p + t(e_to − e_from)) at t = 0: from the gradient, and from F at ±`step`.
  public func directional(_ p: [Double], from: Int, to: Int, step: Double) -> (analytic: Double, numeric: Double) {
    let gradient = objective.valueAndGradient(p, outcomes: outcomes).gradient
    var plus = p
    var minus = p
    plus[to] += step
    plus[from] -= step
    minus[to] -= step
    minus[from] += step
    let numeric = (objective.valueAndGradient(plus, outcomes: outcomes).value - objective.valueAndGradient(minus, outcomes: outcomes).value) / (2 * step)
    return (gradient[to] - gradient[from], numeric)
  }
}
