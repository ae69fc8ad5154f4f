import MIEstimation
import MINumerics
import Testing

/// The estimation contract on its own, with a toy estimator (no k-d trees, no tensors):
/// the permutation test and the bootstrap reuse a given observed value.
@Suite struct ContractTests {
  /// |Pearson correlation| of the first columns, counted.
  final class Calls: @unchecked Sendable { var count = 0 }
  struct Correlation: MutualInformationEstimator {
    let calls: Calls
    var name: String { "correlation" }
    func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
      calls.count += 1
      let n = Double(x.rows)
      var (sx, sy, sxy, sxx, syy) = (0.0, 0.0, 0.0, 0.0, 0.0)
      for i in 0..<x.rows {
        let (a, b) = (x[i, 0], y[i, 0])
        sx += a; sy += b; sxy += a * b; sxx += a * a; syy += b * b
      }
      let r = (sxy - sx * sy / n) / ((sxx - sx * sx / n) * (syy - sy * sy / n)).squareRoot()
      return Estimate(value: -0.5 * Foundation.log(1 - r * r), quantity: .mutualInformation, kind: .pointEstimate,
                      estimator: name, sampleCount: x.rows)
    }
  }

  static func data() -> (Matrix, Matrix) {
    var generator = SeededGenerator(seed: 1)
    var x = Matrix(rows: 200, columns: 1), y = Matrix(rows: 200, columns: 1)
    for i in 0..<200 {
      x[i, 0] = generator.normal()
      y[i, 0] = 0.6 * x[i, 0] + 0.8 * generator.normal()
    }
    return (x, y)
  }

  @Test func permutationTestAndBootstrapReuseTheObservedValue() throws {
    let (x, y) = Self.data()
    let calls = Calls()
    let estimator = Correlation(calls: calls)
    let observed = try estimator.estimate(x, y).value
    let test = try PermutationTest(permutations: 50, seed: 2).run(estimator, x, y, observed: observed)
    #expect(calls.count == 1 + 50)
    #expect(test.observed == observed && test.pValue == 1.0 / 51)
    let interval = try Bootstrap(resamples: 20, seed: 3).run(estimator, x, y, observed: observed)
    #expect(calls.count == 1 + 50 + 20)
    #expect(interval.estimate == observed && interval.lower < observed && observed < interval.upper)
    // Without an observed value each computes it once more.
    _ = try PermutationTest(permutations: 5, seed: 2).run(estimator, x, y)
    #expect(calls.count == 1 + 50 + 20 + 1 + 5)
  }
}

#if canImport(Glibc)
  import Glibc
#endif
import Foundation

/// Estimates, parameters and warnings are Codable: what a user saves reads back equal.
@Suite struct CodableContractTests {
  @Test func estimateRoundTripsThroughJSON() throws {
    let estimate = Estimate(
      value: 0.51, quantity: .conditionalMutualInformation, kind: .lowerBound, estimator: "infonce", sampleCount: 1000,
      parameters: [Parameter("k", .integer(3)), Parameter("lr", .real(1e-4)), Parameter("critic", .text("joint")), Parameter("flag", .flag(true))],
      preprocessing: [Parameter("standardize", .text("yes"))],
      warnings: [.note("a note"), .constantVariable(.y, value: 2), .exceedsEntropyBound(estimate: 1.2, role: .x, entropy: 1.1, distinctValues: 3)])
    let data = try JSONEncoder().encode(estimate)
    #expect(try JSONDecoder().decode(Estimate.self, from: data) == estimate)
    let record = TrainingRecord(step: 100, trainingValue: 1.5, validationValue: nil)
    #expect(try JSONDecoder().decode(TrainingRecord.self, from: JSONEncoder().encode(record)) == record)
  }
}
