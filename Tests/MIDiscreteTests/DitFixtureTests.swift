import Foundation
import MIDiscrete
import Testing

/// MIDiscrete's measures against `dit` on the distributions of Fixtures/dit_fixtures.json
/// (written by Fixtures/make_dit_fixtures.py with dit 2.3): XOR, AND, a copy, independent
/// variables, random tables with and without zeros, string-labelled outcomes.
@Suite struct DitFixtureTests {
  struct Pair: Decodable {
    var first: String
    var second: String
    var mi: Double
    var cmi: Double
  }

  struct Case: Decodable {
    var label: String
    var names: [String]
    var alphabets: [[String]]
    var pmf: [Double]
    var entropies: [Double]
    var joint_entropy: Double
    var conditional_entropy_first_given_rest: Double
    var pairs: [Pair]
    var total_correlation: Double
    var dual_total_correlation: Double
    var coinformation: Double

    var distribution: JointDistribution {
      get throws {
        try JointDistribution(variables: zip(names, alphabets).map { DiscreteVariable($0, outcomes: $1) }, probabilities: pmf)
      }
    }
  }

  struct Fixtures: Decodable {
    var generator: String
    var cases: [Case]
  }

  static let cases: [Case] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/dit_fixtures.json")
    let data = try! Data(contentsOf: url)
    return try! JSONDecoder().decode(Fixtures.self, from: data).cases
  }()

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

  @Test(arguments: cases.map(\.label))
  func everyMeasureAgreesWithDit(label: String) throws {
    let fixture = try #require(Self.cases.first { $0.label == label })
    let d = try fixture.distribution
    for (name, expected) in zip(fixture.names, fixture.entropies) {
      #expect(Self.close(try d.entropy(of: [name]), expected), "\(label): H(\(name))")
    }
    #expect(Self.close(d.entropy, fixture.joint_entropy), "\(label): H")
    let first = fixture.names[0]
    let rest = Array(fixture.names.dropFirst())
    #expect(Self.close(try d.conditionalEntropy(of: [first], given: rest), fixture.conditional_entropy_first_given_rest), "\(label): H(first | rest)")
    for pair in fixture.pairs {
      let others = fixture.names.filter { $0 != pair.first && $0 != pair.second }
      #expect(Self.close(try d.mutualInformation(between: [pair.first], and: [pair.second]), pair.mi), "\(label): I(\(pair.first); \(pair.second))")
      #expect(
        Self.close(try d.mutualInformation(between: [pair.first], and: [pair.second], given: others), pair.cmi),
        "\(label): I(\(pair.first); \(pair.second) | rest)")
    }
    #expect(Self.close(try d.totalCorrelation(), fixture.total_correlation), "\(label): TC")
    #expect(Self.close(try d.dualTotalCorrelation(), fixture.dual_total_correlation), "\(label): DTC")
    #expect(Self.close(try d.coInformation(), fixture.coinformation), "\(label): co-information")

    let profile = InformationProfile(d)
    #expect(profile.variables == fixture.names)
    #expect(zip(profile.entropies, fixture.entropies).allSatisfy { Self.close($0, $1) })
    #expect(Self.close(profile.jointEntropy, fixture.joint_entropy))
    #expect(profile.pairs.count == fixture.pairs.count)
    for (ours, theirs) in zip(profile.pairs, fixture.pairs) {
      #expect(ours.first == theirs.first && ours.second == theirs.second)
      #expect(Self.close(ours.mutualInformation, theirs.mi) && Self.close(ours.conditionalMutualInformation, theirs.cmi), "\(label): \(ours)")
    }
    #expect(Self.close(profile.totalCorrelation, fixture.total_correlation))
    #expect(Self.close(profile.dualTotalCorrelation, fixture.dual_total_correlation))
    #expect(Self.close(try #require(profile.coInformation), fixture.coinformation))
  }
}
