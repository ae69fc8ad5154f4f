import Foundation
import MutualInformation
import Testing

/// The library example of the README, run as written (only the data file is made here),
/// so that the documentation cannot drift from the API.
@Suite("README library example")
struct ReadmeExampleTests {
  @Test func quickStartRunsAndIsRight() throws {
    // Data with known MI: a bivariate normal with correlation 0.8 has I = −½ log(1 − 0.64).
    let sampler = CorrelatedGaussian.bivariate(correlation: 0.8)
    let (x, y) = sampler.sample(count: 5000, seed: 1)

    let estimate = try KSGEstimator(algorithm: .first, k: 3).estimate(x, y)
    #expect(abs(estimate.value - sampler.mutualInformation) < 0.04)
    #expect(estimate.kind == .pointEstimate)

    // Is it significant? How uncertain?
    let test = try PermutationTest(permutations: 20, seed: 7).run(KSGEstimator(), x, y)
    let interval = try Bootstrap(resamples: 20, seed: 7).run(GaussianEstimator(), x, y)
    #expect(test.pValue == 1.0 / 21)
    #expect(interval.lower < sampler.mutualInformation && sampler.mutualInformation < interval.upper)

    // Conditional MI and total correlation
    let chain = GaussianChain(a: 1, b: 1, c: 0.5)
    let (cx, cy, cz) = chain.sample(count: 3000, seed: 2)
    let cmi = try FrenzelPompeEstimator().estimate(cx, cy, given: cz)
    let tc = try GaussianEstimator().totalCorrelation([cx, cy, cz])
    #expect(abs(cmi.value - chain.conditionalMutualInformation) < 0.05)
    #expect(abs(tc.value - chain.distribution.totalCorrelation) < 0.05)

    // Your own data
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).csv").path
    try Data("x1,x2,y\n1,2,3\n4,5,6\n7,8,10\n".utf8).write(to: URL(fileURLWithPath: path))
    let table = try DataLoader.load(path: path)
    let columns = ColumnSelection(columnNames: table.columnNames)
    let a = table.matrix(columns: try columns.indices(for: "x1,x2", role: "--x"))
    #expect(a == Matrix([[1, 2], [4, 5], [7, 8]]))
  }
}
