import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

@Suite("Permutation test and bootstrap")
struct SignificanceTests {
  @Test func dependentDataHasSmallPValue() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.6).sample(count: 300, seed: 1)
    let result = try PermutationTest(permutations: 50, seed: 3).run(KSGEstimator(), x, y)
    // I = 0.22 nats; the null spread of KSG at N = 300 is about 0.045 nats.
    #expect(result.pValue == 1.0 / 51)
    #expect(result.exceedances == 0)
    #expect(abs(result.nullMean) < 0.03)
  }

  @Test func independentDataHasUniformPValues() throws {
    // Under independence p is uniform: over 20 data sets, few are below 0.05 and the mean is near 1/2.
    var pValues: [Double] = []
    for seed in 0..<20 as Range<UInt64> {
      let (x, y) = CorrelatedGaussian.bivariate(correlation: 0).sample(count: 100, seed: seed)
      pValues.append(try PermutationTest(permutations: 30, seed: seed).run(GaussianEstimator(), x, y).pValue)
    }
    let mean = pValues.reduce(0, +) / 20
    #expect(mean > 0.3 && mean < 0.7, "\(mean)")
    #expect(pValues.filter { $0 < 0.05 }.count <= 3)
  }

  @Test func reproducibleWithSeed() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.1).sample(count: 200, seed: 1)
    let a = try PermutationTest(permutations: 20, seed: 9).run(KSGEstimator(), x, y)
    let b = try PermutationTest(permutations: 20, seed: 9).run(KSGEstimator(), x, y)
    #expect(a == b)
  }

  @Test func conditionalPermutationKeepsDependenceOnZ() throws {
    // X and Y depend only through Z: the conditional test must not reject.
    let chain = GaussianChain(a: 1.5, b: 1.5, c: 0)
    let (x, y, z) = chain.sample(count: 400, seed: 2)
    let result = try PermutationTest(permutations: 40, seed: 1).run(FrenzelPompeEstimator(), x, y, given: z)
    #expect(result.pValue > 0.05, "\(result)")
    // With direct dependence it rejects.
    let direct = GaussianChain(a: 1.5, b: 1.5, c: 0.6)
    let (x2, y2, z2) = direct.sample(count: 400, seed: 2)
    let rejected = try PermutationTest(permutations: 40, seed: 1).run(FrenzelPompeEstimator(), x2, y2, given: z2)
    #expect(rejected.pValue < 0.05)
    // Discrete Z takes the stratified path.
    let discreteZ = Matrix(column: z.storage.map { $0 > 0 ? 1 : 0 })
    let stratified = try PermutationTest(permutations: 20, seed: 1).run(GaussianEstimator(), x, y, given: discreteZ)
    #expect(stratified.permutations == 20)
  }

  @Test func bootstrapIntervalCoversTruthForGaussianEstimator() throws {
    let sampler = CorrelatedGaussian.bivariate(correlation: 0.6)
    let (x, y) = sampler.sample(count: 1000, seed: 6)
    let interval = try Bootstrap(resamples: 100, seed: 2).run(GaussianEstimator(), x, y)
    #expect(interval.lower < sampler.mutualInformation && sampler.mutualInformation < interval.upper)
    #expect(interval.lower < interval.estimate && interval.estimate < interval.upper)
    // Standard error of the log-det MI ≈ ρ/√N ≈ 0.02 here.
    #expect(interval.standardError > 0.01 && interval.standardError < 0.04)
  }

  @Test func rejectsBadSettings() {
    let x = Matrix(column: [1, 2, 3, 4, 5])
    #expect(throws: EstimationError.self) { try PermutationTest(permutations: 0).run(GaussianEstimator(), x, x) }
    #expect(throws: EstimationError.self) { try Bootstrap(resamples: 1).run(GaussianEstimator(), x, x) }
    #expect(throws: EstimationError.self) { try Bootstrap(confidenceLevel: 1.5).run(GaussianEstimator(), x, x) }
  }
}
