import Foundation
import MICommandLine

// MI_THREADS caps the threads of parallel loops (`mi_usable_cores`); a value the loops
// would ignore is an error here rather than a silent default.
if let threads = ProcessInfo.processInfo.environment["MI_THREADS"], !threads.isEmpty, (Int(threads) ?? 0) < 1 {
  FileHandle.standardError.write(Data("Error: MI_THREADS must be a positive whole number (the most threads per process), got '\(threads)'\n".utf8))
  exit(64)
}
MICommand.main()
