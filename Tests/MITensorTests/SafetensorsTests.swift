import Foundation
import MINumerics
import MITensor
import Testing

@Suite struct SafetensorsTests {
  @Test func roundTripThroughAFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi-roundtrip-\(getpid()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var generator = SeededGenerator(seed: 80)
    let a = Tensor<Float>(randomNormal: [3, 5], using: &generator)
    let b = Tensor<Float>([1, -2, 3])
    let c = Tensor<Float>(4)
    try Safetensors.write([("a", a), ("b.bias", b), ("scalar", c)], metadata: ["note": "tab\there \"quoted\""], to: path)
    let contents = try Safetensors.read(from: path, as: Float.self)
    #expect(contents.tensors.map(\.name) == ["a", "b.bias", "scalar"])
    #expect(contents["a"] == a && contents["b.bias"] == b && contents["scalar"] == c)
    #expect(contents.metadata == ["note": "tab\there \"quoted\""])
    // The data starts 8-byte aligned.
    let bytes = Safetensors.encode([("a", a)])
    var headerLength = 0
    for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
    #expect(headerLength % 8 == 0)
    #expect(bytes.count == 8 + headerLength + 15 * 4)
  }

  @Test func doubleTensorsAreWrittenAsF64() throws {
    let x = Tensor<Double>([Double.pi, 1e-300])
    let bytes = Safetensors.encode([("x", x)])
    #expect(String(decoding: bytes, as: UTF8.self).contains("\"F64\""))
    #expect(try Safetensors.decode(bytes, as: Double.self)["x"] == x)
  }

  /// A file written by the reference implementation (see Fixtures/make_safetensors_fixture.py).
  @Test func readsAFileWrittenByTheReferenceImplementation() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference.safetensors").path
    let contents = try Safetensors.read(from: path, as: Float.self)
    #expect(contents.metadata["written_by"] == "safetensors.numpy")
    #expect(contents["layers.0.weight"] == Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) / 4 - 0.5 }))
    #expect(contents["layers.0.bias"] == Tensor([1.5, -2.25]))
    #expect(contents["scalar"] == Tensor(7))
    #expect(contents["half"] == Tensor(shape: [2, 2], scalars: [1, -0.5, 65504, 0x1p-24]))
    let double = try Safetensors.read(from: path, as: Double.self)
    #expect(double["double"] == Tensor([Double.pi, -M_E, 1e-300]))
  }

  @Test func readsBFloat16() throws {
    // bf16 is the upper half of an IEEE float: 1.0 = 0x3F80, −2.0 = 0xC000.
    let header = Array("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}".utf8)
    var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
    bytes += [0x80, 0x3F, 0x00, 0xC0]
    #expect(try Safetensors.decode(bytes, as: Float.self)["w"] == Tensor([1, -2]))
  }

  @Test func malformedFilesGiveErrorsThatSayWhatIsWrong() {
    func decode(_ header: String, data: [UInt8] = []) -> SafetensorsError? {
      let h = Array(header.utf8)
      let bytes = withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) } + h + data
      do {
        _ = try Safetensors.decode(bytes, as: Float.self)
        return nil
      } catch { return error }
    }
    #expect(throws: SafetensorsError.truncated(expected: 8, actual: 3)) { try Safetensors.decode([1, 2, 3], as: Float.self) }
    #expect(throws: SafetensorsError.truncated(expected: 108, actual: 10)) {
      try Safetensors.decode([100, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D], as: Float.self)
    }
    if case .malformedHeader = decode("{\"w\": [1, 2") {} else { Issue.record("unterminated JSON not reported") }
    #expect(decode("{\"w\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0]) == .unsupportedType(name: "w", dtype: "I8"))
    #expect(decode("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0])
      == .inconsistentData(name: "w", reason: "shape [2] as F32 needs 8 bytes, the range holds 4"))
    #expect(decode("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")
      == .inconsistentData(name: "w", reason: "byte range [0, 4) lies outside the 0 data bytes"))
    #expect(decode("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}") == .invalidEntry(name: "w", reason: "missing \"dtype\" string"))
    #expect(throws: SafetensorsError.self) { try Safetensors.read(from: "/nonexistent/file.safetensors", as: Float.self) }
    #expect(SafetensorsError.missingTensor(name: "layers.1.bias").description.contains("layers.1.bias"))
  }
}
