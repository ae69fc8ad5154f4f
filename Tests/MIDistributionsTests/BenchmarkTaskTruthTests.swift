import Foundation
import MIDistributions
import Testing

/// The true mutual information of every task of bmi's benchmark (Czyż et al. 2023; bmi
/// 0.1.3's 40 tasks, Fixtures/bmi_tasks.json, written by Fixtures/make_bmi_tasks.py) from our
/// samplers' closed forms. bmi's transforms (normal CDF, half-cube, asinh, wiggly, spiral,
/// the bimodal and Swiss-roll embeddings) are invertible maps of each variable: the truth is
/// the base task's.
@Suite struct BenchmarkTaskTruthTests {
  struct Task: Decodable {
    let id: String
    let dim_x: Int
    let dim_y: Int
    let mi_true: Double
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

  @Test func everyBMITaskHasOurTruth() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bmi_tasks.json")
    let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    #expect(fixture.bmi == "0.1.3" && fixture.tasks.count == 40)
    for task in fixture.tasks {
      let ours = try #require(Self.truth(of: task.id), "no sampler for \(task.id)")
      // bmi evaluates the additive-noise truth in single precision: 1.70943797 for the closed
      // form 0.1 − log 0.2 = 1.70943791 (5·10⁻⁸ apart); the others agree to double precision.
      let tolerance = task.id.contains("additive") ? 1e-7 : 1e-9
      #expect(abs(ours - task.mi_true) < tolerance * max(1, task.mi_true), "\(task.id): ours \(ours), bmi \(task.mi_true)")
    }
  }
}
