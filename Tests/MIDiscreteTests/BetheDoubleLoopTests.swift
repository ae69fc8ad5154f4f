import Foundation
import MIDiscrete
import Testing

/// The double-loop (CCCP) minimizer of the Bethe free energy: exact on trees, no higher than
/// belief propagation's fixed point where that converges, and convergent, with a free
/// energy that falls at every outer iteration, where belief propagation oscillates.
@Suite struct BetheDoubleLoopTests {
  @Test func onATreeItReachesMinusLogZ() throws {
    let field = try BeliefPropagationTests.tree()
    let exact = try field.exactInference()
    let result = try BetheDoubleLoop().minimize(field)
    #expect(result.converged)
    #expect(abs(result.freeEnergies.last! + exact.logPartition) < 1e-6, "F = \(result.freeEnergies.last!), −log Z = \(-exact.logPartition)")
    for (ours, truth) in zip(result.unary, exact.unary) { #expect(zip(ours, truth).allSatisfy { abs($0 - $1) < 1e-4 }, "\(ours) vs \(truth)") }
  }

  @Test func noHigherThanConvergedBeliefPropagation() throws {
    let siteField: (Int) -> Double = { site in 0.1 * Double(site % 3) - 0.05 }
    let field = try PairwiseMarkovRandomField.isingGrid(width: 3, height: 3, coupling: { _, _ in 0.4 }, field: siteField)
    let bp = try BeliefPropagation().run(on: field)
    let loop = try BetheDoubleLoop().minimize(field)
    #expect(bp.converged && loop.converged)
    #expect(loop.freeEnergies.last! <= bp.betheFreeEnergy + 1e-7, "double loop \(loop.freeEnergies.last!) vs BP \(bp.betheFreeEnergy)")
    #expect(zip(loop.freeEnergies, loop.freeEnergies.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 })
  }

  /// A frustrated 3 × 3 spin glass (couplings ±2 in a fixed pattern): belief propagation
  /// without damping does not converge in 1,000 iterations; the double loop does, its free
  /// energy falling at every outer iteration, and its marginals are close to the exact ones.
  @Test func convergesWhereBeliefPropagationOscillates() throws {
    let signs = [1.0, -1.0, -1.0, 1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0, -1.0]
    var next = 0
    var couplings: [[Int]: Double] = [:]
    for y in 0..<3 {
      for x in 0..<3 {
        let site = y * 3 + x
        for neighbour in [x + 1 < 3 ? site + 1 : nil, y + 1 < 3 ? site + 3 : nil].compactMap({ $0 }) {
          couplings[[site, neighbour]] = 2 * signs[next]
          next += 1
        }
      }
    }
    let table = couplings
    let siteField: (Int) -> Double = { site in 0.05 * Double(site % 2) }
    let field = try PairwiseMarkovRandomField.isingGrid(width: 3, height: 3, coupling: { table[[$0, $1]]! }, field: siteField)
    let bp = try BeliefPropagation(maximumIterations: 1000).run(on: field)
    let loop = try BetheDoubleLoop().minimize(field)
    let exact = try field.exactInference()
    // Messages still move by about 0.9 per iteration after 1,000.
    #expect(!bp.converged && bp.residuals.last! > 0.1, "BP converged in \(bp.iterations) iterations; residual \(bp.residuals.last!)")
    #expect(loop.converged)
    #expect(zip(loop.freeEnergies, loop.freeEnergies.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 }, "\(loop.freeEnergies.prefix(10))")
    let error = zip(loop.unary, exact.unary).map { abs($0[1] - $1[1]) }.max()!
    #expect(error < 0.1, "largest marginal error \(error)")
  }
}
