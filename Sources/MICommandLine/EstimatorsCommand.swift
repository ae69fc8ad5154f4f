import ArgumentParser

/// `mi estimators`: the list of estimators, one line each.
struct EstimatorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estimators", abstract: "List the estimators, one line each, with what they estimate.")

  func run() {
    let settings = EstimatorName.Settings()
    let width = EstimatorName.allCases.map(\.rawValue.count).max()!
    print("name".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "MI  CMI TC  H    description")
    for name in EstimatorName.allCases {
      let marks = [true, name.conditional(settings) != nil, name.totalCorrelation(settings) != nil, name.entropy(settings) != nil]
        .map { $0 ? "yes " : "-   " }.joined()
      print(name.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + marks + " " + name.summary)
    }
  }
}
