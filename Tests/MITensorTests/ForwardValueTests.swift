import Foundation
import MINumerics
import MITensor
import Testing

/// Forward values of ops against direct formulas, and the shape rules.
@Suite struct ForwardValueTests {
  @Test func arithmeticAndBroadcasting() {
    let a = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
    #expect((a + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
    #expect((a * Tensor(shape: [2, 1], scalars: [2, 3])).scalars == [2, 4, 6, 12, 15, 18])
    #expect((Tensor(1) - a).scalars == [0, -1, -2, -3, -4, -5])
    #expect((a / 2).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
  }

  @Test func reductionsKeepTheAxis() {
    let a = Tensor<Double>(rows: [[1, 5, 3], [4, 2, 6]])
    #expect(a.sum(alongAxis: 0) == Tensor(shape: [1, 3], scalars: [5, 7, 9]))
    #expect(a.sum(alongAxis: 1) == Tensor(shape: [2, 1], scalars: [9, 12]))
    #expect(a.max(alongAxis: 1).scalars == [5, 6])
    #expect(a.mean().scalar == 3.5)
    let lse = a.logSumExp(alongAxis: 1).scalars
    #expect(abs(lse[0] - log(exp(1.0) + exp(5.0) + exp(3.0))) < 1e-12)
  }

  @Test func logSumExpIsStableForLargeAndInfiniteScores() {
    let a = Tensor<Double>(rows: [[1000, 1000], [-.infinity, 0], [-.infinity, -.infinity]])
    let lse = a.logSumExp(alongAxis: 1).scalars
    #expect(abs(lse[0] - (1000 + log(2.0))) < 1e-9)
    #expect(lse[1] == 0)
    #expect(lse[2] == -.infinity)
    let softmax = a.rows(0..<2).softmax(alongAxis: 1).scalars
    #expect(softmax == [0.5, 0.5, 0, 1])
  }

  @Test func activationValues() {
    let x = Tensor<Double>([-2, -0.5, 0, 0.5, 3])
    #expect(x.relu().scalars == [0, 0, 0, 0.5, 3])
    #expect(x.leakyRelu(slope: 0.1).scalars == [-0.2, -0.05, 0, 0.5, 3])
    for (value, input) in zip(x.sigmoid().scalars, x.scalars) {
      #expect(abs(value - 1 / (1 + exp(-input))) < 1e-15)
    }
    for (value, input) in zip(x.softplus().scalars, x.scalars) {
      #expect(abs(value - log(1 + exp(input))) < 1e-15)
    }
    // GELU(x) = x·Φ(x); Φ(0.5) = 0.691462461274013.
    #expect(abs(x.gelu().scalars[3] - 0.5 * 0.691462461274013) < 1e-12)
    #expect(abs(x.elu().scalars[0] - (exp(-2.0) - 1)) < 1e-15)
    // Large arguments neither overflow nor lose the linear tail.
    #expect(Tensor<Float>([100]).softplus().scalars == [100])
    #expect(Tensor<Float>([-100]).sigmoid().scalars[0] >= 0)
  }

  @Test func dataMovementValues() {
    let a = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
    #expect(a.transposed() == Tensor(rows: [[1, 3, 5], [2, 4, 6]]))
    #expect(a.gatheringRows(at: [2, 0]) == Tensor(rows: [[5, 6], [1, 2]]))
    #expect(a.columns(1..<2).scalars == [2, 4, 6])
    #expect(a.rows(1..<3).scalars == [3, 4, 5, 6])
    #expect(a.concatenated(with: a, alongAxis: 1).shape == [3, 4])
    #expect(Tensor<Double>(identity: 3).diagonal().scalars == [1, 1, 1])
    let masked = Tensor<Double>(zeros: [2, 2]).replacing(with: -.infinity, where: .diagonal(size: 2))
    #expect(masked.scalars == [-.infinity, 0, 0, -.infinity])
    let norms = Tensor<Double>(rows: [[3, 4], [0, 0]]).l2NormalizedRows()
    #expect(zip(norms.scalars, [0.6, 0.8, 0, 0]).allSatisfy { abs($0 - $1) < 1e-15 })
  }

  @Test func shufflingRowsIsAPermutation() {
    var generator = SeededGenerator(seed: 12)
    let a = Tensor<Double>(rows: (0..<6).map { [Double($0), Double($0) * 10] })
    let (shuffled, permutation) = a.shufflingRows(using: &generator)
    #expect(permutation.sorted() == Array(0..<6))
    #expect(shuffled == a.gatheringRows(at: permutation))
    #expect(shuffled.scalars[0] == Double(permutation[0]))
  }

  @Test func pairwiseScores() {
    let x = Tensor<Double>(rows: [[1, 0], [0, 2]])
    let y = Tensor<Double>(rows: [[1, 1], [3, 0], [0, 0]])
    #expect(PairwiseScores.dotProducts(x, y) == Tensor(rows: [[1, 3, 0], [2, 0, 0]]))
    #expect(PairwiseScores.squaredDistances(x, y) == Tensor(rows: [[1, 4, 1], [2, 13, 4]]))
  }

  @Test func seededCreationReproduces() {
    var g1 = SeededGenerator(seed: 5)
    var g2 = SeededGenerator(seed: 5)
    let a = Tensor<Float>(randomNormal: [3, 7], using: &g1)
    let b = Tensor<Float>(randomNormal: [3, 7], using: &g2)
    #expect(a == b)
    let u = Tensor<Double>(randomUniform: [1000], lower: -1, upper: 2, using: &g1)
    #expect(u.scalars.allSatisfy { $0 >= -1 && $0 < 2 })
    #expect(abs(u.mean().scalar - 0.5) < 0.1)
  }
}
