import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

/// The coverage of confidence intervals, measured as a user would trust it: over many
/// seeded data sets with known MI, how often does the 95% interval contain the truth?
@Suite("Interval coverage")
struct IntervalCoverageTests {
  /// ρ = 0.6: I = −½ log(1 − 0.36) = 0.2231 nats, where KSG's bias at N = 400 is small
  /// (below 0.01 nats) next to its standard error (about 0.035 nats).
  static let sampler = CorrelatedGaussian.bivariate(correlation: 0.6)

  static func coverage(method: Bootstrap.Method, repetitions: Int, resamples: Int) throws -> (covered: Int, widths: [Double]) {
    var covered = 0
    var widths: [Double] = []
    for repetition in 0..<repetitions {
      let (x, y) = sampler.sample(count: 400, seed: UInt64(1000 + repetition))
      let interval = try Bootstrap(resamples: resamples, seed: UInt64(repetition), method: method).run(KSGEstimator(), x, y)
      if interval.lower <= sampler.mutualInformation && sampler.mutualInformation <= interval.upper { covered += 1 }
      widths.append(interval.upper - interval.lower)
    }
    return (covered, widths)
  }

  @Test func subsamplingCoversTheTruthAboutAsOftenAsItSays() throws {
    let repetitions = 80
    let (covered, widths) = try Self.coverage(method: .automatic, repetitions: repetitions, resamples: 60)
    // 95% of 80 is 76, with a binomial standard deviation of 1.9: accept 70 (3 sd below)
    // and above. A method whose intervals were too wide would cover everything, so the
    // widths are held to about 2 × 1.96 × 0.035 as well.
    #expect(covered >= 70, "covered \(covered) of \(repetitions)")
    let medianWidth = widths.sorted()[widths.count / 2]
    #expect(medianWidth > 0.12 && medianWidth < 0.3, "median width \(medianWidth)")
  }

  @Test func resamplingWithReplacementMissesForKNearestNeighbourEstimators() throws {
    // The failure the default avoids: repeated rows inflate KSG, so the resampling
    // interval lies above the truth.
    let (covered, _) = try Self.coverage(method: .resampling, repetitions: 20, resamples: 30)
    #expect(covered <= 2, "covered \(covered) of 20")
  }

  @Test func automaticMethodFollowsTheEstimator() throws {
    let (x, y) = Self.sampler.sample(count: 200, seed: 3)
    #expect(try Bootstrap(resamples: 10).run(KSGEstimator(), x, y).method == .halfSampling)
    #expect(try Bootstrap(resamples: 10).run(KozachenkoLeonenkoEstimator(), x, y).method == .halfSampling)
    #expect(try Bootstrap(resamples: 10).run(GaussianEstimator(), x, y).method == .resampling)
    let interval = try Bootstrap(resamples: 10).run(KSGEstimator(), x, y)
    #expect(interval.subsampleSize == 100)
  }

  @Test func badSubsampleFractionsAreRejected() throws {
    let (x, y) = Self.sampler.sample(count: 20, seed: 3)
    #expect(throws: EstimationError.self) {
      try Bootstrap(resamples: 10, method: .subsampling(fraction: 1)).run(KSGEstimator(), x, y)
    }
    #expect(throws: EstimationError.self) {
      try Bootstrap(resamples: 10, method: .subsampling(fraction: 0.05)).run(KSGEstimator(), x, y)
    }
  }
}
