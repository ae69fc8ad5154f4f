import Foundation
import MINumerics

/// The metadata of one task as bmi writes it (`Task.save_metadata` in bmi 0.1, Czyż et al.
/// 2023): a YAML mapping with exactly the keys `dim_x`, `dim_y`, `mi_true`, `task_id`,
/// `task_name` and `task_params` (a mapping). Our conditional and total-correlation tasks
/// use the same form and say so in `task_params` (`quantity: cmi` with `dim_z`, or
/// `quantity: tc` with `variables`), which bmi leaves free.
public struct BmiTaskMetadata: Sendable, Equatable {
  /// bmi's `task_id`.
  public var taskID: String
  /// bmi's `task_name`.
  public var taskName: String
  /// The dimension of X (for a total correlation: the number of variables).
  public var dimensionX: Int
  /// The dimension of Y (0 for a total correlation).
  public var dimensionY: Int
  /// bmi's `mi_true`: the true value in nats (of I(X;Y|Z) or the TC where the quantity says).
  public var truth: Double
  /// `task_params`, its scalar entries as text (nested entries are kept out).
  public var parameters: [String: String]

  /// The keys of bmi 0.1's task metadata.
  public static let keys = ["dim_x", "dim_y", "mi_true", "task_id", "task_name", "task_params"]

  /// Metadata from its parts.
  public init(taskID: String, taskName: String, dimensionX: Int, dimensionY: Int, truth: Double, parameters: [String: String] = [:]) {
    (self.taskID, self.taskName, self.dimensionX, self.dimensionY, self.truth, self.parameters) = (
      taskID, taskName, dimensionX, dimensionY, truth, parameters
    )
  }

  /// The quantity `task_params` names (`quantity: mi | cmi | tc`); I(X;Y) when it names none,
  /// as in bmi's own files.
  public var quantity: BenchmarkQuantity? { parameters["quantity"].map(BenchmarkQuantity.init(rawValue:)) ?? .mutualInformation }

  /// The metadata of one of our tasks.
  public init(_ task: any GroundTruthTask) {
    var parameters = ["quantity": task.quantity.rawValue, "derivation": task.derivation, "source": "MutualInformation (Swift)"]
    let d = task.dimensions
    switch task.quantity {
    case .mutualInformation:
      self.init(taskID: task.id, taskName: task.title, dimensionX: d[0], dimensionY: d[1], truth: task.truth, parameters: parameters)
    case .conditionalMutualInformation:
      parameters["dim_z"] = "\(d[2])"
      self.init(taskID: task.id, taskName: task.title, dimensionX: d[0], dimensionY: d[1], truth: task.truth, parameters: parameters)
    case .totalCorrelation:
      parameters["variables"] = "\(d.count)"
      self.init(taskID: task.id, taskName: task.title, dimensionX: d.reduce(0, +), dimensionY: 0, truth: task.truth, parameters: parameters)
    }
  }

  /// Parses `metadata.yaml` as bmi writes it (PyYAML's block style: `key: value` lines, plain,
  /// single- or double-quoted scalars, `task_params` nested one level).
  ///
  /// - Throws: a ``BenchmarkFileError`` naming the file and line: a line that is not
  ///   `key: value`, a missing or unknown key (metadata of another bmi version), or a value
  ///   of the wrong type.
  public init(yaml text: String, path: String) throws(BenchmarkFileError) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var top: [String: (value: String, line: Int)] = [:]
    var parameters: [String: String] = [:]
    var index = 0
    var inParameters = false
    while index < lines.count {
      let line = lines[index]
      let number = index + 1
      index += 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
      let indented = line.first == " "
      if indented && !inParameters {
        throw BenchmarkFileError(path: path, line: number, problem: "an indented line outside task_params")
      }
      if indented && (trimmed.hasPrefix("- ") || line.prefix(while: { $0 == " " }).count > 2) { continue }  // nested deeper: kept out
      guard let colon = Self.keyColon(trimmed) else {
        throw BenchmarkFileError(path: path, line: number, problem: "not a 'key: value' line of bmi's task metadata: \(trimmed.prefix(60))")
      }
      let key = String(trimmed[..<colon])
      var raw = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      // A quoted scalar that PyYAML wrapped continues on the following lines.
      while let quote = raw.first, quote == "\"" || quote == "'", !Self.isClosed(raw), index < lines.count {
        let next = lines[index].trimmingCharacters(in: .whitespaces)
        index += 1
        raw = raw.hasSuffix("\\") ? String(raw.dropLast()) + next : raw + " " + next
      }
      let value = try Self.scalar(raw, path: path, line: number)
      if indented {
        parameters[key] = value
      } else {
        inParameters = key == "task_params" && raw.isEmpty
        guard top[key] == nil else { throw BenchmarkFileError(path: path, line: number, problem: "the key \(key) appears twice") }
        top[key] = (value, number)
      }
    }
    let unknown = top.keys.filter { !Self.keys.contains($0) }.sorted()
    let missing = Self.keys.filter { top[$0] == nil && $0 != "task_params" }
    guard unknown.isEmpty, missing.isEmpty else {
      let parts = (missing.isEmpty ? [] : ["missing \(missing.joined(separator: ", "))"]) + (unknown.isEmpty ? [] : ["unknown \(unknown.joined(separator: ", "))"])
      throw BenchmarkFileError(
        path: path, line: nil,
        problem: "not the task metadata of bmi 0.1 (keys \(Self.keys.joined(separator: ", "))): \(parts.joined(separator: "; ")); a file of another bmi version?")
    }
    func integer(_ key: String) throws(BenchmarkFileError) -> Int {
      guard let entry = top[key], let value = Int(entry.value), value >= 0 else {
        throw BenchmarkFileError(path: path, line: top[key]?.line, problem: "\(key) must be a non-negative integer, got '\(top[key]?.value ?? "")'")
      }
      return value
    }
    let truthEntry = top["mi_true"]!
    guard let truth = Double(truthEntry.value), truth.isFinite, truth >= 0 else {
      throw BenchmarkFileError(path: path, line: truthEntry.line, problem: "mi_true must be a finite non-negative number, got '\(truthEntry.value)'")
    }
    let metadata = try BmiTaskMetadata(
      taskID: top["task_id"]!.value, taskName: top["task_name"]!.value, dimensionX: integer("dim_x"), dimensionY: integer("dim_y"), truth: truth,
      parameters: parameters)
    guard metadata.quantity != nil else {
      throw BenchmarkFileError(path: path, line: nil, problem: "task_params: quantity '\(parameters["quantity"] ?? "")' is none of mi, cmi, tc")
    }
    self = metadata
  }

  /// The YAML text, in bmi's form (keys sorted, strings double-quoted: a JSON string literal
  /// is a YAML double-quoted scalar).
  public var yaml: String {
    var text = "dim_x: \(dimensionX)\ndim_y: \(dimensionY)\nmi_true: \(truth)\ntask_id: \(taskID.jsonQuoted)\ntask_name: \(taskName.jsonQuoted)\n"
    if parameters.isEmpty {
      text += "task_params: {}\n"
    } else {
      text += "task_params:\n"
      for key in parameters.keys.sorted() { text += "  \(key): \(parameters[key]!.jsonQuoted)\n" }
    }
    return text
  }

  /// The colon that ends a key: the first ": " or a final ":".
  private static func keyColon(_ line: String) -> String.Index? {
    guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
    let after = line.index(after: colon)
    return after == line.endIndex || line[after] == " " ? colon : nil
  }

  private static func isClosed(_ raw: String) -> Bool {
    guard raw.count >= 2, let quote = raw.first, raw.last == quote else { return false }
    if quote == "'" { return true }
    var backslashes = 0
    for character in raw.dropLast().reversed() {
      guard character == "\\" else { break }
      backslashes += 1
    }
    return backslashes % 2 == 0
  }

  /// A YAML scalar's value: quotes removed and escapes resolved; plain scalars lose a
  /// trailing comment; `{}` (an empty mapping) is the empty string.
  private static func scalar(_ raw: String, path: String, line: Int) throws(BenchmarkFileError) -> String {
    if raw == "{}" || raw == "''" || raw == "\"\"" { return "" }
    if raw.first == "'" {
      guard isClosed(raw) else { throw BenchmarkFileError(path: path, line: line, problem: "an unclosed single-quoted string") }
      return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }
    guard raw.first == "\"" else {
      if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
      return raw
    }
    guard isClosed(raw) else { throw BenchmarkFileError(path: path, line: line, problem: "an unclosed double-quoted string") }
    var result = ""
    var characters = Array(raw.dropFirst().dropLast())[...]
    while let character = characters.popFirst() {
      guard character == "\\" else {
        result.append(character)
        continue
      }
      guard let escape = characters.popFirst() else { break }
      func hex(_ digits: Int) throws(BenchmarkFileError) -> Character {
        let text = String(characters.prefix(digits))
        characters = characters.dropFirst(digits)
        guard text.count == digits, let code = UInt32(text, radix: 16), let scalar = Unicode.Scalar(code) else {
          throw BenchmarkFileError(path: path, line: line, problem: "a bad escape \\\(escape)\(text) in a double-quoted string")
        }
        return Character(scalar)
      }
      switch escape {
      case "n": result.append("\n")
      case "t": result.append("\t")
      case "0": result.append("\0")
      case "x": result.append(try hex(2))
      case "u": result.append(try hex(4))
      case "U": result.append(try hex(8))
      case " ", "\"", "\\", "/": result.append(escape)
      default: throw BenchmarkFileError(path: path, line: line, problem: "an unknown escape \\\(escape) in a double-quoted string")
      }
    }
    return result
  }
}

/// A problem with a benchmark task file or results file: the path, the line where known,
/// and what is wrong.
public struct BenchmarkFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file.
  public let path: String
  /// The line (1-based), when the problem has one.
  public let line: Int?
  /// What is wrong.
  public let problem: String

  /// An error from its parts.
  public init(path: String, line: Int?, problem: String) { (self.path, self.line, self.problem) = (path, line, problem) }

  /// "path, line n: problem".
  public var description: String { "\(path)\(line.map { ", line \($0)" } ?? ""): \(problem)" }
}
