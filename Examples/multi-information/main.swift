import Foundation
import MutualInformation

// MULTI: maximize the average pairwise MI (a proxy that needs only the pairs' tables) and
// compare the multi-information of what it finds with the true maximum, (n − 1) log k.
for (n, k) in [(3, 2), (4, 2), (5, 2), (3, 3), (4, 3)] {
  let variables = (0..<n).map { DiscreteVariable("X\($0)", outcomes: (0..<k).map(String.init)) }
  let pairwise = try MultiInformationMaximizer(seed: 7).maximize(.pairwise(variables))
  let full = try MultiInformationMaximizer(seed: 7).maximize(.full(variables))
  let maximum = Double(n - 1) * log(Double(k))
  print(
    "n = \(n), k = \(k): pairwise average \(String(format: "%.4f", pairwise.value)) on \(pairwise.distribution.support.count) outcomes, "
      + "its multi-information \(String(format: "%.4f", pairwise.multiInformation)), "
      + "the full maximizer \(String(format: "%.4f", full.value)), the maximum (n − 1) log k = \(String(format: "%.4f", maximum))")
}

// Unequal alphabets (2, 3 and 4 outcomes): no formula; the full maximizer is the reference.
let mixed = [2, 3, 4].enumerated().map { DiscreteVariable("Y\($0.offset)", outcomes: (0..<$0.element).map(String.init)) }
let pairwise = try MultiInformationMaximizer(seed: 7).maximize(.pairwise(mixed))
let full = try MultiInformationMaximizer(seed: 7).maximize(.full(mixed))
print(
  "alphabets 2, 3, 4: pairwise average \(String(format: "%.4f", pairwise.value)), its multi-information "
    + "\(String(format: "%.4f", pairwise.multiInformation)), the full maximizer \(String(format: "%.4f", full.value))")
