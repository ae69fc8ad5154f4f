/// Resolves user-written column specifications such as `"a,b"`, `"0,3"` or `"2:5"`
/// against a table's column names.
///
/// A specification that is exactly a column name selects that column, even when the name
/// contains commas. Otherwise it is a comma-separated list of tokens; a token in double
/// quotes (`"a,b"`) is a column name that may contain commas, and any other token is, in
/// this order:
/// 1. a column name, matched exactly (so a column named `"3"` is found by name first);
/// 2. a 0-based column index;
/// 3. a range `START:END` of indices, END excluded as in Python slices; `START:` runs
///    to the last column and `:END` starts at column 0.
public struct ColumnSelection: Sendable {
  /// The table's column names, in order.
  public let columnNames: [String]
  private let indexOfName: [String: Int]

  /// A selection context for a table with these column names.
  public init(columnNames: [String]) {
    self.columnNames = columnNames
    var index: [String: Int] = [:]
    for (position, name) in columnNames.enumerated() where index[name] == nil { index[name] = position }
    self.indexOfName = index
  }

  /// The column indices a specification names, in the order written.
  ///
  /// - Parameter role: the role's name in messages, such as `"--x"`.
  /// - Throws: ``DataError`` for unknown names, out-of-range indices, bad ranges, an
  ///   empty specification, or a column named twice.
  public func indices(for specification: String, role: String) throws(DataError) -> [Int] {
    // A whole specification that is a column name is that column, commas and all.
    if let index = indexOfName[specification] { return [index] }
    var result: [Int] = []
    for (token, quoted) in try Self.tokens(of: specification) {
      if token.isEmpty && !quoted {
        if specification.trimmingSpaces().isEmpty { break }
        throw .invalidColumnSpecification(text: specification, reason: "empty item between commas")
      }
      let indices: [Int]
      if quoted {
        guard let index = indexOfName[token] else { throw .unknownColumn(name: token, available: columnNames) }
        indices = [index]
      } else {
        indices = try resolve(token, in: specification)
      }
      for index in indices {
        if result.contains(index) {
          throw .duplicateColumn(column: columnNames[index], firstRole: role, secondRole: role)
        }
        result.append(index)
      }
    }
    guard !result.isEmpty else { throw .emptySelection(role: role) }
    return result
  }

  /// The comma-separated items of a specification, spaces around them trimmed. An item in
  /// double quotes is a column name that may contain commas (`"a,b",c`); `""` inside the
  /// quotes is a literal quote.
  static func tokens(of specification: String) throws(DataError) -> [(text: String, quoted: Bool)] {
    var result: [(text: String, quoted: Bool)] = []
    let characters = Array(specification)
    var index = 0
    while true {
      while index < characters.count, characters[index] == " " { index += 1 }
      if index < characters.count, characters[index] == "\"" {
        var text = ""
        index += 1
        var closed = false
        while index < characters.count {
          if characters[index] == "\"" {
            if index + 1 < characters.count, characters[index + 1] == "\"" {
              text.append("\"")
              index += 2
              continue
            }
            closed = true
            index += 1
            break
          }
          text.append(characters[index])
          index += 1
        }
        guard closed else {
          throw .invalidColumnSpecification(text: specification, reason: "a quoted column name has no closing quote")
        }
        while index < characters.count, characters[index] == " " { index += 1 }
        result.append((text, true))
        if index == characters.count { return result }
        guard characters[index] == "," else {
          throw .invalidColumnSpecification(text: specification, reason: "text after the closing quote of \"\(text)\"; separate columns with commas")
        }
        index += 1
        continue
      }
      var end = index
      while end < characters.count, characters[end] != "," { end += 1 }
      let token = String(characters[index..<end]).trimmingSpaces()
      result.append((String(token), false))
      if end == characters.count { return result }
      index = end + 1
    }
  }

  private func resolve(_ token: String, in specification: String) throws(DataError) -> [Int] {
    if let index = indexOfName[token] { return [index] }
    if let index = Int(token) {
      guard index >= 0 && index < columnNames.count else {
        throw .columnIndexOutOfRange(index: index, count: columnNames.count)
      }
      return [index]
    }
    if let colon = token.firstIndex(of: ":") {
      let startText = token[..<colon]
      let endText = token[token.index(after: colon)...]
      let start = startText.isEmpty ? 0 : Int(startText)
      let end = endText.isEmpty ? columnNames.count : Int(endText)
      guard let start, let end else {
        throw .invalidColumnSpecification(
          text: token, reason: "a range is START:END with 0-based integer indices, END excluded")
      }
      guard start >= 0 && start < columnNames.count else {
        throw .columnIndexOutOfRange(index: start, count: columnNames.count)
      }
      guard end <= columnNames.count else {
        throw .columnIndexOutOfRange(index: end - 1, count: columnNames.count)
      }
      guard start < end else {
        throw .invalidColumnSpecification(text: token, reason: "the range is empty (END is excluded and must exceed START)")
      }
      return Array(start..<end)
    }
    throw .unknownColumn(name: token, available: columnNames)
  }

  /// Checks that no column is in two roles.
  ///
  /// - Parameter roles: each role's name and its column indices.
  /// - Throws: ``DataError/duplicateColumn(column:firstRole:secondRole:)`` for the first
  ///   column found in two roles.
  public func checkDisjoint(_ roles: [(name: String, indices: [Int])]) throws(DataError) {
    var owner: [Int: String] = [:]
    for role in roles {
      for index in role.indices {
        if let first = owner[index] {
          throw .duplicateColumn(column: columnNames[index], firstRole: first, secondRole: role.name)
        }
        owner[index] = role.name
      }
    }
  }
}

extension String {
  fileprivate func trimmingSpaces() -> Substring {
    let head = drop { $0 == " " }
    return Substring(head.reversed().drop { $0 == " " }.reversed())
  }
}
