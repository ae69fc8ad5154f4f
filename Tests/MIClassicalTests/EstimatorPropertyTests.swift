import Foundation
import MIClassical
import MINumerics
import Testing

/// Properties every estimator must keep on any data, checked over seeded random cases of
/// sizes, scales from 10⁻³⁰⁰ to 10³⁰⁰, shifts, ties, discrete and constant columns:
///
/// 1. it returns a finite number or throws a typed ``EstimationError`` (never a NaN, an
///    infinity or a trap);
/// 2. MI, conditional MI and total correlation are invariant to an affine rescaling
///    x ↦ a·x + b of a column (a > 0), for every estimator that standardizes, ranks or
///    counts (all of them here; the mixed estimator only on data without ties, where it
///    is exact: it reads exact distance ties as information, and rounding of a rescaled
///    grid breaks some of them);
/// 3. entropy moves by exactly log a: H(a·X) = H(X) + log a;
/// 4. a constant variable gives 0 exactly.
///
/// The cases come from a fixed seed so that a failure is reproduced by running the test
/// again; the case's description is printed with any failure.
@Suite("Estimator properties over random data")
struct EstimatorPropertyTests {
  enum Ties: CaseIterable, CustomStringConvertible {
    case none, rounded, threeLevels, constant
    var description: String {
      switch self {
      case .none: "continuous"
      case .rounded: "rounded to 0.1"
      case .threeLevels: "three levels"
      case .constant: "constant X"
      }
    }
  }

  struct Case: CustomStringConvertible {
    var seed: UInt64
    var samples: Int
    var xColumns: Int
    var correlation: Double
    var ties: Ties
    var logScaleX: Double
    var logScaleY: Double
    var shiftX: Double
    var shiftY: Double

    var description: String {
      "seed \(seed), n = \(samples), dim X = \(xColumns), ρ = \(correlation), \(ties), scale X 1e\(logScaleX) shift \(shiftX), scale Y 1e\(logScaleY) shift \(shiftY)"
    }

    /// Base data (x, y, z) with the case's ties, and the same data rescaled.
    func data() -> (base: [Matrix], scaled: [Matrix]) {
      var generator = SeededGenerator(seed: seed)
      var x = Matrix(rows: samples, columns: xColumns)
      var y = Matrix(rows: samples, columns: 1)
      var z = Matrix(rows: samples, columns: 1)
      for i in 0..<samples {
        let (a, _) = generator.normalPair()
        let (c, d) = generator.normalPair()
        z[i, 0] = d
        x[i, 0] = a + 0.5 * d
        for j in 1..<xColumns { x[i, j] = generator.normalPair().0 }
        y[i, 0] = correlation * a + (1 - correlation * correlation).squareRoot() * c
      }
      func tie(_ m: inout Matrix) {
        m.withUnsafeMutableValues { values in
          for index in values.indices {
            switch ties {
            case .none: break
            case .rounded: values[index] = (values[index] * 10).rounded() / 10
            case .threeLevels: values[index] = values[index] < -0.5 ? -1 : (values[index] < 0.5 ? 0 : 1)
            case .constant: break
            }
          }
        }
      }
      tie(&x)
      tie(&y)
      if ties == .constant { x = Matrix(rows: samples, columns: xColumns, repeating: 3.25) }
      func rescale(_ m: Matrix, _ logScale: Double, _ shift: Double) -> Matrix {
        let a = pow(10, logScale)
        var result = m
        result.withUnsafeMutableValues { values in
          for index in values.indices { values[index] = a * (m.storage[index] + shift) }
        }
        return result
      }
      return ([x, y, z], [rescale(x, logScaleX, shiftX), rescale(y, logScaleY, shiftY), rescale(z, logScaleY, 0)])
    }
  }

  static func cases(count: Int) -> [Case] {
    var generator = SeededGenerator(seed: 20_261_202)
    func uniform(_ range: ClosedRange<Double>) -> Double {
      range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.next() >> 11) / Double(1 << 53)
    }
    return (0..<count).map { index in
      Case(
        seed: generator.next(), samples: [5, 12, 40, 150][index % 4] + generator.integer(below: 10),
        xColumns: 1 + generator.integer(below: 2), correlation: uniform(-0.9...0.9),
        ties: Ties.allCases[(index / 4) % 4], logScaleX: uniform(-300...300).rounded(),
        logScaleY: uniform(-300...300).rounded(), shiftX: uniform(-100...100).rounded(), shiftY: uniform(-100...100).rounded())
    }
  }

  /// The MI estimators with whether affine invariance is exact for them on tied data.
  static let mutualInformationEstimators: [(any MutualInformationEstimator, exactOnTies: Bool)] = [
    (KSGEstimator(algorithm: .first), true), (KSGEstimator(algorithm: .second), true),
    (KozachenkoLeonenkoEstimator(), true), (MixedKSGEstimator(), false), (RossEstimator(), true),
    (GaussianEstimator(), true), (GaussianCopulaEstimator(), true),
    (DiscreteEstimator(method: .plugIn), true), (DiscreteEstimator(method: .millerMadow), true),
    (DiscreteEstimator(method: .jamesStein), true), (DiscreteEstimator(method: .chaoShen), true),
  ]

  /// An estimate's value, or nil for a typed error; records an issue for a non-finite value.
  static func outcome(_ what: String, _ testCase: Case, _ body: () throws(EstimationError) -> Estimate) -> Double? {
    do {
      let value = try body().value
      #expect(value.isFinite, "\(what) returned \(value) on \(testCase)")
      return value
    } catch {
      #expect(!error.description.isEmpty)
      return nil
    }
  }

  static func agree(_ a: Double?, _ b: Double?, tolerance: Double = 1e-7) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return abs(a - b) <= tolerance * max(1, abs(a))
    default: return false
    }
  }

  @Test func mutualInformationIsFiniteAndInvariantToAffineRescaling() {
    for testCase in Self.cases(count: 48) {
      let (base, scaled) = testCase.data()
      for (estimator, exactOnTies) in Self.mutualInformationEstimators {
        let plain = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.estimate(base[0], base[1]) }
        let moved = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.estimate(scaled[0], scaled[1]) }
        if testCase.ties == .constant {
          #expect(plain == 0 && moved == 0, "\(estimator.name) on a constant X gave \(String(describing: plain)), \(String(describing: moved)): \(testCase)")
        } else if exactOnTies || testCase.ties == .none {
          #expect(Self.agree(plain, moved), "\(estimator.name): \(String(describing: plain)) became \(String(describing: moved)) on \(testCase)")
        }
      }
    }
  }

  @Test func conditionalInformationAndTotalCorrelationAreFiniteAndInvariant() {
    let conditional: [any ConditionalMutualInformationEstimator] = [
      FrenzelPompeEstimator(), GaussianEstimator(), GaussianCopulaEstimator(), DiscreteEstimator(method: .millerMadow),
    ]
    let total: [any TotalCorrelationEstimator] = [
      KSGEstimator(), KSGEstimator(algorithm: .second), GaussianEstimator(), GaussianCopulaEstimator(), DiscreteEstimator(),
    ]
    for testCase in Self.cases(count: 32) {
      let (base, scaled) = testCase.data()
      for estimator in conditional {
        let plain = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.estimate(base[0], base[1], given: base[2]) }
        let moved = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in
          try estimator.estimate(scaled[0], scaled[1], given: scaled[2])
        }
        if testCase.ties == .constant { #expect(plain == 0 && moved == 0, "\(estimator.name) CMI with constant X: \(testCase)") }
        #expect(Self.agree(plain, moved), "\(estimator.name) CMI: \(String(describing: plain)) became \(String(describing: moved)) on \(testCase)")
      }
      for estimator in total {
        let plain = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.totalCorrelation(base) }
        let moved = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.totalCorrelation(scaled) }
        #expect(Self.agree(plain, moved), "\(estimator.name) TC: \(String(describing: plain)) became \(String(describing: moved)) on \(testCase)")
      }
    }
  }

  @Test func entropyMovesByTheLogOfTheScale() {
    let estimators: [any EntropyEstimator] = [KozachenkoLeonenkoEstimator(), GaussianEstimator(), DiscreteEstimator()]
    for testCase in Self.cases(count: 48) where testCase.ties != .constant {
      let (base, scaled) = testCase.data()
      for estimator in estimators {
        let plain = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.entropy(base[1]) }
        let moved = Self.outcome(estimator.name, testCase) { () throws(EstimationError) in try estimator.entropy(scaled[1]) }
        // Differential entropy moves by log a; discrete entropy does not move.
        let shift = estimator.name == "plugin" ? 0 : testCase.logScaleY * log(10)
        #expect(
          Self.agree(plain.map { $0 + shift }, moved, tolerance: 1e-9),
          "\(estimator.name) entropy: \(String(describing: plain)) + \(shift) became \(String(describing: moved)) on \(testCase)")
      }
    }
  }
}
