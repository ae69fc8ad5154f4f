import Foundation
import MINumerics
import MITensor
import MITestSupport
import Testing

/// The Float kernel (packed, blocked, AVX2/FMA, multithreaded) against a naive triple
/// loop in Double, on shapes that hit every edge: single rows and columns, sizes that are
/// not multiples of the 6×16 micro-tile, K above the 256-deep block, M above the 144-row
/// block, and products large enough to be split over threads, by rows and (for short, wide
/// products) by column panels.
@Suite struct MatrixMultiplicationTests {
  static let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (1, 7, 1), (5, 1, 17), (6, 16, 16), (7, 17, 15), (13, 300, 33),
    (150, 20, 70), (257, 129, 190), (64, 513, 40), (8, 64, 700), (8, 300, 700), (5, 1000, 400),
  ]

  @Test(arguments: shapes)
  func floatKernelMatchesNaiveLoop(m: Int, k: Int, n: Int) {
    var generator = SeededGenerator(seed: UInt64(m * 1000 + k * 10 + n))
    let a = Tensor<Float>(randomNormal: [m, k], using: &generator)
    let b = Tensor<Float>(randomNormal: [k, n], using: &generator)
    let reference = naiveProduct(a, b)
    // Float accumulation of k products of N(0,1) terms: error grows like √k·ε·|terms|.
    let tolerance = 1e-5 * Double(k).squareRoot() * 4
    for (label, product) in [
      ("A·B", matmul(a, b)),
      ("(Aᵀ)ᵀ·B", matmul(a.transposed(), b, transposingA: true)),
      ("A·(Bᵀ)ᵀ", matmul(a, b.transposed(), transposingB: true)),
      ("both", matmul(a.transposed(), b.transposed(), transposingA: true, transposingB: true)),
    ] {
      #expect(product.shape == [m, n], "\(label)")
      let worst = zip(product.scalars, reference).map { abs(Double($0) - $1) }.max() ?? 0
      #expect(worst <= tolerance, "\(label) at \(m)×\(k)·\(k)×\(n): error \(worst)")
    }
  }

  @Test func doubleProductMatchesNaiveLoop() {
    let a = randomTensor([9, 13], seed: 30)
    let b = randomTensor([13, 5], seed: 31)
    let reference = naiveProduct(a, b)
    let worst = zip(matmul(a, b).scalars, reference).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-12)
  }

  @Test func emptyInnerDimensionGivesZeros() {
    let a = Tensor<Float>(zeros: [3, 0])
    let b = Tensor<Float>(zeros: [0, 4])
    #expect(matmul(a, b) == Tensor(zeros: [3, 4]))
  }

  private func naiveProduct<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> [Double] {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var total = 0.0
        for p in 0..<k { total += Double(a.scalars[i * k + p]) * Double(b.scalars[p * n + j]) }
        c[i * n + j] = total
      }
    }
    return c
  }
}
