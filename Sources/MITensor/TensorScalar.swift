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

  /// y[i] = e^{x[i]} for i < count, vectorized where the type has a kernel (x may equal y).
  static func exp(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int)

  /// x[i] = max(x[i], 0) in place (the ReLU).
  static func rectify(_ x: UnsafeMutablePointer<Self>, count: Int)

  /// g[i] = 0 wherever y[i] ≤ 0 (the ReLU pullback, from the output).
  static func zeroWhereNotPositive(_ g: UnsafeMutablePointer<Self>, _ y: UnsafePointer<Self>, count: Int)

  /// Σ x[i] over a contiguous run (vectorized where the type has a kernel).
  static func sum(_ x: UnsafePointer<Self>, count: Int) -> Self

  /// max x[i] over a contiguous run (−∞ when empty, NaN if any is NaN).
  static func maximum(_ x: UnsafePointer<Self>, count: Int) -> Self

  /// One Adam update over contiguous runs θ, m, v, g of `count` scalars (see `Adam`):
  /// g′ = g + coupled·θ; m ← β₁m + (1−β₁)g′; v ← β₂v + (1−β₂)g′²;
  /// θ ← θ·shrink − stepSize·m / (√(v / correction2) + ε).
  static func adamStep(
    _ theta: UnsafeMutablePointer<Self>, _ m: UnsafeMutablePointer<Self>, _ v: UnsafeMutablePointer<Self>,
    _ g: UnsafePointer<Self>, count: Int, stepSize: Self, beta1: Self, beta2: Self, correction2: Self,
    epsilon: Self, coupled: Self, shrink: Self)

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

  /// The AVX2/FMA kernel of `_MIKernels` (8 lanes, < 2 ulp).
  public static func exp(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    mi_exp_f32(x, y, count)
  }

  public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float { mi_sum_f32(x, count) }

  public static func adamStep(
    _ theta: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ g: UnsafePointer<Float>, count: Int, stepSize: Float, beta1: Float, beta2: Float, correction2: Float,
    epsilon: Float, coupled: Float, shrink: Float
  ) {
    mi_adam_f32(theta, m, v, g, count, stepSize, beta1, beta2, correction2, epsilon, coupled, shrink)
  }
  public static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float { mi_max_f32(x, count) }

  /// A C loop the compiler vectorizes (see `_MIKernels`).
  public static func rectify(_ x: UnsafeMutablePointer<Float>, count: Int) { mi_relu_f32(x, count) }

  public static func zeroWhereNotPositive(_ g: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
    mi_relu_backward_f32(g, y, count)
  }

  /// Runs the packed, cache-blocked AVX2/FMA kernel of `_MIKernels` on all cores: B is packed
  /// once and shared, and C is split into blocks of rows (or of column panels when it has
  /// few rows) over the kernels' spinning worker pool.
  public static func multiplyMatrices(
    transposingA: Bool, transposingB: Bool, m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float,
    into c: UnsafeMutablePointer<Float>
  ) {
    let lda = transposingA ? m : k
    let ldb = transposingB ? k : n
    let ta: Int32 = transposingA ? 1 : 0
    let tb: Int32 = transposingB ? 1 : 0
    // Below about a million multiply-adds, one core finishes before a second would help.
    if Double(m) * Double(n) * Double(k) < 1_000_000 {
      mi_sgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, n)
    } else {
      mi_sgemm_parallel(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, n)
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

  public static func exp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
    for i in 0..<count { y[i] = Glibc.exp(x[i]) }
  }

  public static func adamStep(
    _ theta: UnsafeMutablePointer<Double>, _ m: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafePointer<Double>, count: Int, stepSize: Double, beta1: Double, beta2: Double, correction2: Double,
    epsilon: Double, coupled: Double, shrink: Double
  ) {
    for i in 0..<count {
      let gi = g[i] + coupled * theta[i]
      m[i] = beta1 * m[i] + (1 - beta1) * gi
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
      theta[i] = theta[i] * shrink - stepSize * m[i] / ((v[i] / correction2).squareRoot() + epsilon)
    }
  }

  public static func sum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    var total = 0.0
    for i in 0..<count { total += x[i] }
    return total
  }

  public static func maximum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    var best = -Double.infinity
    for i in 0..<count {
      if x[i].isNaN { return .nan }
      if x[i] > best { best = x[i] }
    }
    return best
  }

  public static func rectify(_ x: UnsafeMutablePointer<Double>, count: Int) {
    for i in 0..<count where x[i] < 0 { x[i] = 0 }
  }

  public static func zeroWhereNotPositive(_ g: UnsafeMutablePointer<Double>, _ y: UnsafePointer<Double>, count: Int) {
    for i in 0..<count where !(y[i] > 0) { g[i] = 0 }
  }

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
