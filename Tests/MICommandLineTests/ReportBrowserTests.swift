import Foundation
import Testing

/// The report in a real browser: headless Chromium (Debian's `chromium-headless-shell`, or
/// `chromium`, or `$MI_BROWSER`) loads the page from disk, and the rendered DOM and a
/// screenshot show every figure drawn and no script error. `.ci/run` installs the browser and
/// sets `MI_REQUIRE_BROWSER=1`, so there a missing browser fails the test instead of skipping it.
@Suite("mi report in a browser")
struct ReportBrowserTests {
  static let browser: String? = {
    if let path = ProcessInfo.processInfo.environment["MI_BROWSER"], FileManager.default.isExecutableFile(atPath: path) { return path }
    for name in ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"] {
      for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
      }
    }
    return nil
  }()
  static let required = ProcessInfo.processInfo.environment["MI_REQUIRE_BROWSER"] == "1"

  /// Runs a program and returns its standard output; stops it after `timeout` seconds.
  static func run(_ program: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = DispatchTime.now() + timeout
    DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(.enabled(if: browser != nil || required, "no headless Chromium here (apt-get install chromium-headless-shell)"))
  func everyFigureIsDrawn() throws {
    let browser = try #require(Self.browser, "MI_REQUIRE_BROWSER=1 but no Chromium found: install chromium-headless-shell")
    let results = try CommandLine.file("results.jsonl", ReportCommandTests.sampleResults())
    let directory = URL(fileURLWithPath: results).deletingLastPathComponent()
    let page = directory.appendingPathComponent("report.html").path
    #expect(try CommandLine.run(["report", results, "-o", page]).status == 0)
    let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files"]
    let dom = try Self.run(browser, flags + ["--dump-dom", "file://\(page)"])
    #expect(dom.status == 0)
    #expect(dom.output.contains("data-figures-drawn=\"4\""), "\(dom.output.prefix(500))")
    #expect(!dom.output.contains("data-script-errors=\""), "a script error in the page")
    let sizes = dom.output.components(separatedBy: "data-drawn=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(sizes.count == 4)
    for size in sizes {
      let parts = size.split(separator: "x").compactMap { Int($0) }
      #expect(parts.count == 2 && parts[0] > 200 && parts[1] > 100, "a figure drawn \(size)")
    }
    // The screenshot is not blank: many non-white pixels, many colors (decoded by Python's zlib).
    let shot = directory.appendingPathComponent("report.png").path
    _ = try Self.run(browser, flags + ["--screenshot=\(shot)", "--window-size=1150,2400", "file://\(page)"])
    let check = try Self.run("/usr/bin/env", ["python3", "-c", Self.pngStatistics, shot])
    let numbers = check.output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(numbers.count == 2, "python3 could not read the screenshot: \(check.output)")
    if numbers.count == 2 {
      #expect(numbers[0] > 0.03 && numbers[1] > 20, "screenshot: \(numbers[0]) of the pixels non-white, \(numbers[1]) colors")
    }
  }

  /// Prints the fraction of non-white pixels and the number of distinct colors of a PNG
  /// (8-bit RGB or RGBA, any row filter).
  static let pngStatistics = """
    import sys, zlib, struct
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
    pos, idat = 8, b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
        if kind == b'IDAT': idat += body
        pos += 12 + length
    channels = {2: 3, 6: 4}[ctype]
    raw, stride = zlib.decompress(idat), width * channels
    previous, rows = bytearray(stride), []
    for y in range(height):
        filt, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if filt == 1: line[i] = (line[i] + a) & 255
            elif filt == 2: line[i] = (line[i] + b) & 255
            elif filt == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); previous = line
    pixels = [row[i:i + 3] for row in rows[::2] for i in range(0, stride, channels * 2)]
    print(sum(1 for p in pixels if p != b'\\xff\\xff\\xff') / len(pixels), len(set(pixels)))
    """
}
