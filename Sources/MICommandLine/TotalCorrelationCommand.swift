import ArgumentParser
import Foundation
import MutualInformation

/// `mi total-correlation`: the multi-information of two or more column groups.
struct TotalCorrelationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "total-correlation",
    abstract: "Estimate the total correlation (multi-information) Σ H(Gᵢ) − H(G₁,…,G_m) of column groups.",
    discussion: """
      Give each group with --group (at least two), or list columns with --columns to make each \
      column its own group.
        mi total-correlation data.csv --group a,b --group c --group d
        mi total-correlation data.csv --columns 0:5 --estimator gaussian
      """)

  @OptionGroup var input: InputOptions

  @Option(name: .customLong("group"), help: "The columns of one group (repeat for each group).")
  var groups: [String] = []

  @Option(help: "Columns that each form their own group.")
  var columns: String?

  @OptionGroup var estimatorOptions: EstimatorOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if groups.isEmpty && columns == nil {
      throw ValidationError("say which columns to use: --group COLUMNS two or more times (one group each), or --columns COLUMNS (one group per column)")
    }
    if !groups.isEmpty && columns != nil {
      throw ValidationError("give either --group (two or more times) or --columns, not both")
    }
    if columns == nil && groups.count < 2 {
      throw ValidationError("total correlation needs at least two groups; got \(groups.count) --group")
    }
    try estimatorOptions.require("total correlation") { $0.totalCorrelation($1) != nil }
  }

  func run() throws {
    let start = ContinuousClock.now
    let table = try input.load()
    let roles: ColumnRoles
    if let columns {
      let indices: [Int]
      do {
        indices = try ColumnSelection(columnNames: table.columnNames).indices(for: columns, role: "--columns")
      } catch {
        throw CommandFailure(error.description)
      }
      guard indices.count >= 2 else { throw CommandFailure("--columns must name at least two columns for a total correlation") }
      // Each column is its own group, kept as an index (a name or number would be resolved again).
      roles = try ColumnRoles(
        table: table, resolved: indices.enumerated().map { ("G\($0.offset)", "group \($0.offset)", [$0.element]) })
    } else {
      roles = try ColumnRoles(
        table: table, specifications: groups.enumerated().map { ("G\($0.offset)", "--group \($0.element)", $0.element) })
    }
    let estimator = estimatorOptions.estimator.totalCorrelation(estimatorOptions.settings)!
    let estimate = try roles.estimating { () throws(EstimationError) in
      try estimator.totalCorrelation(roles.roles.indices.map(roles.matrix))
    }
    let report = Report(
      estimate: estimate, unit: output.unit, roles: roles.roles.indices.map { (label: "G\($0)", columns: roles.names($0)) },
      source: table.source, permutation: nil, bootstrap: nil, seconds: seconds(since: start), columnName: roles.columnName, inputWarnings: table.warnings)
    print(try report.rendered(output.format))
  }
}
