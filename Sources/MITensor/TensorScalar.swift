import _Differentiation
import _MIKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A floating-point type that tensors hold: `Float` for training, `Double` for gradient
/// checks and reference computations.
///
/// The requirements are the elementary functions the tensor operations need (the standard
/// library has no generic `exp`) and the matrix-multiplication kernel, which each type
/// implements with the best code it has.
public protocol TensorScalar: BinaryFloatingPoint, Differentiable, Sendable
where TangentVector == Self {
  /// e^x.
  static func exp(_ x: Self) -> Self
  /// The natural logarithm.
  static func log(_ x: Self) -> Self
  /// log(1 + x), accurate for small x.
  static func log1p(_ x: Self) -> Self
  /// e^x − 1, accurate for small x.
  static func expm1(_ x: Self) -> Self
  /// The hyperbolic tangent.
  static func tanh(_ x: Self) -> Self
  /// The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt.
  static func erf(_ x: Self) -> Self

  /// Row-major GEMM: C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C, where op transposes when asked.
  /// With beta = 0, C is only written.
  static func multiplyMatrices(
    transposingA: Bool, transposingB: Bool, m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, beta: Self, into c: UnsafeMutablePointer<Self>)
}

extension Float: TensorScalar {
  public static func exp(_ x: Float) -> Float { expf(x) }
  public static func log(_ x: Float) -> Float { logf(x) }
  public static func log1p(_ x: Float) -> Float { log1pf(x) }
  public static func expm1(_ x: Float) -> Float { expm1f(x) }
  public static func tanh(_ x: Float) -> Float { tanhf(x) }
  public static func erf(_ x: Float) -> Float { erff(x) }

  /// Runs the packed, cache-blocked AVX2/FMA kernel of `_MIKernels` on all cores: C is split
  /// into blocks of rows (or of columns when it has few rows), one per thread.
  public static func multiplyMatrices(
    transposingA: Bool, transposingB: Bool, m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float,
    into c: UnsafeMutablePointer<Float>
  ) {
    let lda = transposingA ? m : k
    let ldb = transposingB ? k : n
    let ta: Int32 = transposingA ? 1 : 0
    let tb: Int32 = transposingB ? 1 : 0
    let work = Double(m) * Double(n) * Double(k)
    let threads = work < 1_500_000 ? 1 : GEMMThreads.count
    if threads == 1 {
      mi_sgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, n)
      return
    }
    let pointers = GEMMPointers(a: a, b: b, c: c)
    if m >= n || m >= 6 * threads * 4 {
      // Row blocks: a multiple of the micro-kernel's 6 rows.
      let rowsPerBlock = ((m + threads - 1) / threads + 5) / 6 * 6
      let blocks = (m + rowsPerBlock - 1) / rowsPerBlock
      GEMMThreads.run(blocks) { block in
        let start = block * rowsPerBlock
        let rows = min(rowsPerBlock, m - start)
        let aBlock = transposingA ? pointers.a + start : pointers.a + start * lda
        mi_sgemm(ta, tb, rows, n, k, 1, aBlock, lda, pointers.b, ldb, beta, pointers.c + start * n, n)
      }
    } else {
      // Column blocks: a multiple of the micro-kernel's 16 columns.
      let columnsPerBlock = ((n + threads - 1) / threads + 15) / 16 * 16
      let blocks = (n + columnsPerBlock - 1) / columnsPerBlock
      GEMMThreads.run(blocks) { block in
        let start = block * columnsPerBlock
        let columns = min(columnsPerBlock, n - start)
        let bBlock = transposingB ? pointers.b + start * ldb : pointers.b + start
        mi_sgemm(ta, tb, m, columns, k, 1, pointers.a, lda, bBlock, ldb, beta, pointers.c + start, n)
      }
    }
  }
}

extension Double: TensorScalar {
  public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  public static func log(_ x: Double) -> Double { Glibc.log(x) }
  public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
  public static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
  public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  public static func erf(_ x: Double) -> Double { Glibc.erf(x) }

  /// A straightforward i-p-j loop: Double tensors serve gradient checks and references, where
  /// clarity matters more than speed.
  public static func multiplyMatrices(
    transposingA: Bool, transposingB: Bool, m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, beta: Double,
    into c: UnsafeMutablePointer<Double>
  ) {
    for i in 0..<m {
      let row = c + i * n
      if beta == 0 {
        row.update(repeating: 0, count: n)
      } else {
        for j in 0..<n { row[j] *= beta }
      }
      for p in 0..<k {
        let aip = transposingA ? a[p * m + i] : a[i * k + p]
        if transposingB {
          for j in 0..<n { row[j] += aip * b[j * k + p] }
        } else {
          let bRow = b + p * n
          for j in 0..<n { row[j] += aip * bRow[j] }
        }
      }
    }
  }
}

/// The operands of one matrix multiplication, shared read-only (A, B) or written at
/// disjoint blocks (C) by the threads that split it.
private struct GEMMPointers: @unchecked Sendable {
  let a: UnsafePointer<Float>
  let b: UnsafePointer<Float>
  let c: UnsafeMutablePointer<Float>
}
