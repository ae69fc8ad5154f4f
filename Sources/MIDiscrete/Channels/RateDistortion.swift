import Foundation

/// Points of the rate–distortion function R(D) = min_{q(x̂|x): E d ≤ D} I(X; X̂) of a
/// discrete source by Blahut's algorithm (Blahut 1972), with a certificate.
///
/// For a slope β ≥ 0 and a reproduction distribution r(x̂), let A(x, x̂) = e^{−β d(x, x̂)},
/// cₓ = Σ_x̂ r(x̂) A(x, x̂), q(x̂ | x) = r(x̂) A(x, x̂) / cₓ and C(x̂) = Σₓ p(x) A(x, x̂) / cₓ; an
/// iteration replaces r by r·C. The test channel q achieves distortion D_q = E d and rate
/// I_q = I(X; X̂), so R(D_q) ≤ I_q; and for every r (Blahut 1972, Theorem 8),
///
///     R(D_q) ≥ −β D_q − Σₓ p(x) log cₓ − log max_x̂ C(x̂),
///
/// so the iteration stops when the two differ by at most `tolerance`. Larger β weighs
/// distortion more: the point moves toward low distortion and high rate (the slope of R at
/// the point is −β).
public struct RateDistortion: Sendable {
  /// The largest gap between the rate and its lower bound at which to stop, in nats.
  public var tolerance: Double
  /// The most iterations.
  public var maximumIterations: Int

  /// Blahut's algorithm stopping at a gap of `tolerance` nats (default 10⁻⁹) or after
  /// `maximumIterations` (default 10⁶).
  public init(tolerance: Double = 1e-9, maximumIterations: Int = 1_000_000) {
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
  }

  /// One point of the curve.
  public struct Point: Sendable {
    /// The slope parameter β.
    public var slope: Double
    /// D_q = Σ p(x) q(x̂|x) d(x, x̂).
    public var distortion: Double
    /// I_q, an upper bound on R(D_q) (achieved by `testChannel`).
    public var rate: Double
    /// Blahut's lower bound on R(D_q).
    public var lowerBound: Double
    /// q(x̂ | x), one row per source symbol.
    public var testChannel: [[Double]]
    /// r(x̂), the distribution of the reproduction.
    public var reproduction: [Double]
    /// The iterations run.
    public var iterations: Int
    /// Whether the gap reached `tolerance`.
    public var converged: Bool
  }

  /// The point of slope −β of the source `source` (probabilities of its symbols) under
  /// the distortion `distortion[x][x̂]`.
  ///
  /// - Throws: for a source that is not a distribution, a distortion matrix of the wrong
  ///   shape or with an entry that is negative or not finite, a slope that is negative or
  ///   not finite, or a bad tolerance.
  public func point(source: [Double], distortion: [[Double]], slope beta: Double) throws(DiscreteDistributionError) -> Point {
    try check(source: source, distortion: distortion, slope: beta)
    let (m, n) = (source.count, distortion[0].count)
    // A(x, x̂) = e^{−β (d − min_x̂ d)}: shifting each row leaves q unchanged and keeps A ≤ 1
    // without underflow of a whole row.
    var a = [Double](repeating: 0, count: m * n)
    var shifts = [Double](repeating: 0, count: m)
    for x in 0..<m {
      let least = distortion[x].min()!
      shifts[x] = least
      for y in 0..<n { a[x * n + y] = exp(-beta * (distortion[x][y] - least)) }
    }
    var r = [Double](repeating: 1 / Double(n), count: n)
    var c = [Double](repeating: 0, count: m)
    var big = [Double](repeating: 0, count: n)
    var iteration = 0
    while true {
      for x in 0..<m {
        var sum = 0.0
        for y in 0..<n { sum += r[y] * a[x * n + y] }
        c[x] = sum
      }
      for y in 0..<n { big[y] = 0 }
      for x in 0..<m where source[x] > 0 {
        let weight = source[x] / c[x]
        for y in 0..<n { big[y] += weight * a[x * n + y] }
      }
      // The test channel of this r, its distortion, its output r′ = r·C and its rate.
      var distortionValue = 0.0
      var rate = 0.0
      for x in 0..<m where source[x] > 0 {
        for y in 0..<n where r[y] > 0 {
          let q = r[y] * a[x * n + y] / c[x]
          guard q > 0 else { continue }
          distortionValue += source[x] * q * distortion[x][y]
          rate += source[x] * q * log(q / (r[y] * big[y]))
        }
      }
      rate = max(rate, 0)
      // −β D − Σ p log cₓ, with cₓ of the unshifted A = cₓ e^{−β shiftₓ}.
      var lower = -beta * distortionValue
      for x in 0..<m where source[x] > 0 { lower -= source[x] * (log(c[x]) - beta * shifts[x]) }
      lower -= log(big.max()!)
      lower = min(max(lower, 0), rate)
      let converged = rate - lower <= tolerance
      if converged || iteration == maximumIterations {
        let channel = (0..<m).map { x in (0..<n).map { y in r[y] * a[x * n + y] / c[x] } }
        return Point(
          slope: beta, distortion: distortionValue, rate: rate, lowerBound: lower, testChannel: channel, reproduction: r,
          iterations: iteration, converged: converged)
      }
      for y in 0..<n { r[y] *= big[y] }
      let total = r.reduce(0, +)
      for y in 0..<n { r[y] /= total }
      iteration += 1
    }
  }

  private func check(source: [Double], distortion: [[Double]], slope: Double) throws(DiscreteDistributionError) {
    guard tolerance >= 0, tolerance.isFinite else {
      throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0")
    }
    guard maximumIterations >= 1 else {
      throw .invalidParameter(name: "maximum iterations", value: "\(maximumIterations)", reason: "must be at least 1")
    }
    guard slope >= 0, slope.isFinite else {
      throw .invalidParameter(name: "slope β", value: "\(slope)", reason: "must be a finite number ≥ 0")
    }
    guard !source.isEmpty else { throw .empty(what: "the source distribution") }
    if let x = source.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
      throw .invalidProbability(index: x, outcome: "(source symbol \(x))", value: source[x])
    }
    let total = source.reduce(0, +)
    guard abs(total - 1) <= 1e-9 else { throw .notNormalized(sum: total, tolerance: 1e-9) }
    guard distortion.count == source.count else {
      throw .invalidParameter(name: "distortion", value: "\(distortion.count) rows", reason: "needs one row per source symbol (\(source.count))")
    }
    let width = distortion[0].count
    guard width > 0 else { throw .empty(what: "the reproduction alphabet (distortion row 0)") }
    for (x, row) in distortion.enumerated() {
      guard row.count == width else {
        throw .invalidParameter(name: "distortion row \(x)", value: "\(row.count) entries", reason: "row 0 has \(width)")
      }
      if let y = row.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw .invalidParameter(name: "distortion d(\(x), \(y))", value: "\(row[y])", reason: "distortions must be finite and ≥ 0")
      }
    }
  }
}
