import ArgumentParser
import Foundation
import MutualInformation

/// `mi entropy`: the entropy of columns of a file.
struct EntropyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "entropy",
    abstract: "Estimate the entropy H(X) of columns of a data file (kl, gaussian or a discrete estimator).",
    discussion: "The default estimator is kl (Kozachenko–Leonenko). Example: mi entropy data.csv --x a,b --estimator gaussian")

  @OptionGroup var input: InputOptions

  @Option(name: .customLong("x"), help: "The columns of X.")
  var x: String

  @OptionGroup var estimatorOptions: EstimatorOptions

  @OptionGroup var output: OutputOptions

  /// The estimator given, or kl: entropy's default must be an estimator of entropy.
  var estimator: EstimatorName { estimatorOptions.chosenEstimator ?? .kl }

  func validate() throws {
    try estimatorOptions.require("entropy", estimator: estimator) { $0.entropy($1) != nil }
  }

  func run() throws {
    let start = ContinuousClock.now
    let table = try input.load()
    let roles = try ColumnRoles(table: table, specifications: [(label: "X", option: "--x", spec: x)])
    let estimator = self.estimator.entropy(estimatorOptions.settings)!
    let estimate = try roles.estimating { () throws(EstimationError) in try estimator.entropy(roles.matrix(0)) }
    let report = Report(
      estimate: estimate, unit: output.unit, roles: [(label: "X", columns: roles.names(0))], source: table.source,
      permutation: nil, bootstrap: nil, seconds: seconds(since: start), columnName: roles.columnName, inputWarnings: table.warnings)
    print(try report.rendered(output.format))
  }
}
