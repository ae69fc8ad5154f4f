import Foundation

/// Runs each run of `mi benchmark` in a child process of `mi`, so that an estimator that
/// crashes the process (a trap, a signal, memory exhausted) ends only its own run: the run
/// is recorded as failed with the way its process ended, and the others go on.
///
/// The child is `mi` itself with the parent's arguments and `--run-key KEY`: it builds the
/// same plan, executes the one run in process and prints its record as one JSON line on
/// standard output. The record's `seconds` are measured inside the child, so they do not
/// include starting the process or reading the data. Children of parallel runs share the
/// cores: each gets `MI_THREADS` = usable cores ÷ runs at a time, so that two runs never
/// put two spinning threads on one core.
struct IsolatedRunner: Sendable {
  /// The `mi` executable.
  let executable: URL
  /// The benchmark's arguments after the program name (the subcommand and its options).
  let arguments: [String]
  /// The threads each child's parallel loops may use.
  let threadsPerRun: Int

  /// The runner of this process's own executable, nil when this process is not `mi` (a
  /// test bundle that calls the command in process), which then runs in process.
  static func ofThisProcess(arguments: [String], threadsPerRun: Int) -> IsolatedRunner? {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    guard FileManager.default.isExecutableFile(atPath: executable.path), !executable.lastPathComponent.contains("xctest") else { return nil }
    return IsolatedRunner(executable: executable, arguments: arguments, threadsPerRun: threadsPerRun)
  }

  /// The record of `run` from a child process: the child's line when it printed one,
  /// otherwise the run's description with status "failed" and how the process ended.
  func execute(_ run: BenchmarkPlan.Run) -> [String: Any] {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments + ["--run-key", run.key]
    var environment = ProcessInfo.processInfo.environment
    environment["MI_THREADS"] = String(threadsPerRun)
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    var record = run.description
    record["status"] = "failed"
    do {
      try process.run()
    } catch {
      record["message"] = "could not start a process for the run (\(executable.path)): \(error)"
      return record
    }
    // Standard error on another thread, so that neither pipe fills while the other is read.
    let errors = ErrorText()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { errors.text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    if process.terminationReason == .exit, process.terminationStatus == 0,
      let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last,
      let child = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], child["status"] != nil
    {
      return child
    }
    let ended = process.terminationReason == .uncaughtSignal
      ? "was killed by signal \(process.terminationStatus)\(Self.signalName(process.terminationStatus).map { " (\($0))" } ?? "")"
      : "exited with status \(process.terminationStatus) without a result"
    let said = errors.text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    record["message"] = "the estimator crashed: its process \(ended)" + (said.map { "; it said: \($0.prefix(300))" } ?? "")
      + ". The other runs went on"
    return record
  }

  /// The usual name of a fatal signal.
  static func signalName(_ signal: Int32) -> String? {
    [4: "SIGILL, a trap such as a failed precondition", 5: "SIGTRAP, a Swift runtime trap", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
     9: "SIGKILL, often the out-of-memory killer", 11: "SIGSEGV"][signal]
  }
}

/// Standard error of a child, written by the reading thread before `DispatchGroup.wait`
/// returns.
private final class ErrorText: @unchecked Sendable {
  var text = ""
}
