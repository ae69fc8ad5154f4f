import ArgumentParser
import MutualInformation

/// `mi estimators`: the list of estimators, one line each, from the library's `EstimatorRegistry`.
struct EstimatorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estimators", abstract: "List the estimators, one line each, with what they estimate.")

  func run() {
    let entries = EstimatorRegistry.entries
    let width = entries.map(\.name.count).max()!
    print("name".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "MI  CMI TC  H    description")
    for entry in entries {
      let marks = [.mutualInformation, .conditionalMutualInformation, .totalCorrelation, .entropy]
        .map { entry.capabilities.contains($0) ? "yes " : "-   " }.joined()
      let aliases = entry.aliases.isEmpty ? "" : " Also: \(entry.aliases.joined(separator: ", "))."
      print(entry.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + marks + " " + entry.summary + aliases)
    }
  }
}
