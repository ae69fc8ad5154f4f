import MutualInformation

// A noisy AND gate: out = a AND b, flipped with probability 0.1; a and b fair and independent.
var entries: [(outcomes: [String], probability: Double)] = []
for a in ["0", "1"] {
  for b in ["0", "1"] {
    let and = a == "1" && b == "1" ? "1" : "0"
    entries.append(([a, b, and], 0.25 * 0.9))
    entries.append(([a, b, and == "1" ? "0" : "1"], 0.25 * 0.1))
  }
}
let gate = try JointDistribution(
  variables: ["a", "b", "out"].map { DiscreteVariable($0, outcomes: ["0", "1"]) }, entries: entries)

let inputs = try gate.mutualInformation(between: ["a", "b"], and: ["out"])
let one = try gate.mutualInformation(between: ["a"], and: ["out"])
let given = try gate.mutualInformation(between: ["a"], and: ["out"], given: ["b"])
print("I(a,b; out) = \(inputs), I(a; out) = \(one), I(a; out | b) = \(given)")
print("co-information = \(try gate.coInformation()), total correlation = \(try gate.totalCorrelation())")

// The distribution of the inputs once the output is seen to be 1.
let seen = try gate.conditioned(on: ["out": "1"])
print("P(a = 1 | out = 1) = \(try seen.probability(of: ["a": "1"]))")
