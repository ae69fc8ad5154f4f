import Foundation
import MIClassical
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Conditional InfoNCE: the bound against loops, its gradient, and the known answer: with
/// the group id z copied into both x and y, I(X; Y | Z) = 0.5 nats and I(X; Y) = 0.5 + log 4.
@Suite struct ConditionalInfoNCETests {
  static let groups = [0, 1, 0, 2, 1, 0, 3]

  @Test func valueMatchesLoops() {
    var generator = SeededGenerator(seed: 1)
    let scores = Tensor<Double>(randomNormal: [7, 7], using: &generator)
    for equal in [false, true] {
      var total = 0.0, weights = 0.0
      let sizes = Dictionary(grouping: Self.groups, by: { $0 }).mapValues(\.count)
      let paired = Self.groups.filter { sizes[$0]! >= 2 }
      for i in 0..<7 where sizes[Self.groups[i]]! >= 2 {
        let members = (0..<7).filter { Self.groups[$0] == Self.groups[i] }
        let term = scores[i, i] - log(members.reduce(0) { $0 + exp(scores[i, $1]) } / Double(members.count))
        let w = equal ? 1 / (Double(members.count) * Double(Set(paired).count)) : 1 / Double(paired.count)
        total += w * term
        weights += w
      }
      #expect(abs(weights - 1) < 1e-12)
      #expect(abs(ConditionalInfoNCE<Double>(equalGroups: equal).value(scores, groups: Self.groups) - total) < 1e-12)
      let bound = ConditionalInfoNCE<Double>(equalGroups: equal)
      checkGradient(of: { bound.objective($0, groups: Self.groups) }, at: scores)
    }
  }

  @Test func refusesACriticWithoutAllPairs() {
    var generator = SeededGenerator(seed: 2)
    let q = GaussianConditional<Float>(xDimension: 2, yDimension: 2, hidden: [4], using: &generator)
    #expect(throws: EstimationError.self) { try ConditionalInfoNCEObjective(critic: q, optimizer: Adam(learningRate: 1e-3)) }
  }

  /// n samples of x = (a, z), y = (b, z) with (a, b) correlated so that I(a; b) = 0.5 nats
  /// and z uniform on 4 groups, shared.
  static func data(count n: Int, seed: UInt64) -> (x: Matrix, y: Matrix, groups: [Int]) {
    var generator = SeededGenerator(seed: seed)
    let rho = (1 - exp(-1.0)).squareRoot()
    var x = Matrix(rows: n, columns: 2), y = Matrix(rows: n, columns: 2), groups: [Int] = []
    for i in 0..<n {
      let (a, e) = generator.normalPair()
      let z = generator.integer(below: 4)
      x[i, 0] = a
      y[i, 0] = rho * a + (1 - rho * rho).squareRoot() * e
      x[i, 1] = Double(z)
      y[i, 1] = Double(z)
      groups.append(z)
    }
    return (x, y, groups)
  }

  static func tensor(_ m: Matrix) -> Tensor<Float> { Tensor(shape: [m.rows, m.columns], scalars: m.storage.map { Float($0) }) }

  /// The conditional bound approaches I(X; Y | Z) = 0.5; plain InfoNCE on the same data
  /// (the toolkit's estimator) measures I(X; Y) = 1.89, well above it.
  @Test func conditionalBoundFindsTheConditionalInformation() throws {
    let (x, y, groups) = Self.data(count: 3000, seed: 3)
    let training = Batch(x: Self.tensor(x.selecting(rows: Array(0..<2000))), y: Self.tensor(y.selecting(rows: Array(0..<2000))),
                         labels: Array(groups[0..<2000]))
    let test = Batch(x: Self.tensor(x.selecting(rows: Array(2000..<3000))), y: Self.tensor(y.selecting(rows: Array(2000..<3000))),
                     labels: Array(groups[2000..<3000]))
    var generator = SeededGenerator(seed: 4)
    let critic = SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [32], embedding: 8, using: &generator)
    let objective = try ConditionalInfoNCEObjective(critic: critic, bound: ConditionalInfoNCE(equalGroups: true), optimizer: Adam(learningRate: 3e-3))
    let evaluation = HeldOutEvaluation(chunkSize: 500, batchSize: 128)
    let outcome = try Trainer(batchSize: 128, steps: 600, evaluationInterval: 100, patience: 3, seed: 5)
      .train(objective, on: training, validation: test, evaluation: evaluation)
    let conditional = HeldOutEvaluation.mean(outcome.best.evaluate(on: test, evaluation: evaluation).values)
    #expect(conditional > 0.35 && conditional < 0.6, "conditional InfoNCE \(conditional) vs I(X;Y|Z) = 0.5")
    let preset = NeuralPreset(batchSize: 128, hidden: [32], embedding: 8, learningRate: 3e-3, steps: 600, evaluationInterval: 100)
    let plain = try NeuralEstimator(bound: .infonce, preset: preset, seed: 6).estimate(x, y).value
    #expect(plain > 1.5 && plain < 1.95, "plain InfoNCE \(plain) vs I(X;Y) = \(0.5 + log(4.0))")
  }
}
