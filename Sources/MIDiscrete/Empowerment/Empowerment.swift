/// Empowerment (Klyubin, Polani & Nehaniv 2005): the n-step empowerment of a state s is the
/// capacity of the channel from sequences of n actions taken in s to the state they lead
/// to, E_n(s) = max_{p(a₁…aₙ)} I(A₁…Aₙ; S_{n} | s₀ = s), computed exactly by Blahut–Arimoto
/// (`ChannelCapacity`). In a deterministic world it is the log of the number of states
/// reachable in n steps; slips lower it where they make destinations ambiguous.
public struct Empowerment: Sendable {
  /// n, the number of actions in a sequence.
  public var steps: Int
  /// The Blahut–Arimoto settings.
  public var solver: ChannelCapacity

  /// n-step empowerment, Blahut–Arimoto to a gap of 10⁻⁹ nats by default.
  public init(steps: Int, solver: ChannelCapacity = ChannelCapacity()) {
    self.steps = steps
    self.solver = solver
  }

  /// The capacity result at `cell` (capacity in nats, the optimal distribution over the 5ⁿ
  /// sequences, the certificate).
  public func value(at cell: Gridworld.Cell, in world: Gridworld) throws(DiscreteDistributionError) -> ChannelCapacity.Result {
    try solver.capacity(of: world.actionSequenceChannel(from: cell, steps: steps))
  }

  /// Empowerment in nats over the grid, row by row; nil at walls.
  public func map(of world: Gridworld) throws(DiscreteDistributionError) -> [[Double?]] {
    var rows: [[Double?]] = []
    for y in 0..<world.height {
      var row: [Double?] = []
      for x in 0..<world.width {
        let cell = Gridworld.Cell(x: x, y: y)
        row.append(world.state(of: cell) == nil ? nil : try value(at: cell, in: world).capacity)
      }
      rows.append(row)
    }
    return rows
  }
}
