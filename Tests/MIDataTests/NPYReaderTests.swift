import Foundation
import MIData
import MINumerics
import Testing

@Suite("NumPy .npy reading")
struct NPYReaderTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  func load(_ name: String) throws -> DataTable {
    try DataLoader.load(path: Self.fixtures.appendingPathComponent(name).path)
  }

  @Test(arguments: [
    "float64_c.npy", "float32_fortran.npy", "int64.npy", "int16_bigendian.npy", "uint8.npy",
    "float64_bigendian.npy", "version2.npy",
  ])
  func readsFilesWrittenByNumPy(name: String) throws {
    let table = try load(name)
    #expect(table.values == Matrix([[1, 2], [3, 4], [5, 6]]), "\(name)")
    #expect(table.columnNames == ["0", "1"])
    #expect(table.describeRow(2) == "row 2 of \(name)")
  }

  @Test func readsBoolAndVectors() throws {
    #expect(try load("bool.npy").values == Matrix([[0, 1], [0, 1], [0, 1]]))
    let vector = try load("vector.npy")
    #expect(vector.values == Matrix(column: [0.5, -1.5, 2.25]))
  }

  @Test func rejectsUnsupportedFiles() throws {
    #expect(throws: DataError.unsupportedNPYType(source: "complex.npy", descriptor: "<c16")) { try load("complex.npy") }
    do {
      _ = try load("three_dimensional.npy")
      Issue.record("expected an error")
    } catch let error as DataError {
      #expect(error.description.contains("3 dimensions"))
    }
    let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("float64_c.npy")))
    #expect(throws: DataError.truncatedNPY(source: "cut.npy", expectedBytes: 48, actualBytes: 40)) {
      try NPYReader().read(Array(bytes.dropLast(8)), source: "cut.npy")
    }
    // A header that says fewer rows than the file holds is wrong, not a prefix to read.
    #expect(throws: DataError.extraNPYData(source: "long.npy", expectedBytes: 48, actualBytes: 96)) {
      try NPYReader().read(bytes + bytes.suffix(48), source: "long.npy")
    }
    #expect(throws: DataError.invalidNPYHeader(source: "bad.npy", reason: "the file does not start with the NumPy magic string")) {
      try NPYReader().read(Array("not numpy at all".utf8), source: "bad.npy")
    }
    var noShape = bytes
    if let range = String(decoding: noShape, as: UTF8.self).range(of: "shape") {
      let offset = String(decoding: noShape, as: UTF8.self).utf8.distance(from: String(decoding: noShape, as: UTF8.self).startIndex, to: range.lowerBound)
      noShape[offset] = UInt8(ascii: "X")
    }
    #expect(throws: DataError.invalidNPYHeader(source: "h.npy", reason: "the header has no 'shape' entry")) {
      try NPYReader().read(noShape, source: "h.npy")
    }
  }
}
