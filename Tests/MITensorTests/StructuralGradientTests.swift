import Foundation
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Pullbacks of matrix products, reductions, softmax, data movement and pairwise scores
/// against central finite differences in Double.
@Suite struct StructuralGradientTests {
  @Test(arguments: [(1, 1, 1), (3, 5, 2), (7, 1, 9), (17, 9, 6)])
  func matmulInEveryTransposition(m: Int, k: Int, n: Int) {
    let a = randomTensor([m, k], seed: 10)
    let b = randomTensor([k, n], seed: 11)
    checkGradient(of: { matmul($0, $1) }, at: a, b)
    checkGradient(of: { matmul($0, $1, transposingA: true) }, at: a.transposed(), b)
    checkGradient(of: { matmul($0, $1, transposingB: true) }, at: a, b.transposed())
    checkGradient(of: { matmul($0, $1, transposingA: true, transposingB: true) }, at: a.transposed(), b.transposed())
    // One operand constant: the one-sided derivatives (wrt: a, wrt: b) in every transposition.
    for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
      let (left, right) = (transposeA ? a.transposed() : a, transposeB ? b.transposed() : b)
      checkGradient(of: { matmul($0, withoutDerivative(at: right), transposingA: transposeA, transposingB: transposeB) }, at: left)
      checkGradient(of: { matmul(withoutDerivative(at: left), $0, transposingA: transposeA, transposingB: transposeB) }, at: right)
    }
  }

  @Test(arguments: edgeMatrixShapes)
  func reductions(shape: TensorShape) {
    let x = randomTensor(shape, seed: 12)
    checkGradient(of: { $0.sum() }, at: x)
    checkGradient(of: { $0.mean() }, at: x)
    checkGradient(of: { $0.max() }, at: x)
    checkGradient(of: { $0.logSumExp() }, at: x)
    for axis in 0..<2 {
      checkGradient(of: { $0.sum(alongAxis: axis) }, at: x)
      checkGradient(of: { $0.mean(alongAxis: axis) }, at: x)
      checkGradient(of: { $0.max(alongAxis: axis) }, at: x)
      checkGradient(of: { $0.logSumExp(alongAxis: axis) }, at: x)
      checkGradient(of: { $0.softmax(alongAxis: axis) }, at: x)
      checkGradient(of: { $0.logSoftmax(alongAxis: axis) }, at: x)
    }
  }

  /// Score matrices with many scalars take the parallel row path of `logSumExp(alongAxis: 1)`;
  /// too large for an element-wise finite-difference check, so it is held against a per-row
  /// loop (value and pullback) and a directional finite difference, with an all −∞ row.
  @Test func logSumExpOverManyLongRows() {
    let (rows, columns) = (6, 7_001)
    var x = randomTensor([rows, columns], seed: 16, scale: 3)
    x.withUnsafeMutableScalars { s in for j in 0..<columns { s[5 * columns + j] = -.infinity } }
    let tangent = randomTensor([rows, 1], seed: 17)
    let (value, pullback) = valueWithPullback(at: x) { $0.logSumExp(alongAxis: 1) }
    let lineGradient = pullback(tangent)
    let s = Array(x.scalars)
    var expectedGradient = [Double](repeating: 0, count: s.count)
    for r in 0..<rows {
      let line = s[(r * columns)..<((r + 1) * columns)]
      let best = line.max()!
      let expected = best.isFinite ? best + log(line.reduce(0) { $0 + exp($1 - best) }) : best
      #expect(value.scalars[r] == expected || abs(value.scalars[r] - expected) <= 1e-12 * abs(expected), "row \(r)")
      if expected.isFinite {
        for j in 0..<columns { expectedGradient[r * columns + j] = tangent.scalars[r] * exp(s[r * columns + j] - expected) }
      }
    }
    expectClose(Array(lineGradient.scalars), expectedGradient, tolerance: 1e-12)
    // Directional finite difference on the finite rows: d/dh Σ t ⊙ lse(x + h·d) at h = 0.
    let finite = x.rows(0..<5)  // 35,005 scalars: still the parallel path
    let direction = randomTensor(finite.shape, seed: 18)
    let t = tangent.rows(0..<5)
    let loss: (Tensor<Double>) -> Double = { ($0.logSumExp(alongAxis: 1) * t).sum().scalar }
    let h = 1e-5
    let numeric = (loss(finite + h * direction) - loss(finite - h * direction)) / (2 * h)
    let analytic = (gradient(at: finite) { ($0.logSumExp(alongAxis: 1) * t).sum() } * direction).sum().scalar
    #expect(abs(numeric - analytic) <= 1e-7 * max(1, abs(analytic)))
  }

  @Test func reductionsOfVectorsAndRank3() {
    let v = randomTensor([6], seed: 13)
    checkGradient(of: { $0.softmax() }, at: v)
    checkGradient(of: { $0.logSumExp(alongAxis: 0) }, at: v)
    let t = randomTensor([2, 3, 4], seed: 14)
    for axis in 0..<3 {
      checkGradient(of: { $0.sum(alongAxis: axis) }, at: t)
      checkGradient(of: { $0.logSoftmax(alongAxis: axis) }, at: t)
    }
  }

  @Test func shapeChanges() {
    let x = randomTensor([3, 5], seed: 15)
    checkGradient(of: { $0.transposed() }, at: x)
    checkGradient(of: { $0.reshaped(to: [5, 3]) }, at: x)
    checkGradient(of: { $0.reshaped(to: [15]) }, at: x)
  }

  @Test func dataMovement() {
    let x = randomTensor([4, 3], seed: 16)
    let y = randomTensor([4, 2], seed: 17)
    let z = randomTensor([5, 3], seed: 18)
    checkGradient(of: { $0.concatenated(with: $1, alongAxis: 1) }, at: x, y)
    checkGradient(of: { $0.concatenated(with: $1, alongAxis: 0) }, at: x, z)
    checkGradient(of: { $0.rows(1..<3) }, at: x)
    checkGradient(of: { $0.columns(2..<3) }, at: x)
    checkGradient(of: { $0.gatheringRows(at: [3, 0, 3, 1, 3]) }, at: x)
    let square = randomTensor([5, 5], seed: 19)
    checkGradient(of: { $0.diagonal() }, at: square)
    checkGradient(of: { $0.replacing(with: -1e3, where: .diagonal(size: 5)) }, at: square)
  }

  @Test func normalizationAndPairwiseScores() {
    let x = randomTensor([4, 3], seed: 20)
    let y = randomTensor([6, 3], seed: 21)
    checkGradient(of: { $0.l2NormalizedRows() }, at: x)
    checkGradient(of: { PairwiseScores.dotProducts($0, $1) }, at: x, y)
    checkGradient(of: { PairwiseScores.cosineSimilarities($0, $1, temperature: 0.5) }, at: x, y)
    checkGradient(of: { PairwiseScores.squaredDistances($0, $1) }, at: x, y)
  }

  /// The joint critic's first layer on all pairs: gradients in x, y, weight and bias, and
  /// equality with the naive form that tiles every pair [xᵢ, yⱼ].
  @Test(arguments: [Activation.identity, .tanh, .softplus, .gelu])
  func affineOnAllPairsMatchesTiling(activation: Activation) {
    let x = randomTensor([3, 2], seed: 24)
    let y = randomTensor([4, 3], seed: 25)
    let w = randomTensor([5, 5], seed: 26)
    let b = randomTensor([5], seed: 27)
    let pairs = affineOnAllPairs(x, y, weight: w, bias: b, activation: activation)
    let tiledX = x.gatheringRows(at: (0..<12).map { $0 / 4 })
    let tiledY = y.gatheringRows(at: (0..<12).map { $0 % 4 })
    let naive = activation(matmul(tiledX.concatenated(with: tiledY, alongAxis: 1), w, transposingB: true) + b)
    expectClose(Array(pairs.scalars), Array(naive.scalars), tolerance: 1e-12)
    checkGradient(of: { affineOnAllPairs($0, $1, weight: w, bias: b, activation: activation) }, at: x, y)
    checkGradient(of: { affineOnAllPairs(x, y, weight: $0, bias: $1, activation: activation) }, at: w, b)
  }

  /// A composite loss (an InfoNCE-like expression) differentiated end to end.
  @Test func compositeLoss() {
    let x = randomTensor([5, 3], seed: 22)
    let y = randomTensor([5, 3], seed: 23)
    checkGradient(of: { a, b in
      let scores = matmul(a.tanh(), b, transposingB: true)
      return scores.diagonal().mean() - scores.logSumExp(alongAxis: 1).mean()
    }, at: x, y)
  }
}
