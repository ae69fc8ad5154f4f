import Foundation
import MIClassical
import MIDistributions

/// The coverage of `Bootstrap` intervals for KSG on bivariate Gaussians with known MI:
/// for each correlation, sample size and method, `repetitions` seeded data sets, each
/// with a 95% interval from `resamples` re-estimates; prints one JSON object per setting
/// with how many intervals contained the truth and their median width.
func benchmarkCoverage(correlations: [Double], sizes: [Int], repetitions: Int, resamples: Int) {
  for correlation in correlations {
    let sampler = CorrelatedGaussian.bivariate(correlation: correlation)
    for n in sizes {
      for method in [Bootstrap.Method.halfSampling, .resampling] {
        var covered = 0
        var widths: [Double] = []
        var estimates: [Double] = []
        let start = Date()
        for repetition in 0..<repetitions {
          let (x, y) = sampler.sample(count: n, seed: UInt64(1000 + repetition))
          guard let interval = try? Bootstrap(resamples: resamples, seed: UInt64(repetition), method: method).run(KSGEstimator(), x, y)
          else { fatalError("interval failed") }
          if interval.lower <= sampler.mutualInformation && sampler.mutualInformation <= interval.upper { covered += 1 }
          widths.append(interval.upper - interval.lower)
          estimates.append(interval.estimate)
        }
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        let spread = (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count - 1)).squareRoot()
        print(
          "{\"bench\": \"coverage\", \"estimator\": \"ksg1\", \"correlation\": \(correlation), \"truth\": \(sampler.mutualInformation), \"n\": \(n), \"method\": \"\(method.name)\", \"repetitions\": \(repetitions), \"resamples\": \(resamples), \"covered\": \(covered), \"coverage\": \(Double(covered) / Double(repetitions)), \"median_width\": \(median(widths)), \"mean_estimate\": \(mean), \"sd_estimate\": \(spread), \"seconds\": \(Date().timeIntervalSince(start))}")
      }
    }
  }
}
