extension JointDistribution {
  /// The marginal distribution of the variables `names`, in the order given:
  /// P(x_S) = Σ over the other variables of P(x).
  ///
  /// - Complexity: O(support × |S|).
  public func marginal(_ names: [String]) throws(DiscreteDistributionError) -> JointDistribution {
    guard !names.isEmpty else { throw .empty(what: "the list of variables to keep") }
    let kept = try indices(of: names)
    guard Set(kept).count == kept.count else { throw .duplicate(what: "a variable in \(names)") }
    let (support, probabilities) = marginalEntries(kept)
    return JointDistribution(checkedVariables: kept.map { variables[$0] }, support: support, probabilities: probabilities)
  }

  /// The support and probabilities of the marginal on the variables at `kept` (sorted).
  func marginalEntries(_ kept: [Int]) -> (support: [[Int]], probabilities: [Double]) {
    var sums: [[Int]: Double] = [:]
    for (outcome, p) in zip(support, probabilities) {
      sums[kept.map { outcome[$0] }, default: 0] += p
    }
    let sorted = sums.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    return (sorted.map(\.key), sorted.map(\.value))
  }

  /// The probability of an event that fixes some variables: P(X_a = a, …), summed over the
  /// others. Names and outcomes are checked.
  public func probability(of event: [String: String]) throws(DiscreteDistributionError) -> Double {
    let fixed = try resolve(event)
    var total = 0.0
    for (outcome, p) in zip(support, probabilities) where fixed.allSatisfy({ outcome[$0.variable] == $0.outcome }) {
      total += p
    }
    return total
  }

  /// The distribution of the other variables given the event `given` (some variables
  /// fixed to outcomes): P(x_rest | event) = P(x_rest, event) / P(event).
  ///
  /// - Throws: for an unknown variable or outcome, an event of probability 0, or an event
  ///   that fixes every variable (nothing is left to describe).
  public func conditioned(on given: [String: String]) throws(DiscreteDistributionError) -> JointDistribution {
    let fixed = try resolve(given)
    let rest = variables.indices.filter { v in !fixed.contains { $0.variable == v } }
    var support: [[Int]] = []
    var probabilities: [Double] = []
    for (outcome, p) in zip(self.support, self.probabilities) where fixed.allSatisfy({ outcome[$0.variable] == $0.outcome }) {
      support.append(rest.map { outcome[$0] })
      probabilities.append(p)
    }
    let total = probabilities.reduce(0, +)
    guard total > 0 else {
      throw .zeroProbabilityCondition(event: given.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
    }
    guard !rest.isEmpty else { throw .empty(what: "the set of variables left after conditioning on every one") }
    return JointDistribution(checkedVariables: rest.map { variables[$0] }, support: support, probabilities: probabilities.map { $0 / total })
  }

  /// The variable and outcome indices of an event.
  private func resolve(_ event: [String: String]) throws(DiscreteDistributionError) -> [(variable: Int, outcome: Int)] {
    var fixed: [(variable: Int, outcome: Int)] = []
    for (name, label) in event.sorted(by: { $0.key < $1.key }) {
      let v = try index(of: name)
      guard let o = variables[v].outcomes.firstIndex(of: label) else {
        throw .unknownOutcome(variable: name, outcome: label, alphabet: variables[v].outcomes)
      }
      fixed.append((v, o))
    }
    return fixed
  }

  /// The dense table in C order (the last variable fastest), zeros included, for small
  /// distributions.
  ///
  /// - Complexity: O(product of the alphabet sizes).
  public var denseProbabilities: [Double] {
    let sizes = variables.map(\.count)
    var table = [Double](repeating: 0, count: sizes.reduce(1, *))
    for (outcome, p) in zip(support, probabilities) {
      var flat = 0
      for (v, i) in outcome.enumerated() { flat = flat * sizes[v] + i }
      table[flat] = p
    }
    return table
  }
}
