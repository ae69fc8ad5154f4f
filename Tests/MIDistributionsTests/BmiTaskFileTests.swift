import Foundation
import MINumerics
import Testing

@testable import MIDistributions

/// Task files in bmi's layout: files bmi 0.1.3 wrote (Fixtures/bmi_task_files, from
/// Fixtures/make_bmi_task_files.py) are read; ours are written so that reading them gives back
/// the task and its samples; files of another form are refused with the file and the problem.
@Suite struct BmiTaskFileTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bmi_task_files").path

  static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "bmi-files-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func readsWhatBmiWrote() throws {
    let directory = try BmiTaskDirectory(path: Self.fixtures)
    #expect(directory.tasks.map(\.metadata.taskID) == ["1v1-bimodal-0.75", "1v1-normal-0.75", "spiral-normal_cdf-multinormal-sparse-3-3-2-2.0"])
    let spiral = directory.tasks[2]
    #expect(spiral.metadata.taskName == "Spiral @ Normal CDF @ Multinormal 3 × 3 (2-pair)")
    #expect(spiral.metadata.parameters == ["n_interacting": "2", "normalize_speed": "true", "speed": "1.0", "strength": "2.0"])
    #expect(spiral.quantity == .mutualInformation && spiral.dimensions == [3, 3])
    #expect(spiral.samples.map(\.rows) == [20] && spiral.samples.map(\.seed) == [0])
    for task in directory.tasks {
      let ours = try #require(BenchmarkSuite.task(id: task.metadata.taskID))
      #expect(abs(task.metadata.truth - ours.truth) < 1e-12, "\(task.metadata.taskID)")
    }
    let variables = try spiral.variables(rows: 20, seed: 0)
    #expect(variables.map(\.rows) == [20, 20] && variables.map(\.columns) == [3, 3])
    #expect(abs(variables[0][0, 0] - 0.5198088) < 1e-12 && abs(variables[1][0, 2] - 0.4807196) < 1e-12)
  }

  /// An MI, a conditional and a total-correlation task written and read back: the metadata
  /// and the samples are what the tasks give.
  @Test func writesAndReadsOurTasks() throws {
    let path = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let ids = ["tied-binomial-10-10", "cmi-gaussian-collider-1.0", "tc-multinormal-dense-3-0.5"]
    let tasks = try ids.map { try #require(BenchmarkSuite.task(id: $0)) }
    for task in tasks { try BmiTaskDirectory.write(task, sizes: [30, 12], seeds: [0, 1], to: path) }
    let directory = try BmiTaskDirectory(path: path)
    #expect(directory.tasks.map(\.metadata.taskID) == ids.sorted())
    for task in tasks {
      let read = try #require(directory.tasks.first { $0.metadata.taskID == task.id })
      #expect(read.metadata == BmiTaskMetadata(task) && read.quantity == task.quantity && read.dimensions == task.dimensions)
      #expect(read.samples.map { "\($0.rows)-\($0.seed)" } == ["12-0", "12-1", "30-0", "30-1"])
      let values = try read.variables(rows: 30, seed: 1)
      #expect(values.map(\.storage) == task.sampleVariables(count: 30, seed: 1).map(\.storage), "\(task.id)")
    }
    let header = try String(contentsOfFile: "\(path)/cmi-gaussian-collider-1.0/12-0.csv", encoding: .utf8).split(separator: "\n")[0]
    #expect(header == "X0,Y0,Z0")
    let yaml = try String(contentsOfFile: "\(path)/tc-multinormal-dense-3-0.5/metadata.yaml", encoding: .utf8)
    #expect(yaml.hasPrefix("dim_x: 3\ndim_y: 0\nmi_true: 0.34657359027997"))
    #expect(yaml.contains("  quantity: \"tc\"\n"))
  }

  /// bmi's folder without metadata.yaml (its workflow writes only samples): the truth of the
  /// built-in task of that id.
  @Test func samplesWithoutMetadataUseTheBuiltInTask() throws {
    let path = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.createDirectory(atPath: "\(path)/1v1-normal-0.75", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "\(Self.fixtures)/1v1-normal-0.75/20-0.csv", toPath: "\(path)/1v1-normal-0.75/20-0.csv")
    let directory = try BmiTaskDirectory(path: path)
    #expect(directory.tasks.count == 1 && abs(directory.tasks[0].metadata.truth - 0.41333928659223396) < 1e-12)
  }

  @Test func parsesPyYAMLScalars() throws {
    let text = """
      dim_x: 2
      dim_y: 1
      mi_true: 1.5e-1
      task_id: 'it''s'
      task_name: "A long name that PyYAML wrapped \\xD7 over
        two lines"
      task_params:
        mean: [0, 1]
        nested:
          deeper: 1
        rho: 0.5 # a comment
      """
    let metadata = try BmiTaskMetadata(yaml: text, path: "m.yaml")
    #expect(metadata.taskID == "it's" && metadata.taskName == "A long name that PyYAML wrapped × over two lines")
    #expect(metadata.truth == 0.15 && metadata.dimensionX == 2 && metadata.parameters["rho"] == "0.5")
    let empty = try BmiTaskMetadata(yaml: "dim_x: 1\ndim_y: 1\nmi_true: 0.0\ntask_id: a\ntask_name: b\ntask_params: {}\n", path: "m.yaml")
    #expect(empty.parameters.isEmpty && empty.quantity == .mutualInformation)
  }

  /// Metadata of another version, bad values, a header that is not the task's, a misnamed
  /// sample file, and a folder that is neither described nor built in.
  @Test func badFilesAreNamed() throws {
    func message(_ yaml: String) -> String {
      do {
        _ = try BmiTaskMetadata(yaml: yaml, path: "t/metadata.yaml")
        return ""
      } catch { return error.description }
    }
    let good = "dim_x: 1\ndim_y: 1\nmi_true: 0.4\ntask_id: a\ntask_name: b\ntask_params: {}\n"
    #expect(message(good + "version: 2\n").contains("t/metadata.yaml: not the task metadata of bmi 0.1"))
    #expect(message(good + "version: 2\n").contains("unknown version; a file of another bmi version?"))
    #expect(message(good.replacingOccurrences(of: "mi_true: 0.4\n", with: "")).contains("missing mi_true"))
    #expect(message(good.replacingOccurrences(of: "0.4", with: ".nan")) == "t/metadata.yaml, line 3: mi_true must be a finite non-negative number, got '.nan'")
    #expect(message(good.replacingOccurrences(of: "dim_x: 1", with: "dim_x: two")).contains("line 1: dim_x must be a non-negative integer"))
    #expect(message(good + "this is not yaml\n").contains("line 7: not a 'key: value' line"))
    #expect(message(good.replacingOccurrences(of: "{}", with: "\n  quantity: xy")).contains("quantity 'xy' is none of mi, cmi, tc"))

    let path = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let folder = "\(path)/1v1-normal-0.75"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "X0,Y1\n1,2\n".write(toFile: "\(folder)/1-0.csv", atomically: true, encoding: .utf8)
    let task = try BmiTaskDirectory(path: path).tasks[0]
    #expect(throws: BenchmarkFileError.self) { try task.variables(rows: 1, seed: 0) }
    do { _ = try task.variables(rows: 1, seed: 0) } catch {
      #expect(error.description == "\(folder)/1-0.csv, line 1: the header is X0,Y1, expected X0,Y0 for the task's dimensions 1 × 1")
    }
    try "X0,Y0\n1,2\n".write(toFile: "\(folder)/1-0.csv", atomically: true, encoding: .utf8)
    do { _ = try BmiTaskDirectory(path: path).tasks[0].variables(rows: 1, seed: 0) } catch { Issue.record("\(error)") }
    try "X0,Y0\n1,2\n".write(toFile: "\(folder)/sample.csv", atomically: true, encoding: .utf8)
    #expect(throws: BenchmarkFileError.self) { try BmiTaskDirectory(path: path) }
    try FileManager.default.removeItem(atPath: "\(folder)/sample.csv")
    try FileManager.default.createDirectory(atPath: "\(path)/my-task", withIntermediateDirectories: true)
    try "X0,Y0\n1,2\n".write(toFile: "\(path)/my-task/1-0.csv", atomically: true, encoding: .utf8)
    do {
      _ = try BmiTaskDirectory(path: path)
      Issue.record("a folder without metadata and no built-in task was read")
    } catch {
      #expect(error.description.contains("no metadata.yaml, and 'my-task' is not a built-in task"))
    }
    #expect(throws: BenchmarkFileError.self) { try BmiTaskDirectory(path: "\(path)/none") }
  }
}
