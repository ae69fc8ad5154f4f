import ArgumentParser
import MutualInformation

/// `mi estimators`: the list of estimators, one line each, from the library's `EstimatorRegistry`.
struct EstimatorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estimators", abstract: "List the estimators, one line each, with what they estimate.",
    discussion: "With --markdown, the table of docs/Estimators.md (which a test keeps equal to this output).")

  @Flag(help: "Print a Markdown table (name, aliases, type, capabilities, description).")
  var markdown = false

  static let capabilities: [EstimatorEntry.Capabilities] = [
    .mutualInformation, .conditionalMutualInformation, .totalCorrelation, .entropy,
  ]

  func run() {
    print(markdown ? Self.markdownTable() : Self.textTable())
  }

  /// One line per estimator: name, MI / CMI / TC / H marks, summary.
  static func textTable() -> String {
    let entries = EstimatorRegistry.entries
    let width = entries.map(\.name.count).max()!
    var lines = ["name".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "MI  CMI TC  H    description"]
    for entry in entries {
      let marks = capabilities.map { entry.capabilities.contains($0) ? "yes " : "-   " }.joined()
      let aliases = entry.aliases.isEmpty ? "" : " Also: \(entry.aliases.joined(separator: ", "))."
      lines.append(entry.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + marks + " " + entry.summary + aliases)
    }
    return lines.joined(separator: "\n")
  }

  /// The registry as a Markdown table.
  static func markdownTable() -> String {
    var lines = [
      "| `--estimator` | also | type | MI | I(X;Y\\|Z) | TC | H | description |",
      "|---|---|---|---|---|---|---|---|",
    ]
    for entry in EstimatorRegistry.entries {
      let type = String(describing: Swift.type(of: entry.makeMutualInformation(EstimatorSettings())))
      let marks = capabilities.map { entry.capabilities.contains($0) ? "✓" : "" }
      let aliases = entry.aliases.map { "`\($0)`" }.joined(separator: ", ")
      let cells = ["`\(entry.name)`", aliases, "`\(type)`"] + marks + [entry.summary.replacingOccurrences(of: "|", with: "\\|")]
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }
}
