import Foundation
import MIData
import MINumerics

/// A directory of benchmark tasks in bmi's layout (the `tasks/` of bmi's benchmark workflow,
/// Czyż et al. 2023): one folder per task id holding `metadata.yaml` (``BmiTaskMetadata``)
/// and samples `N-SEED.csv` (N rows, the seed that drew them), directly or under
/// `samples/`. A sample file has the header `X0,…,X{m−1},Y0,…,Y{n−1}` (bmi's
/// `save_sample`); our conditional tasks add `Z0,…`, and total-correlation tasks have one
/// `X` column per variable.
public struct BmiTaskDirectory: Sendable {
  /// One task found in the directory.
  public struct Task: Sendable {
    /// The task's metadata (from `metadata.yaml`, or from the built-in task of the same id
    /// when bmi's workflow left the file out).
    public let metadata: BmiTaskMetadata
    /// The quantity the truth is the value of.
    public let quantity: BenchmarkQuantity
    /// The dimensions of the variables (X, Y; X, Y, Z; or each variable of a TC).
    public let dimensions: [Int]
    /// The sample files: rows, seed and path, sorted by rows and seed.
    public let samples: [(rows: Int, seed: UInt64, path: String)]

    /// The variables of the sample file with these rows and seed.
    ///
    /// - Throws: a ``BenchmarkFileError`` when the file is missing, its header is not the
    ///   task's columns, its row count differs from its name, or a value is not a number.
    public func variables(rows: Int, seed: UInt64) throws(BenchmarkFileError) -> [Matrix] {
      guard let file = samples.first(where: { $0.rows == rows && $0.seed == seed }) else {
        throw BenchmarkFileError(path: metadata.taskID, line: nil, problem: "no sample file \(rows)-\(seed).csv")
      }
      let table: DataTable
      do {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path)))
        table = try DelimitedTextReader.csv.read(bytes, source: file.path)
      } catch let error as DataError {
        throw BenchmarkFileError(path: file.path, line: nil, problem: error.description)
      } catch {
        throw BenchmarkFileError(path: file.path, line: nil, problem: "cannot read it: \(error.localizedDescription)")
      }
      let expected = BmiTaskDirectory.columnNames(quantity: quantity, dimensions: dimensions)
      guard table.columnNames == expected.flatMap({ $0 }) else {
        throw BenchmarkFileError(
          path: file.path, line: 1,
          problem: "the header is \(table.columnNames.prefix(8).joined(separator: ","))\(table.columnNames.count > 8 ? ",…" : ""), expected \(expected.flatMap { $0 }.prefix(8).joined(separator: ","))\(expected.joined().count > 8 ? ",…" : "") for the task's dimensions \(dimensions.map(String.init).joined(separator: " × "))"
        )
      }
      guard table.rowCount == rows else {
        throw BenchmarkFileError(path: file.path, line: nil, problem: "the name says \(rows) rows, the file has \(table.rowCount)")
      }
      var start = 0
      return dimensions.map { d in
        defer { start += d }
        return table.matrix(columns: Array(start..<(start + d)))
      }
    }
  }

  /// The tasks, sorted by id.
  public let tasks: [Task]

  /// Reads the directory `path`: its task folders (or `path` itself, when it is one task's
  /// folder).
  ///
  /// - Throws: a ``BenchmarkFileError``: no task folder, metadata of another bmi version,
  ///   a task folder without metadata whose id is no built-in task, a sample file named
  ///   other than `N-SEED.csv`, or dimensions that disagree between metadata and id.
  public init(path: String) throws(BenchmarkFileError) {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw BenchmarkFileError(path: path, line: nil, problem: "no such directory (give a directory of bmi task folders)")
    }
    let folders: [String]
    if Self.isTaskFolder(path) {
      folders = [path]
    } else {
      let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
      folders = entries.map { "\(path)/\($0)" }.filter(Self.isTaskFolder)
    }
    guard !folders.isEmpty else {
      throw BenchmarkFileError(path: path, line: nil, problem: "no task folders (folders holding metadata.yaml or N-SEED.csv sample files)")
    }
    var tasks: [Task] = []
    for folder in folders { tasks.append(try Self.task(in: folder)) }
    self.tasks = tasks
  }

  private static func isTaskFolder(_ folder: String) -> Bool {
    let manager = FileManager.default
    if manager.fileExists(atPath: "\(folder)/metadata.yaml") { return true }
    let files = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []) + ((try? manager.contentsOfDirectory(atPath: "\(folder)/samples")) ?? [])
    return files.contains { $0.hasSuffix(".csv") }
  }

  private static func task(in folder: String) throws(BenchmarkFileError) -> Task {
    let id = URL(fileURLWithPath: folder).lastPathComponent
    let metadataPath = "\(folder)/metadata.yaml"
    let metadata: BmiTaskMetadata
    if let text = try? String(contentsOfFile: metadataPath, encoding: .utf8) {
      metadata = try BmiTaskMetadata(yaml: text, path: metadataPath)
    } else if let task = BenchmarkSuite.task(id: id) {
      metadata = BmiTaskMetadata(task)
    } else {
      throw BenchmarkFileError(
        path: folder, line: nil, problem: "no metadata.yaml, and '\(id)' is not a built-in task whose truth is known (`mi benchmark --list`)")
    }
    let quantity = metadata.quantity ?? .mutualInformation
    let dimensions: [Int]
    switch quantity {
    case .mutualInformation: dimensions = [metadata.dimensionX, metadata.dimensionY]
    case .conditionalMutualInformation:
      guard let z = metadata.parameters["dim_z"].flatMap({ Int($0) }), z > 0 else {
        throw BenchmarkFileError(path: metadataPath, line: nil, problem: "a conditional task needs task_params: dim_z, a positive integer")
      }
      dimensions = [metadata.dimensionX, metadata.dimensionY, z]
    case .totalCorrelation:
      dimensions = Array(repeating: 1, count: metadata.dimensionX)
    }
    guard dimensions.allSatisfy({ $0 > 0 }) || quantity == .totalCorrelation, dimensions.count >= 2 else {
      throw BenchmarkFileError(path: metadataPath, line: nil, problem: "dim_x and dim_y must be positive (got \(metadata.dimensionX) and \(metadata.dimensionY))")
    }
    var samples: [(rows: Int, seed: UInt64, path: String)] = []
    for directory in [folder, "\(folder)/samples"] {
      for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []) where name.hasSuffix(".csv") {
        let parts = name.dropLast(4).split(separator: "-")
        guard parts.count == 2, let rows = Int(parts[0]), let seed = UInt64(parts[1]) else {
          throw BenchmarkFileError(path: "\(directory)/\(name)", line: nil, problem: "a sample file's name must be N-SEED.csv (rows and seed), as bmi writes it")
        }
        samples.append((rows, seed, "\(directory)/\(name)"))
      }
    }
    samples.sort { ($0.rows, $0.seed) < ($1.rows, $1.seed) }
    return Task(metadata: metadata, quantity: quantity, dimensions: dimensions, samples: samples)
  }

  /// The sample file's column names for each variable: X0…, Y0…, Z0… (a TC's variables are
  /// all X columns).
  public static func columnNames(quantity: BenchmarkQuantity, dimensions: [Int]) -> [[String]] {
    if quantity == .totalCorrelation {
      var start = 0
      return dimensions.map { d in
        defer { start += d }
        return (start..<(start + d)).map { "X\($0)" }
      }
    }
    return zip(["X", "Y", "Z"], dimensions).map { letter, d in (0..<d).map { "\(letter)\($0)" } }
  }

  /// Writes `task` in bmi's layout under `directory`: `directory/ID/metadata.yaml` and one
  /// `directory/ID/N-SEED.csv` per sample size and seed, the rows our sampler draws from that
  /// seed (so `mi benchmark` on the built-in task and peers on the files see the same data).
  ///
  /// - Throws: a ``BenchmarkFileError`` when a file cannot be written.
  public static func write(_ task: any GroundTruthTask, sizes: [Int], seeds: [UInt64], to directory: String) throws(BenchmarkFileError) {
    let folder = "\(directory)/\(task.id)"
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try BmiTaskMetadata(task).yaml.write(toFile: "\(folder)/metadata.yaml", atomically: true, encoding: .utf8)
    } catch {
      throw BenchmarkFileError(path: folder, line: nil, problem: "cannot write: \(error.localizedDescription)")
    }
    let header = columnNames(quantity: task.quantity, dimensions: task.dimensions).flatMap { $0 }.joined(separator: ",")
    for size in sizes {
      for seed in seeds {
        let variables = task.sampleVariables(count: size, seed: seed)
        var text = header + "\n"
        text.reserveCapacity(size * header.count * 3)
        for row in 0..<size {
          var fields: [String] = []
          for variable in variables { for column in 0..<variable.columns { fields.append("\(variable[row, column])") } }
          text += fields.joined(separator: ",") + "\n"
        }
        let path = "\(folder)/\(size)-\(seed).csv"
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
          throw BenchmarkFileError(path: path, line: nil, problem: "cannot write: \(error.localizedDescription)")
        }
      }
    }
  }
}
