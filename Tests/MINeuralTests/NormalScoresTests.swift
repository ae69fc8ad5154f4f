import Foundation
import MIDistributions
import MIEstimation
import MINeural
import MINumerics
import Testing

/// Neural critic bounds train on each column's normal scores (`NeuralEstimator.normalScores`):
/// the estimate is the same for any strictly increasing map of the columns, and says so.
@Suite struct NormalScoresTests {
  static let preset = NeuralPreset(batchSize: 64, hidden: [32], embedding: 8, learningRate: 3e-3, steps: 100, evaluationInterval: 50, patience: 2)

  @Test func normalScoresAreRankBasedAndAverageTies() {
    let matrix = Matrix(rows: 4, columns: 2, storage: [3, 1, -1, 1, 10, 5, 2, 7])
    let scores = matrix.normalScores()
    // Column 0: 3, −1, 10, 2 have ranks 3, 1, 4, 2; column 1: 1, 1, 5, 7 ranks 1.5, 1.5, 3, 4.
    let expected: [[Double]] = [[3, 1.5], [1, 1.5], [4, 3], [2, 4]]
    for i in 0..<4 {
      for j in 0..<2 {
        #expect(abs(scores[i, j] - StandardNormal.quantile(expected[i][j] / 5)) < 1e-12)
      }
    }
  }

  @Test func criticBoundsAreInvariantToMonotoneMapsOfTheColumns() throws {
    let (x, y) = CorrelatedGaussian.sparse(dimensionX: 2, dimensionY: 1, interacting: 1, correlation: 0.7).sample(count: 600, seed: 3)
    // exp of X's columns and the cube of Y's: strictly increasing, heavy-tailed.
    let mappedX = Matrix(rows: x.rows, columns: x.columns, storage: (0..<x.rows).flatMap { i in (0..<x.columns).map { j in Foundation.exp(3 * x[i, j]) } })
    let mappedY = Matrix(rows: y.rows, columns: 1, storage: (0..<y.rows).map { i in y[i, 0] * y[i, 0] * y[i, 0] })
    for bound in [NeuralBoundKind.infonce, .smile, .nwj] {
      let estimator = NeuralEstimator(bound: bound, preset: Self.preset, seed: 4)
      let (plain, mapped) = (try estimator.estimate(x, y), try estimator.estimate(mappedX, mappedY))
      #expect(plain.value == mapped.value, "\(bound)")
      #expect(plain.preprocessing.first?.name == "marginals")
      var raw = estimator
      raw.normalScores = false
      // On the heavy-tailed values the same training gives another value, or fails (NWJ).
      do {
        let onValues = try raw.estimate(mappedX, mappedY)
        #expect(!onValues.preprocessing.contains { $0.name == "marginals" } && onValues.value != mapped.value, "\(bound)")
      } catch {
        guard case .trainingFailed = error else { throw error }
      }
    }
    // The density bounds use the values (BA's H(X) is of X as given).
    let club = NeuralEstimator(bound: .club, preset: Self.preset, seed: 4)
    let clubEstimate = try club.estimate(x, y)
    #expect(!club.transformsToNormalScores && !clubEstimate.preprocessing.contains { $0.name == "marginals" })
  }
}
