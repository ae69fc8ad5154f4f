import Foundation
import MIDistributions
import Testing

/// The true mutual information of every task of bmi's benchmark (Czyż et al. 2023; bmi
/// 0.1.3's 40 tasks, Fixtures/bmi_tasks.json, written by Fixtures/make_bmi_tasks.py) from our
/// samplers' closed forms. bmi's transforms (normal CDF, half-cube, asinh, wiggly, spiral,
/// the bimodal and Swiss-roll embeddings) are invertible maps of each variable: the truth is
/// the base task's.
@Suite struct BenchmarkTaskTruthTests {
  struct Statistics: Decodable {
    let q10: [Double]
    let q50: [Double]
    let q90: [Double]
  }

  struct Task: Decodable {
    let id: String
    let name: String
    let dim_x: Int
    let dim_y: Int
    let mi_true: Double
    let x: Statistics
    let y: Statistics
    let spearman_x0_y0: Double
  }

  struct Fixture: Decodable {
    let bmi: String
    let tasks: [Task]
  }

  static let transforms = ["normal_cdf-", "half_cube-", "asinh-", "wiggly-", "spiral-", "swissroll_x-"]

  /// Our truth for a bmi task id, nil when we have no sampler for it.
  static func truth(of id: String) -> Double? {
    var base = id
    while let prefix = transforms.first(where: { base.hasPrefix($0) }) { base.removeFirst(prefix.count) }
    let parts = base.split(separator: "-").map(String.init)
    func number(_ index: Int) -> Double { Double(parts[index])! }
    func integer(_ index: Int) -> Int { Int(parts[index])! }
    switch (parts[0], parts[1]) {
    case ("1v1", "normal"), ("1v1", "bimodal"):  // the bimodal task maps a bivariate normal
      return CorrelatedGaussian.bivariate(correlation: number(2)).mutualInformation
    case ("1v1", "additive"):  // bmi's noise is U(−ε, ε): width 2ε
      return AdditiveUniformNoise(width: 2 * number(2)).mutualInformation
    case ("student", "identity"):
      return StudentT(dimensionX: integer(2), dimensionY: integer(3), degreesOfFreedom: number(4)).mutualInformation
    case ("multinormal", "dense"):
      return CorrelatedGaussian.dense(dimensionX: integer(2), dimensionY: integer(3), correlation: number(4)).mutualInformation
    case ("multinormal", "sparse"):
      // bmi's latent-variable model: Xᵢ = λZᵢ + Eᵢ, Yᵢ = λZᵢ + Fᵢ for the interacting pairs,
      // all noises standard normal, so each pair has correlation λ² / (λ² + 1).
      let strength = number(5)
      return CorrelatedGaussian.sparse(
        dimensionX: integer(2), dimensionY: integer(3), interacting: integer(4), correlation: strength * strength / (strength * strength + 1)
      ).mutualInformation
    default:
      return nil
    }
  }

  static func fixture() throws -> Fixture {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bmi_tasks.json")
    return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
  }

  @Test func everyBMITaskHasOurTruth() throws {
    let fixture = try Self.fixture()
    #expect(fixture.bmi == "0.1.3" && fixture.tasks.count == 40)
    for task in fixture.tasks {
      let ours = try #require(Self.truth(of: task.id), "no sampler for \(task.id)")
      // bmi evaluates the additive-noise truth in single precision: 1.70943797 for the closed
      // form 0.1 − log 0.2 = 1.70943791 (5·10⁻⁸ apart); the others agree to double precision.
      let tolerance = task.id.contains("additive") ? 1e-7 : 1e-9
      #expect(abs(ours - task.mi_true) < tolerance * max(1, task.mi_true), "\(task.id): ours \(ours), bmi \(task.mi_true)")
    }
  }

  /// `BenchmarkSuite.bmi` is bmi's suite: the same ids in the same order, titles, dimensions
  /// and truths; and the same distributions: on 10,000 samples (3,000 above 10 dimensions)
  /// each coordinate's 10%, 50% and 90% quantiles lie within 5% of bmi's 10–90% range (bmi's
  /// from 100,000 samples: 4 to 7 standard errors), and the Spearman correlation of X₀ and Y₀
  /// within 0.03 of bmi's.
  @Test func theSuiteIsBMIs() throws {
    let fixture = try Self.fixture()
    let suite = BenchmarkSuite.bmi
    #expect(suite.map(\.id) == fixture.tasks.map(\.id))
    for (task, reference) in zip(suite, fixture.tasks) {
      #expect(task.title == reference.name && task.dimensionX == reference.dim_x && task.dimensionY == reference.dim_y, "\(task.id)")
      let tolerance = reference.id.contains("additive") ? 1e-7 : 1e-9
      #expect(abs(task.mutualInformation - reference.mi_true) < tolerance * max(1, reference.mi_true), "\(task.id)")
      // Fewer samples for the 25- and 50-dimensional Gaussians, whose sampling dominates the time.
      let (x, y) = task.sample(count: task.dimensionX > 10 ? 3_000 : 10_000, seed: 3)
      for (matrix, statistics, variable) in [(x, reference.x, "X"), (y, reference.y, "Y")] {
        for column in 0..<matrix.columns {
          var values = (0..<matrix.rows).map { matrix[$0, column] }
          values.sort()
          let range = statistics.q90[column] - statistics.q10[column]
          for (p, expected) in [(0.1, statistics.q10[column]), (0.5, statistics.q50[column]), (0.9, statistics.q90[column])] {
            let ours = values[Int(p * Double(values.count))]
            #expect(abs(ours - expected) <= 0.05 * range, "\(task.id) \(variable)\(column) quantile \(p): ours \(ours), bmi \(expected)")
          }
        }
      }
      let spearman = Self.spearman((0..<x.rows).map { x[$0, 0] }, (0..<y.rows).map { y[$0, 0] })
      #expect(abs(spearman - reference.spearman_x0_y0) < 0.03, "\(task.id): Spearman ours \(spearman), bmi \(reference.spearman_x0_y0)")
    }
  }

  /// Spearman's rank correlation (no ties in continuous samples).
  static func spearman(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
      var r = [Double](repeating: 0, count: v.count)
      for (rank, index) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[index] = Double(rank) }
      return r
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let mean = Double(a.count - 1) / 2
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for i in a.indices {
      sab += (ra[i] - mean) * (rb[i] - mean)
      saa += (ra[i] - mean) * (ra[i] - mean)
      sbb += (rb[i] - mean) * (rb[i] - mean)
    }
    return sab / (saa * sbb).squareRoot()
  }

  /// The extra discrete and mixed tasks' truths by loops over their exact laws (the tied ones
  /// are in GroundTruthTaskTests).
  @Test func extraTasksHaveExactTruths() {
    func h(_ p: Double) -> Double { p <= 0 || p >= 1 ? 0 : -p * log(p) - (1 - p) * log(1 - p) }
    var truths: [String: Double] = [:]
    for (epsilon, p) in [(0.1, 0.5), (0.01, 0.2)] { truths["discrete-bsc-\(epsilon)-\(p)"] = h(p * (1 - epsilon) + (1 - p) * epsilon) - h(epsilon) }
    let table: [[Double]] = [[0.16, 0.04, 0.02, 0.02], [0.03, 0.14, 0.05, 0.02], [0.02, 0.04, 0.13, 0.05], [0.02, 0.02, 0.04, 0.20]]
    let rows = table.map { $0.reduce(0, +) }, columns = (0..<4).map { j in table.reduce(0) { $0 + $1[j] } }
    var information = 0.0
    for i in 0..<4 { for j in 0..<4 { information += table[i][j] * log(table[i][j] / (rows[i] * columns[j])) } }
    truths["discrete-table-4x4"] = information
    for m in [4, 16] { truths["mixed-categorical-\(m)"] = log(Double(m)) - Double(m - 1) / Double(m) * log(2) }
    #expect(Set(BenchmarkSuite.extra.map(\.id).filter { !$0.hasPrefix("tied") }) == Set(truths.keys))
    for task in BenchmarkSuite.extra where !task.id.hasPrefix("tied") { #expect(abs(task.mutualInformation - truths[task.id]!) < 1e-12, "\(task.id)") }
  }
}
