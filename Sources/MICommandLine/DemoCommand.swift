import ArgumentParser
import Foundation
import MutualInformation

/// `mi demo`: the estimators on built-in distributions whose mutual information is known.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Run the estimators on built-in example data with known mutual information and compare.")

  @Option(help: "Samples per example.")
  var samples: Int = 5000

  @Option(help: "Seed of the example data.")
  var seed: UInt64 = 1

  @Flag(help: "Report in bits instead of nats.")
  var bits = false

  func validate() throws {
    guard samples >= 50 else { throw ValidationError("--samples must be at least 50, got \(samples)") }
  }

  private struct Case {
    let title: String
    let truth: Double
    let data: [Matrix]
    let estimators: [EstimatorName]
  }

  func run() throws {
    let unit: InformationUnit = bits ? .bits : .nats
    let n = samples
    func pair(_ s: some BivariateSampler) -> [Matrix] {
      let (x, y) = s.sample(count: n, seed: seed)
      return [x, y]
    }
    let gaussian = CorrelatedGaussian.bivariate(correlation: 0.8)
    let sparse = CorrelatedGaussian.sparse(dimensionX: 5, dimensionY: 5, interacting: 2, correlation: 0.8)
    let studentT = StudentT(dimensionX: 1, dimensionY: 1, degreesOfFreedom: 1)
    let bent = Transformed(gaussian, x: .halfCube, y: .asinh)
    let mixture = DiscreteContinuousMixture(categories: 4)
    let channel = BinarySymmetricChannel(flip: 0.1)
    let chain = GaussianChain(a: 1, b: 1, c: 0.5)
    let fivePairs = CorrelatedGaussian.sparse(
      dimensionX: 5, dimensionY: 5, interacting: 5, correlation: CorrelatedGaussian.correlation(forMutualInformation: 0.4))
    let (cx, cy, cz) = chain.sample(count: n, seed: seed)
    let continuous: [EstimatorName] = [.ksg1, .ksg2, .kl, .gaussian, .copula]
    let cases = [
      Case(title: "bivariate Gaussian, ρ = 0.8", truth: gaussian.mutualInformation, data: pair(gaussian), estimators: continuous),
      Case(title: "Gaussian 5×5, two correlated pairs (ρ = 0.8)", truth: sparse.mutualInformation, data: pair(sparse), estimators: continuous),
      Case(title: "Student-t 1×1, ν = 1 (no correlation, heavy tails)", truth: studentT.mutualInformation, data: pair(studentT), estimators: continuous),
      Case(title: "same Gaussian through x·|x|^½ and asinh", truth: bent.mutualInformation, data: pair(bent), estimators: continuous),
      Case(title: "X ~ Cat(4), Y|X ~ U(X, X+2)", truth: mixture.mutualInformation, data: pair(mixture), estimators: [.ross, .mixed, .ksg1]),
      Case(title: "binary symmetric channel, ε = 0.1", truth: channel.mutualInformation, data: pair(channel),
           estimators: [.plugin, .millerMadow, .jamesStein, .chaoShen, .mixed]),
      Case(title: "Gaussian chain, I(X;Y|Z)", truth: chain.conditionalMutualInformation, data: [cx, cy, cz], estimators: [.ksg1, .gaussian, .copula]),
      Case(title: "Gaussian 5×5, five correlated pairs: neural bounds (400 training steps)", truth: fivePairs.mutualInformation,
           data: pair(fivePairs), estimators: [.infonce, .smile, .club]),
    ]
    print("Estimates on \(n) samples of distributions whose mutual information is known (\(unit.rawValue)):\n")
    var settings = EstimatorName.Settings(seed: seed)
    // A small budget for the neural bounds, so the demo stays quick.
    settings.preset = NeuralPreset(
      batchSize: min(64, Int(Double(n) * 0.7)), hidden: [64], embedding: 16, learningRate: 2e-3, steps: 400, evaluationInterval: 100)
    for item in cases {
      print("\(item.title): true value \(format(unit.convert(fromNats: item.truth)))")
      for name in item.estimators {
        let start = ContinuousClock.now
        let estimate: Estimate
        if item.data.count == 3 {
          estimate = try name.conditional(settings)!.estimate(item.data[0], item.data[1], given: item.data[2])
        } else {
          estimate = try name.mutualInformation(settings).estimate(item.data[0], item.data[1])
        }
        let value = estimate.value(in: unit)
        let error = value - unit.convert(fromNats: item.truth)
        let label = name.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
        let kind = estimate.kind == .pointEstimate ? "" : "  (\(estimate.kind.rawValue))"
        print("  \(label)\(format(value))   error \(format(error, signed: true))   \(String(format: "%.3f", seconds(since: start))) s\(kind)")
      }
      print("")
    }
    print("Next: mi estimate YOUR.csv --x COLUMNS --y COLUMNS   (mi estimators lists all estimators)")
    print("      mi estimate YOUR.csv --x COLUMNS --y COLUMNS --estimator infonce --log curve.csv   (a neural bound)")
    print("      swift run example-recipe-clustering   (training with MI objectives: recipes in Examples/, docs/Objectives.md)")
  }

  private func format(_ x: Double, signed: Bool = false) -> String {
    String(format: signed ? "%+.4f" : "%.4f", x)
  }
}
