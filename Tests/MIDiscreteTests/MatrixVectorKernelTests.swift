import Testing
import _MIKernels

/// The double-precision kernels behind Blahut–Arimoto (`mi_dmatvec`, `mi_dvecmat`) against
/// plain loops, on shapes that exercise the vector bodies and the scalar tails, with rows of
/// zero weight skipped.
@Suite struct MatrixVectorKernelTests {
  @Test(arguments: [(1, 1), (7, 13), (5, 37), (33, 64), (3, 100)])
  func kernelsMatchLoops(shape: (Int, Int)) {
    let (m, n) = shape
    var state: UInt64 = UInt64(m * 1000 + n)
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    let w = (0..<(m * n)).map { _ in uniform() }
    let x = (0..<n).map { _ in uniform() }
    let p = (0..<m).map { $0 % 3 == 1 ? 0 : uniform() }
    var y = [Double](repeating: .nan, count: m)
    var q = [Double](repeating: .nan, count: n)
    mi_dmatvec(m, n, w, x, &y)
    mi_dvecmat(m, n, p, w, &q)
    for i in 0..<m {
      let expected = (0..<n).reduce(0.0) { $0 + w[i * n + $1] * x[$1] }
      #expect(abs(y[i] - expected) < 1e-12, "row \(i)")
    }
    for j in 0..<n {
      let expected = (0..<m).reduce(0.0) { $0 + p[$1] * w[$1 * n + j] }
      #expect(abs(q[j] - expected) < 1e-12, "column \(j)")
    }
  }
}
