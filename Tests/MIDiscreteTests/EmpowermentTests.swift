import Foundation
import MIDiscrete
import Testing

/// Empowerment in gridworlds against what it must be: the log of the number of reachable
/// cells when moves are deterministic, and the capacity of a symmetric channel with slips.
@Suite struct EmpowermentTests {
  static let open5 = [".....", ".....", ".....", ".....", "....."]

  @Test func deterministicEmpowermentCountsReachableCells() throws {
    let world = try Gridworld(map: Self.open5)
    let center = Gridworld.Cell(x: 2, y: 2)
    let corner = Gridworld.Cell(x: 0, y: 0)
    // One step: the four neighbours and staying; from a corner, two neighbours and staying.
    #expect(abs(try Empowerment(steps: 1).value(at: center, in: world).capacity - log(5.0)) < 1e-8)
    #expect(abs(try Empowerment(steps: 1).value(at: corner, in: world).capacity - log(3.0)) < 1e-8)
    // Two steps from the centre: the 13 cells within Manhattan distance 2.
    #expect(abs(try Empowerment(steps: 2).value(at: center, in: world).capacity - log(13.0)) < 1e-8)
    // A dead end of a corridor reaches fewer cells than its middle.
    let corridor = try Gridworld(map: ["#####", "#...#", "#####"])
    let map = try Empowerment(steps: 2).map(of: corridor)
    #expect(map[0][0] == nil && map[1][0] == nil)
    #expect(abs(map[1][1]! - log(3.0)) < 1e-8 && abs(map[1][2]! - log(3.0)) < 1e-8)
  }

  /// With slip s, one step from the centre of an open grid is a symmetric channel over the
  /// five moves: each action lands where intended with probability 1 − s + s/5 and on each
  /// other move's cell with s/5, so C = log 5 − H(row).
  @Test(arguments: [0.1, 0.5])
  func slipsMakeASymmetricChannel(slip: Double) throws {
    let world = try Gridworld(map: Self.open5, slip: slip)
    let row = [1 - slip + slip / 5] + Array(repeating: slip / 5, count: 4)
    let entropy = -row.reduce(0.0) { $0 + $1 * log($1) }
    let result = try Empowerment(steps: 1).value(at: Gridworld.Cell(x: 2, y: 2), in: world)
    #expect(result.converged)
    #expect(abs(result.capacity - (log(5.0) - entropy)) < 1e-8, "\(result.capacity)")
    // Slips never add empowerment.
    let deterministic = try Empowerment(steps: 2).value(at: Gridworld.Cell(x: 1, y: 1), in: Gridworld(map: Self.open5))
    let slippery = try Empowerment(steps: 2).value(at: Gridworld.Cell(x: 1, y: 1), in: world)
    #expect(slippery.capacity < deterministic.capacity)
  }

  @Test func badWorldsAreRefused() {
    #expect(errorMessage { _ = try Gridworld(map: ["...", ".."]) }.contains("map row 1 = 2 cells: row 0 has 3"))
    #expect(errorMessage { _ = try Gridworld(map: ["##", "##"]) }.contains("free cells is empty"))
    #expect(errorMessage { _ = try Gridworld(map: ["..."], slip: 1.5) }.contains("slip = 1.5"))
    #expect(errorMessage { _ = try Gridworld(map: ["#.."]).actionSequenceChannel(from: .init(x: 0, y: 0), steps: 1) }.contains("cell = (0, 0): is a wall"))
    #expect(errorMessage { _ = try Gridworld(map: ["..."]).actionSequenceChannel(from: .init(x: 0, y: 0), steps: 9) }.contains("steps = 9"))
  }

  /// The gridworld as a `DiscreteEnvironment`: its action-sequence channel by state index is
  /// the one by cell, and one step of a policy moves all the probability.
  @Test func gridworldIsADiscreteEnvironment() throws {
    let world = try Gridworld(map: ["....", ".#..", "...."], slip: 0.2)
    #expect(world.stateCount == 11 && world.actionCount == 5)
    let cell = Gridworld.Cell(x: 2, y: 1)
    #expect(try world.actionSequenceChannel(from: world.state(of: cell)!, steps: 2) == world.actionSequenceChannel(from: cell, steps: 2))
    let start = (0..<11).map { $0 == 0 ? 1.0 : 0.0 }
    let moved = world.propagate(start) { _ in [0, 0, 0, 1, 0] }  // right, from the corner
    #expect(abs(moved.reduce(0, +) - 1) < 1e-12)
    #expect(abs(moved[1] - (0.8 + 0.2 / 5)) < 1e-12 && abs(moved[0] - 0.2 * 3 / 5) < 1e-12)
    #expect(errorMessage { _ = try world.actionSequenceChannel(from: 11, steps: 1) }.contains("state = 11"))
  }
}
