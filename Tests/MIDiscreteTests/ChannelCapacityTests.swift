import Foundation
import MIDiscrete
import Testing

/// Blahut–Arimoto for capacity and rate–distortion against closed forms and brute force,
/// and its certificate.
@Suite struct ChannelCapacityTests {
  static func binaryEntropy(_ p: Double) -> Double { p <= 0 || p >= 1 ? 0 : -p * log(p) - (1 - p) * log(1 - p) }

  @Test(arguments: [0.0, 0.01, 0.1, 0.3, 0.5])
  func binarySymmetricChannel(flip epsilon: Double) throws {
    let result = try ChannelCapacity().capacity(of: .binarySymmetric(flipProbability: epsilon))
    let truth = log(2.0) - Self.binaryEntropy(epsilon)
    #expect(result.converged)
    #expect(abs(result.capacity - truth) < 1e-9, "ε = \(epsilon): \(result.capacity) vs \(truth)")
    #expect(result.capacity <= truth + 1e-12 && result.upperBound >= truth - 1e-12)
    #expect(abs(result.input[0] - 0.5) < 1e-6)
  }

  @Test(arguments: [0.0, 0.2, 0.7])
  func binaryErasureChannel(erasure epsilon: Double) throws {
    let result = try ChannelCapacity().capacity(of: .binaryErasure(erasureProbability: epsilon))
    #expect(abs(result.capacity - (1 - epsilon) * log(2.0)) < 1e-9)
  }

  /// A random 3-input, 4-output channel: the capacity found equals the maximum of I(p; W)
  /// over a grid of the input simplex (step 1/600, refined around the best point), within
  /// the grid's resolution, and never above it by more than the tolerance.
  @Test func randomChannelAgainstBruteForce() throws {
    var state: UInt64 = 42
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    let rows = (0..<3).map { _ -> [Double] in
      let raw = (0..<4).map { _ in uniform() * uniform() }
      let total = raw.reduce(0, +)
      return raw.map { $0 / total }
    }
    let channel = try DiscreteChannel(rows: rows)
    let result = try ChannelCapacity(tolerance: 1e-12).capacity(of: channel, recordingBounds: true)
    var best = (value: 0.0, a: 0.0, b: 0.0)
    let steps = 600
    for i in 0...steps {
      for j in 0...(steps - i) {
        let (a, b) = (Double(i) / Double(steps), Double(j) / Double(steps))
        let value = channel.mutualInformation(input: [a, b, max(0, 1 - a - b)])
        if value > best.value { best = (value, a, b) }
      }
    }
    // Refine around the best grid point.
    let h = 1.0 / Double(steps)
    for i in -100...100 {
      for j in -100...100 {
        let (a, b) = (best.a + Double(i) * h / 100, best.b + Double(j) * h / 100)
        guard a >= 0, b >= 0, a + b <= 1 else { continue }
        best.value = max(best.value, channel.mutualInformation(input: [a, b, 1 - a - b]))
      }
    }
    #expect(result.converged)
    #expect(result.capacity >= best.value - 1e-9, "\(result.capacity) vs brute force \(best.value)")
    #expect(result.capacity <= best.value + 1e-6, "\(result.capacity) vs brute force \(best.value)")
    // The certificate brackets the capacity at every iteration, and the lower bound never falls.
    for bounds in result.history {
      #expect(bounds.lower <= result.capacity + 1e-12 && bounds.upper >= result.capacity - 1e-12, "\(bounds)")
    }
    #expect(zip(result.history, result.history.dropFirst()).allSatisfy { $1.lower >= $0.lower - 1e-15 })
    #expect(abs(channel.mutualInformation(input: result.input) - result.capacity) < 1e-12)
  }

  @Test func aBudgetTooSmallStillCertifiesAnInterval() throws {
    let channel = try DiscreteChannel(rows: [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3]])
    let exact = try ChannelCapacity(tolerance: 1e-13).capacity(of: channel)
    let early = try ChannelCapacity(tolerance: 1e-13, maximumIterations: 3).capacity(of: channel)
    #expect(!early.converged && early.iterations == 3)
    #expect(early.capacity <= exact.capacity && early.upperBound >= exact.capacity)
  }

  /// A fair bit under Hamming distortion: R(D) = log 2 − H(D) for D ≤ ½, reached at
  /// D = 1 / (1 + e^β); the lower bound and the rate meet.
  @Test(arguments: [0.5, 1.0, 2.0, 4.0])
  func rateDistortionOfAFairBit(slope beta: Double) throws {
    let point = try RateDistortion().point(source: [0.5, 0.5], distortion: [[0, 1], [1, 0]], slope: beta)
    #expect(point.converged)
    #expect(abs(point.distortion - 1 / (1 + exp(beta))) < 1e-9)
    #expect(abs(point.rate - (log(2.0) - Self.binaryEntropy(point.distortion))) < 1e-9)
    #expect(point.lowerBound <= point.rate && point.rate - point.lowerBound <= 1e-9)
  }

  /// A biased three-symbol source: every point's rate is within its certificate of the
  /// brute-force minimum of I over test channels with at most its distortion (a grid over
  /// q(x̂|x), 2 free parameters per row, on a 3 × 2 reproduction).
  @Test func rateDistortionAgainstBruteForce() throws {
    let source = [0.5, 0.3, 0.2]
    let distortion = [[0.0, 1.0], [1.0, 0.0], [0.4, 0.6]]
    let point = try RateDistortion(tolerance: 1e-10).point(source: source, distortion: distortion, slope: 1.5)
    let steps = 60
    var best = Double.infinity
    for i in 0...steps {
      for j in 0...steps {
        for k in 0...steps {
          let rows = [Double(i), Double(j), Double(k)].map { [$0 / Double(steps), 1 - $0 / Double(steps)] }
          var d = 0.0
          var marginal = [0.0, 0.0]
          for x in 0..<3 {
            for y in 0..<2 {
              d += source[x] * rows[x][y] * distortion[x][y]
              marginal[y] += source[x] * rows[x][y]
            }
          }
          guard d <= point.distortion + 1e-12 else { continue }
          var rate = 0.0
          for x in 0..<3 { for y in 0..<2 where rows[x][y] > 0 { rate += source[x] * rows[x][y] * log(rows[x][y] / marginal[y]) } }
          best = min(best, rate)
        }
      }
    }
    #expect(point.rate <= best + 1e-9, "Blahut \(point.rate) vs grid \(best)")
    #expect(point.lowerBound <= best + 1e-9)
    #expect(best - point.rate < 0.01, "the grid's minimum is near: \(best) vs \(point.rate)")
  }

  @Test func badChannelsAndSettingsAreRefused() {
    #expect(errorMessage { _ = try DiscreteChannel(rows: [[0.5, 0.5], [0.5, 0.6]]) }.contains("channel row 1: it sums to 1.1, not 1"))
    #expect(errorMessage { _ = try DiscreteChannel(rows: [[0.5, 0.5], [1.5, -0.5]]) }.contains("channel row 1: W(y = 1 | x = 1) is -0.5"))
    #expect(errorMessage { _ = try DiscreteChannel(rows: [[0.5, 0.5], [.nan, 1]]) }.contains("W(y = 0 | x = 1) is nan"))
    #expect(errorMessage { _ = try DiscreteChannel(rows: [[0.5, 0.5], [1]]) }.contains("channel row 1: it has 1 outputs, but row 0 has 2"))
    #expect(errorMessage { _ = try DiscreteChannel(rows: []) }.contains("no inputs"))
    #expect(errorMessage { _ = try ChannelCapacity(tolerance: -1).capacity(of: .binarySymmetric(flipProbability: 0.1)) }.contains("tolerance = -1.0"))
    #expect(errorMessage { _ = try RateDistortion().point(source: [0.5, 0.6], distortion: [[0, 1], [1, 0]], slope: 1) }.contains("sum to 1.1"))
    #expect(errorMessage { _ = try RateDistortion().point(source: [0.5, 0.5], distortion: [[0, 1]], slope: 1) }.contains("one row per source symbol (2)"))
    #expect(errorMessage { _ = try RateDistortion().point(source: [0.5, 0.5], distortion: [[0, 1], [1, -2]], slope: 1) }.contains("distortion d(1, 1)"))
    #expect(errorMessage { _ = try RateDistortion().point(source: [0.5, 0.5], distortion: [[0, 1], [1, 0]], slope: -1) }.contains("slope β = -1.0"))
  }
}

extension ChannelCapacityTests {
  /// Where an unused input is as good as the used ones (3-step empowerment in a symmetric
  /// room with slips), plain Blahut–Arimoto's gap closes like 1/n (10⁻⁷ after a million
  /// iterations); Newton's steps on the near-maximal inputs close it to 10⁻¹² in a few
  /// hundred, and the input found achieves the value reported.
  @Test func newtonStepsCloseTheGapOfADegenerateChannel() throws {
    let world = try Gridworld(map: ["#######", "#.....#", "#.....#", "#.....#", "#######"], slip: 0.1)
    let channel = try world.actionSequenceChannel(from: Gridworld.Cell(x: 2, y: 2), steps: 3)
    let result = try ChannelCapacity(tolerance: 1e-12).capacity(of: channel)
    #expect(result.converged && result.iterations < 5000, "\(result.iterations) iterations")
    #expect(result.upperBound - result.capacity <= 1e-12)
    #expect(abs(channel.mutualInformation(input: result.input) - result.capacity) < 1e-12)
  }
}

extension ChannelCapacityTests {
  /// The plain iteration (no extrapolation, no Newton steps) reaches the same capacity on a
  /// channel whose optimum is strict, more slowly, its certificate never falling behind.
  @Test func thePlainIterationAgreesWithTheAcceleratedOne() throws {
    let channel = try DiscreteChannel(rows: [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3], [0.05, 0.05, 0.9]])
    let plain = try ChannelCapacity(accelerated: false).capacity(of: channel, recordingBounds: true)
    let fast = try ChannelCapacity().capacity(of: channel)
    #expect(plain.converged && fast.converged)
    #expect(abs(plain.capacity - fast.capacity) < 2e-9)
    #expect(fast.iterations <= plain.iterations, "\(fast.iterations) vs \(plain.iterations)")
    #expect(zip(plain.history, plain.history.dropFirst()).allSatisfy { $1.lower >= $0.lower && $1.upper <= $0.upper })
  }
}
