import Foundation
import MINumerics
import _MIKernels

/// The capacity C = max_p I(X; Y) of a discrete memoryless channel by the Blahut–Arimoto
/// algorithm (Blahut 1972; Arimoto 1972), with a certificate at every iteration.
///
/// With q = pW the output distribution and Dₓ = D(W(· | x) ‖ q), an iteration replaces p
/// by p(x) e^{Dₓ} / Σ p(x′) e^{D_{x′}}. For every p,
///
///     I(p; W) = Σₓ p(x) Dₓ  ≤  C  ≤  maxₓ Dₓ
///
/// (the upper bound is the Kuhn–Tucker condition: at the optimum every used input has
/// Dₓ = C and no input has more), so the iteration stops when the gap maxₓ Dₓ − I(p; W)
/// is at most `tolerance`, and the capacity lies in the reported interval even when the
/// iteration budget runs out first (`converged` is then false).
///
/// Two accelerations (on by default, `accelerated`): the squared extrapolation of Varadhan
/// & Roland (2008) along two Blahut–Arimoto steps, kept when it raises I(p; W); and, after
/// 100, 200, 400, … iterations, Newton's method on the inputs whose Dₓ is near the maximum.
/// Every point visited only tightens the certificate: the best lower and upper bounds seen
/// are reported.
///
/// - Complexity: two matrix–vector products per iteration, O(inputs × outputs); the
///   entropies Σ_y W log W of the rows are computed once; a Newton step costs
///   O(k²·outputs + k³) for k near-maximal inputs. The plain iteration's gap shrinks
///   geometrically when the optimum is strict, but like 1/n when an unused input is as good
///   as the used ones; Newton's steps close that gap to rounding.
public struct ChannelCapacity: Sendable {
  /// The largest gap between the bounds at which to stop, in nats.
  public var tolerance: Double
  /// The most iterations (Blahut–Arimoto steps, extrapolations and Newton steps each count
  /// one).
  public var maximumIterations: Int
  /// Whether to accelerate (the default): squared extrapolation between Blahut–Arimoto steps
  /// and Newton's steps on the near-maximal inputs; false runs the plain iteration.
  public var accelerated: Bool

  /// Blahut–Arimoto stopping at a gap of `tolerance` nats (default 10⁻⁹) or after
  /// `maximumIterations` (default 10⁶), accelerated unless `accelerated` is false.
  public init(tolerance: Double = 1e-9, maximumIterations: Int = 1_000_000, accelerated: Bool = true) {
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
    self.accelerated = accelerated
  }

  /// The bounds at one iteration.
  public struct Bounds: Sendable, Equatable {
    /// The iteration (0 for the uniform start).
    public var iteration: Int
    /// I(p; W) of the current input distribution.
    public var lower: Double
    /// maxₓ D(W(· | x) ‖ pW).
    public var upper: Double
  }

  /// What the algorithm found.
  public struct Result: Sendable {
    /// The capacity in nats: I(p; W) of the returned input, achieved, within `tolerance`
    /// of the capacity when `converged`.
    public var capacity: Double
    /// The certified upper bound maxₓ Dₓ at the returned input.
    public var upperBound: Double
    /// The capacity-achieving input distribution found.
    public var input: [Double]
    /// The output distribution it induces.
    public var output: [Double]
    /// The iterations run.
    public var iterations: Int
    /// Whether the gap reached `tolerance`.
    public var converged: Bool
    /// The bounds at every iteration, when asked for.
    public var history: [Bounds]
  }

  /// Runs Blahut–Arimoto on `channel` from the uniform input; `recordingBounds` keeps the
  /// bounds of every iteration.
  ///
  /// - Throws: for a tolerance that is negative or not finite, or no iterations.
  public func capacity(of channel: DiscreteChannel, recordingBounds: Bool = false) throws(DiscreteDistributionError) -> Result {
    guard tolerance >= 0, tolerance.isFinite else {
      throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0")
    }
    guard maximumIterations >= 1 else {
      throw .invalidParameter(name: "maximum iterations", value: "\(maximumIterations)", reason: "must be at least 1")
    }
    var evaluator = Evaluator(channel)
    let m = channel.inputCount
    var history: [Bounds] = []
    var iteration = 0
    // The best bounds seen: any p gives a lower bound, any q an upper one.
    var best = (lower: 0.0, upper: Double.infinity, input: [Double](), output: [Double]())
    func record(_ p: [Double]) -> Bool {
      let (lower, upper) = evaluator.evaluate(p)
      if lower > best.lower || best.input.isEmpty { (best.lower, best.input) = (lower, p) }
      if upper < best.upper { (best.upper, best.output) = (upper, evaluator.q) }
      if recordingBounds { history.append(Bounds(iteration: iteration, lower: best.lower, upper: max(best.upper, best.lower))) }
      return max(best.upper, best.lower) - best.lower <= tolerance
    }
    var p0 = [Double](repeating: 1 / Double(m), count: m)
    var converged = record(p0)
    var evaluated = true  // whether the evaluator's last evaluation is of p0
    var nextPolish = 100
    while !converged && iteration < maximumIterations {
      if !accelerated {
        p0 = evaluator.step(p0)
        iteration += 1
        converged = record(p0)
        continue
      }
      if iteration >= nextPolish {
        // Newton's method on the inputs near the maximum (see `polish`), from the best p.
        nextPolish = iteration * 2
        let (polished, steps) = evaluator.polish(best.input, gap: max(best.upper - best.lower, tolerance))
        iteration += steps
        converged = record(polished)
        if converged { break }
        if evaluator.lastLower >= best.lower - 1e-15 { (p0, evaluated) = (polished, true) }
      }
      if !evaluated { _ = evaluator.evaluate(p0) }
      // Two Blahut–Arimoto steps, then the squared extrapolation of Varadhan & Roland (2008)
      // along them, kept only when it raises I(p; W).
      let p1 = evaluator.step(p0)
      iteration += 1
      converged = record(p1)
      if converged || iteration >= maximumIterations { break }
      let p2 = evaluator.step(p1)
      iteration += 1
      converged = record(p2)
      if converged || iteration >= maximumIterations { break }
      let lower2 = evaluator.lastLower
      var (rr, vv) = (0.0, 0.0)
      for x in 0..<m {
        let r = p1[x] - p0[x]
        let v = p2[x] - 2 * p1[x] + p0[x]
        rr += r * r
        vv += v * v
      }
      guard vv > 0, rr > 0 else {
        (p0, evaluated) = (p2, true)
        continue
      }
      let alpha = min(-1, -(rr / vv).squareRoot())
      var extrapolated = [Double](repeating: 0, count: m)
      var total = 0.0
      for x in 0..<m {
        let r = p1[x] - p0[x]
        let v = p2[x] - 2 * p1[x] + p0[x]
        // Never below a hundredth of the last step's mass: an input the extrapolation would
        // empty can still come back.
        extrapolated[x] = max(p0[x] - 2 * alpha * r + alpha * alpha * v, 0.01 * p2[x])
        total += extrapolated[x]
      }
      for x in 0..<m { extrapolated[x] /= total }
      iteration += 1
      converged = record(extrapolated)
      evaluated = evaluator.lastLower >= lower2
      p0 = evaluated ? extrapolated : p2
    }
    let upper = max(best.upper, best.lower)
    return Result(
      capacity: best.lower, upperBound: upper, input: best.input, output: best.output.isEmpty ? evaluator.q : best.output,
      iterations: iteration, converged: converged, history: history)
  }

  /// The bounds and the Blahut–Arimoto map of a channel, with its fixed parts computed once.
  private struct Evaluator {
    let channel: DiscreteChannel
    /// Σ_y W log W of each row, the part of Dₓ that does not change.
    let rowTerms: [Double]
    /// q = pW of the last evaluation.
    var q: [Double]
    /// Dₓ of the last evaluation.
    var d: [Double]
    var logQ: [Double]
    /// I(p; W) of the last evaluation.
    var lastLower = 0.0
    var lastUpper = 0.0

    init(_ channel: DiscreteChannel) {
      let n = channel.outputCount
      self.channel = channel
      rowTerms = (0..<channel.inputCount).map { x in
        (0..<n).reduce(0.0) { sum, y in
          let value = channel.transitions[x * n + y]
          return value > 0 ? sum + value * log(value) : sum
        }
      }
      q = [Double](repeating: 0, count: n)
      d = [Double](repeating: 0, count: channel.inputCount)
      logQ = q
    }

    /// I(p; W) = Σ p Dₓ and maxₓ Dₓ for q = pW, Dₓ = Σ_y W log W − Σ_y W log q.
    mutating func evaluate(_ p: [Double]) -> (lower: Double, upper: Double) {
      let (m, n) = (channel.inputCount, channel.outputCount)
      var (lower, upper) = (0.0, -Double.infinity)
      // q = pᵀW and W·log q, the two matrix–vector products, by the AVX2 kernels.
      channel.transitions.withUnsafeBufferPointer { w in
        q.withUnsafeMutableBufferPointer { q in
          p.withUnsafeBufferPointer { p in mi_dvecmat(m, n, p.baseAddress!, w.baseAddress!, q.baseAddress!) }
          logQ.withUnsafeMutableBufferPointer { logQ in
            for y in 0..<n { logQ[y] = q[y] > 0 ? log(q[y]) : 0 }
            d.withUnsafeMutableBufferPointer { d in
              mi_dmatvec(m, n, w.baseAddress!, logQ.baseAddress!, d.baseAddress!)
              for x in 0..<m {
                d[x] = rowTerms[x] - d[x]
                lower += p[x] * d[x]
                upper = max(upper, d[x])
              }
            }
          }
        }
      }
      lower = max(lower, 0)
      (lastLower, lastUpper) = (lower, max(upper, lower))
      return (lastLower, lastUpper)
    }

    /// Newton's method for max I(p; W) on the inputs whose Dₓ lies within 10 × `gap` of the
    /// largest, from `start`: I is concave with gradient Dₓ − 1 and Hessian −W diag(1/q) Wᵀ,
    /// so each step solves (W_A diag(1/q) W_Aᵀ + λI) Δ = g − ν·1 with ν keeping Σ Δ = 0 (λ a
    /// 10⁻¹⁰ relative ridge, for inputs with equal or dependent rows), moves as far as
    /// p ≥ 0 allows (an input that reaches 0 leaves the set) and halves the step until I
    /// rises. Blahut–Arimoto's gap closes like 1/n when an unused input is as good as the
    /// used ones (empowerment in symmetric gridworlds: a million iterations left 10⁻⁷);
    /// this closes it to rounding in a few steps. Returns the last p and the steps taken.
    mutating func polish(_ start: [Double], gap: Double) -> ([Double], Int) {
      let n = channel.outputCount
      var p = start
      var (lower, upper) = evaluate(p)
      var active = (0..<channel.inputCount).filter { d[$0] >= upper - 10 * gap || p[$0] > 0.01 / Double(channel.inputCount) }
      guard active.count >= 1, active.count <= 2000 else { return (p, 0) }
      let kept = Set(active)
      for other in 0..<channel.inputCount where !kept.contains(other) { p[other] = 0 }
      let total = p.reduce(0, +)
      p = p.map { $0 / total }
      (lower, upper) = evaluate(p)
      var steps = 0
      for _ in 0..<60 {
        steps += 1
        // W_A diag(1/q) W_Aᵀ = U Uᵀ with the rows U_a = W_a / √q, one matrix–vector product
        // per row of the result.
        let k = active.count
        let scale = q.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var rows = [Double](repeating: 0, count: k * n)
        for (i, a) in active.enumerated() {
          for y in 0..<n { rows[i * n + y] = channel.transitions[a * n + y] * scale[y] }
        }
        var matrix = [Double](repeating: 0, count: k * k)
        rows.withUnsafeBufferPointer { u in
          matrix.withUnsafeMutableBufferPointer { result in
            for i in 0..<k { mi_dmatvec(k, n, u.baseAddress!, u.baseAddress! + i * n, result.baseAddress! + i * k) }
          }
        }
        let ridge = 1e-10 * max((0..<k).map { matrix[$0 * k + $0] }.max() ?? 1, 1e-300)
        for i in 0..<k { matrix[i * k + i] += ridge }
        let m = Matrix(rows: k, columns: k, storage: matrix)
        let right = Matrix(rows: k, columns: 2, storage: active.flatMap { [d[$0] - 1, 1] })
        guard let solved = m.solvingSPD(right) else { break }
        let (mg, m1) = ((0..<k).map { solved[$0, 0] }, (0..<k).map { solved[$0, 1] })
        let nu = mg.reduce(0, +) / m1.reduce(0, +)
        let delta = (0..<k).map { mg[$0] - nu * m1[$0] }
        // The largest step that keeps every p ≥ 0.
        var limit = 1.0
        var blocking: Int?
        for (i, a) in active.enumerated() where delta[i] < 0 && -p[a] / delta[i] < limit {
          (limit, blocking) = (-p[a] / delta[i], i)
        }
        var t = limit
        var improved = false
        for _ in 0..<40 {
          var trial = p
          for (i, a) in active.enumerated() { trial[a] = max(p[a] + t * delta[i], 0) }
          if t == limit, let blocking { trial[active[blocking]] = 0 }
          let sum = trial.reduce(0, +)
          trial = trial.map { $0 / sum }
          let (trialLower, trialUpper) = evaluate(trial)
          if trialLower >= lower {
            (p, lower, upper) = (trial, trialLower, trialUpper)
            improved = true
            break
          }
          t /= 2
        }
        _ = evaluate(p)
        if !improved { break }
        active = active.filter { p[$0] > 0 }
        if active.isEmpty || upper - lower <= 1e-14 * max(1, upper) { break }
      }
      return (p, steps)
    }

    /// p(x) e^{Dₓ − max D} / Z for the Dₓ of the last evaluation of `p`.
    func step(_ p: [Double]) -> [Double] {
      var next = p
      var total = 0.0
      for x in 0..<next.count {
        next[x] *= exp(d[x] - lastUpper)
        total += next[x]
      }
      return next.map { $0 / total }
    }
  }
}
