/// A gridworld for empowerment and skill discovery: free cells and walls on a rectangle,
/// five actions (up, down, left, right, stay), and a move into a wall or off the grid
/// leaves the agent where it is. With probability `slip` the action taken is replaced by
/// one of the five drawn uniformly (so it still happens with probability 1 − slip + slip/5).
public struct Gridworld: Sendable, Equatable {
  /// A cell: column `x` from the left, row `y` from the top.
  public struct Cell: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    /// The cell at column `x`, row `y`.
    public init(x: Int, y: Int) {
      self.x = x
      self.y = y
    }
    public static func < (a: Cell, b: Cell) -> Bool { (a.y, a.x) < (b.y, b.x) }
    public var description: String { "(\(x), \(y))" }
  }

  /// The five actions.
  public enum Action: Int, Sendable, CaseIterable {
    case up, down, left, right, stay

    /// The displacement (dx, dy), y growing downward.
    public var displacement: (dx: Int, dy: Int) {
      switch self {
      case .up: (0, -1)
      case .down: (0, 1)
      case .left: (-1, 0)
      case .right: (1, 0)
      case .stay: (0, 0)
      }
    }
  }

  /// Columns.
  public let width: Int
  /// Rows.
  public let height: Int
  /// The walls.
  public let walls: Set<Cell>
  /// The probability that an action is replaced by a uniformly drawn one.
  public let slip: Double
  /// The free cells in reading order (row by row); their positions index the states.
  public let freeCells: [Cell]
  private let stateIndex: [Cell: Int]

  /// A world drawn as text, one string per row: `#` a wall, any other character free.
  ///
  /// - Throws: for no rows, rows of different lengths, no free cell, or a slip outside [0, 1].
  public init(map rows: [String], slip: Double = 0) throws(DiscreteDistributionError) {
    guard let first = rows.first, !first.isEmpty else { throw .empty(what: "the gridworld map") }
    var walls = Set<Cell>()
    for (y, row) in rows.enumerated() {
      guard row.count == first.count else {
        throw .invalidParameter(name: "map row \(y)", value: "\(row.count) cells", reason: "row 0 has \(first.count); every row needs as many")
      }
      for (x, character) in row.enumerated() where character == "#" { walls.insert(Cell(x: x, y: y)) }
    }
    try self.init(width: first.count, height: rows.count, walls: walls, slip: slip)
  }

  /// A `width` × `height` world with the given walls.
  public init(width: Int, height: Int, walls: Set<Cell> = [], slip: Double = 0) throws(DiscreteDistributionError) {
    guard width >= 1, height >= 1 else { throw .invalidParameter(name: "size", value: "\(width) × \(height)", reason: "needs at least one cell") }
    guard slip >= 0, slip <= 1 else { throw .invalidParameter(name: "slip", value: "\(slip)", reason: "is a probability: it must lie in [0, 1]") }
    if let outside = walls.first(where: { !(0..<width ~= $0.x && 0..<height ~= $0.y) }) {
      throw .invalidParameter(name: "wall", value: "\(outside)", reason: "lies outside the \(width) × \(height) grid")
    }
    let free = (0..<height).flatMap { y in (0..<width).map { Cell(x: $0, y: y) } }.filter { !walls.contains($0) }
    guard !free.isEmpty else { throw .empty(what: "the set of free cells") }
    self.width = width
    self.height = height
    self.walls = walls
    self.slip = slip
    self.freeCells = free
    self.stateIndex = Dictionary(uniqueKeysWithValues: free.enumerated().map { ($0.element, $0.offset) })
  }

  /// The state index of a free cell, nil for a wall or a cell off the grid.
  public func state(of cell: Cell) -> Int? { stateIndex[cell] }

  /// Where `action` leads from `cell` when it is carried out.
  public func destination(of action: Action, from cell: Cell) -> Cell {
    let (dx, dy) = action.displacement
    let next = Cell(x: cell.x + dx, y: cell.y + dy)
    return stateIndex[next] == nil ? cell : next
  }

  /// P(next state | state, action) as a list of (state, probability), slip included.
  public func transitions(from state: Int, taking action: Action) -> [(state: Int, probability: Double)] {
    let cell = freeCells[state]
    var result: [Int: Double] = [:]
    let intended = stateIndex[destination(of: action, from: cell)]!
    result[intended, default: 0] += 1 - slip
    if slip > 0 {
      for other in Action.allCases { result[stateIndex[destination(of: other, from: cell)]!, default: 0] += slip / 5 }
    }
    return result.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// The channel from the 5ⁿ sequences of `steps` actions, taken from `cell`, to the state
  /// after the last one: row i is the distribution of the final state for the sequence
  /// whose actions are the base-5 digits of i (first action most significant).
  public func actionSequenceChannel(from cell: Cell, steps: Int) throws(DiscreteDistributionError) -> DiscreteChannel {
    guard let start = stateIndex[cell] else {
      throw .invalidParameter(name: "cell", value: "\(cell)", reason: "is a wall or lies off the grid; empowerment is defined on free cells")
    }
    return try actionSequenceChannel(from: start, steps: steps)
  }
}

extension Gridworld: DiscreteEnvironment {
  /// The free cells.
  public var stateCount: Int { freeCells.count }
  /// The five actions, numbered as `Action`'s raw values.
  public var actionCount: Int { Action.allCases.count }

  /// P(s′ | s, a) for the action whose raw value is `action`.
  public func transitions(from state: Int, taking action: Int) -> [(state: Int, probability: Double)] {
    transitions(from: state, taking: Action(rawValue: action)!)
  }
}
