import ArgumentParser
import Foundation
import Testing

@testable import MICommandLine
import MutualInformation

/// The command line parsed in process (as swift-argument-parser's own tests do), beside the
/// end-to-end tests of the built binary: the registry's names and aliases, the errors that
/// list the estimators, and the straight path of `mi estimate`.
@Suite struct InProcessParsingTests {
  static func parse(_ arguments: [String]) throws -> any ParsableCommand {
    try MICommand.parseAsRoot(arguments)
  }

  static func failure(_ arguments: [String]) -> String {
    do {
      var command = try parse(arguments)
      try command.run()
      return ""
    } catch {
      return MICommand.message(for: error)
    }
  }

  @Test func estimatorNamesComeFromTheRegistry() throws {
    let command = try #require(try Self.parse(["estimate", "data.csv", "--x", "0", "--y", "1", "--estimator", "ksg"]) as? EstimateCommand)
    #expect(command.estimatorOptions.estimator.rawValue == "ksg1")
    for entry in EstimatorRegistry.entries {
      let parsed = try #require(try Self.parse(["estimate", "d.csv", "--x", "0", "--y", "1", "--estimator", entry.name]) as? EstimateCommand)
      #expect(parsed.estimatorOptions.estimator.entry == entry)
    }
    #expect(EstimatorName.allValueStrings == EstimatorRegistry.entries.map(\.name))
    #expect(EstimatorName.allValueStrings.contains("jsd"))
  }

  @Test func unknownEstimatorListsTheRegisteredOnes() {
    let message = Self.failure(["estimate", "d.csv", "--x", "0", "--y", "1", "--estimator", "ksg3"])
    #expect(message.contains("ksg3") && message.contains("ksg1") && message.contains("jsd"), "\(message)")
  }

  @Test func capabilityErrorsNameTheEstimatorsThatCan() {
    let message = Self.failure(["estimate", "d.csv", "--x", "0", "--y", "1", "--z", "2", "--estimator", "infonce"])
    #expect(message.contains("does not estimate conditional MI") && message.contains(EstimatorRegistry.names(estimating: .conditionalMutualInformation)), "\(message)")
    let entropy = Self.failure(["entropy", "d.csv", "--x", "0", "--estimator", "ksg"])
    #expect(entropy.contains("--estimator ksg1 does not estimate entropy"), "\(entropy)")
    let log = Self.failure(["estimate", "d.csv", "--x", "0", "--y", "1", "--log", "/tmp/curve.csv"])
    #expect(log.contains("--log writes the training curve"), "\(log)")
  }

  @Test func registryEntriesAreComplete() {
    let names = EstimatorRegistry.entries.flatMap { [$0.name] + $0.aliases }
    #expect(Set(names).count == names.count)
    for entry in EstimatorRegistry.entries {
      #expect(!entry.summary.isEmpty && entry.capabilities.contains(.mutualInformation))
      #expect(entry.makeMutualInformation(EstimatorSettings()).name == entry.name || entry.family != .neural)
      #expect((entry.neuralBound != nil) == (entry.family == .neural))
    }
    #expect(NeuralBoundKind.allCases.allSatisfy { EstimatorRegistry.entry(named: $0.rawValue)?.neuralBound == $0 })
  }

  /// Counts estimates (each a training, for a neural estimator).
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
  }

  struct Counting<Inner: MutualInformationEstimator>: MutualInformationEstimator {
    let inner: Inner
    let counter: Counter
    var name: String { inner.name }
    func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
      counter.increment()
      return try inner.estimate(x, y)
    }
    func estimate(_ x: Matrix, _ y: Matrix, observing observe: ((TrainingRecord) -> Void)?) throws(EstimationError) -> Estimate {
      counter.increment()
      return try inner.estimate(x, y, observing: observe)
    }
  }

  /// `mi estimate --permutations N --bootstrap B` trains a neural estimator 1 + N + B times:
  /// the permutation test and the bootstrap reuse the first estimate.
  @Test func neuralEstimatorTrainsOncePlusOncePerRepeat() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.8).sample(count: 300, seed: 1)
    let preset = NeuralPreset(batchSize: 16, hidden: [8], embedding: 4, learningRate: 3e-3, steps: 20, evaluationInterval: 10)
    let counter = Counter()
    let neural = Counting(inner: NeuralEstimator(bound: .infonce, preset: preset, seed: 1), counter: counter)
    var records = 0
    let significance = Significance(
      test: PermutationTest(permutations: 3, seed: 1), interval: Bootstrap(resamples: 2, seed: 1, method: .resampling))
    let analysis = try significance.analyze(neural, x, y, observing: { _ in records += 1 })
    #expect(counter.count == 1 + 3 + 2)
    #expect(records == 2)  // steps 10 and 20 of the observed training only
    #expect(analysis.permutation?.observed == analysis.estimate.value)
    #expect(analysis.interval?.estimate == analysis.estimate.value)
  }
}

/// The documentation's estimator tables come from the registry, and its links stay inside
/// the repository.
@Suite struct DocumentationFromRegistryTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func estimatorsTableIsTheRegistrys() throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent("docs/Estimators.md"), encoding: .utf8)
    let begin = try #require(text.range(of: "<!-- registry table: begin -->\n"))
    let end = try #require(text.range(of: "\n<!-- registry table: end -->"))
    #expect(String(text[begin.upperBound..<end.lowerBound]) == EstimatorsCommand.markdownTable(),
            "docs/Estimators.md's table differs from `mi estimators --markdown`: paste the command's output between the markers")
  }

  @Test func readmeNamesEveryEstimator() throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(text.range(of: "## Estimators"))
    let rest = text[section.upperBound...]
    let table = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
    for entry in EstimatorRegistry.entries { #expect(table.contains("`\(entry.name)`"), "README's estimator table lacks \(entry.name)") }
  }

  /// Every Markdown link of README.md and docs/*.md is relative and points at a file that exists.
  @Test func linksStayInTheRepository() throws {
    let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
      .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
    for document in ["README.md", "BENCHMARKS.md"] + docs {
      let url = Self.root.appendingPathComponent(document)
      let text = try String(contentsOf: url, encoding: .utf8)
      let links = text.matches(of: /\]\(([^)\s]+)\)/).map { String($0.output.1) }
      for link in links {
        #expect(!link.contains("://"), "\(document) links outside the repository: \(link)")
        let path = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !path.isEmpty else { continue }
        let target = url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
        #expect(FileManager.default.fileExists(atPath: target), "\(document) links to a missing file: \(link)")
      }
    }
  }
}
