import ArgumentParser

/// The `mi` command: mutual information estimation on your own data.
public struct MICommand: ParsableCommand {
  /// The command's name, help text, version and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "mi",
    abstract: "Estimate mutual information, conditional mutual information, entropy and total correlation.",
    discussion: "Start with `mi demo` (estimators against known truth) or `mi estimate FILE --x COLS --y COLS`.",
    version: "0.1.0",
    subcommands: [
      EstimateCommand.self, EntropyCommand.self, TotalCorrelationCommand.self, ExactCommand.self, BenchmarkCommand.self, ReportCommand.self, EstimatorsCommand.self,
      DemoCommand.self,
    ])

  public init() {}
}
