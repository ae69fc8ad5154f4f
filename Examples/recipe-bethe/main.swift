import Foundation
import MutualInformation

// MIME's kind of experiment: on random 4 × 4 Ising spin glasses (couplings ±J with random
// signs, small random fields), how often loopy belief propagation converges, against the
// double loop (CCCP), and how far each one's marginals lie from the exact ones.
var generator = SeededGenerator(seed: 2024)
print("J,instances,bp_converged,bp_error,double_loop_converged,double_loop_error,double_loop_outer_iterations")
for strength in [0.25, 0.5, 1.0, 1.5, 2.0] {
  let instances = 8
  var (bpConverged, loopConverged) = (0, 0)
  var (bpErrors, loopErrors, outer) = ([Double](), [Double](), [Double]())
  for _ in 0..<instances {
    var couplings: [[Int]: Double] = [:]
    for site in 0..<16 {
      for neighbour in [site % 4 < 3 ? site + 1 : nil, site < 12 ? site + 4 : nil].compactMap({ $0 }) {
        couplings[[site, neighbour]] = generator.uniform() < 0.5 ? -strength : strength
      }
    }
    let fields = (0..<16).map { _ in 0.2 * (generator.uniform() - 0.5) }
    let table = couplings
    let field = try PairwiseMarkovRandomField.isingGrid(
      width: 4, height: 4, coupling: { table[[$0, $1]]! }, field: { fields[$0] })
    let exact = try field.exactInference()
    func error(_ unary: [[Double]]) -> Double { zip(unary, exact.unary).map { abs($0[1] - $1[1]) }.max()! }
    let bp = try BeliefPropagation(maximumIterations: 1000).run(on: field)
    if bp.converged {
      bpConverged += 1
      bpErrors.append(error(bp.unary))
    }
    let loop = try BetheDoubleLoop().minimize(field)
    if loop.converged { loopConverged += 1 }
    loopErrors.append(error(loop.unary))
    outer.append(Double(loop.freeEnergies.count))
  }
  func mean(_ values: [Double]) -> String { values.isEmpty ? "" : String(format: "%.4f", values.reduce(0, +) / Double(values.count)) }
  print("\(strength),\(instances),\(bpConverged),\(mean(bpErrors)),\(loopConverged),\(mean(loopErrors)),\(mean(outer))")
}
