import MINumerics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes
/// of JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (plus an optional `"__metadata__"` object of strings), then the raw little-endian data.
///
/// Files written here load in PyTorch with `safetensors.torch.load_file`, and files
/// written by PyTorch load here: Float tensors are written as F32, Double as F64; reading
/// accepts F32, F64, F16 and BF16 and converts to the requested precision.
public enum Safetensors {
  /// The named tensors and metadata of one file, in file order.
  public struct Contents<Scalar: TensorScalar> {
    /// The tensors, in the order of their data in the file.
    public var tensors: [(name: String, tensor: Tensor<Scalar>)]
    /// The `__metadata__` strings.
    public var metadata: [String: String]

    /// The tensor called `name`.
    public subscript(name: String) -> Tensor<Scalar>? {
      tensors.first { $0.name == name }?.tensor
    }
  }

  /// The file bytes for `tensors` (names must be unique) and `metadata`.
  public static func encode<Scalar: TensorScalar>(
    _ tensors: [(name: String, tensor: Tensor<Scalar>)], metadata: [String: String] = [:]
  ) -> [UInt8] {
    let dtype = Scalar.self == Double.self ? "F64" : "F32"
    let width = Scalar.self == Double.self ? 8 : 4
    var entries: [(String, JSONValue)] = []
    if !metadata.isEmpty {
      entries.append(("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
    }
    var offset = 0
    for (name, tensor) in tensors {
      let size = tensor.scalarCount * width
      entries.append((name, .object([
        ("dtype", .string(dtype)), ("shape", .array(tensor.shape.dimensions.map(JSONValue.integer))),
        ("data_offsets", .array([.integer(offset), .integer(offset + size)])),
      ])))
      offset += size
    }
    var header = Array(JSONValue.object(entries).rendered(compact: true).utf8)
    // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
    while header.count % 8 != 0 { header.append(0x20) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: header)
    for (_, tensor) in tensors {
      if Scalar.self == Double.self {
        for value in tensor.scalars { withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
      } else {
        for value in tensor.scalars { withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
      }
    }
    return bytes
  }

  /// Parses file bytes, converting every tensor to `Scalar`.
  public static func decode<Scalar: TensorScalar>(
    _ bytes: [UInt8], as type: Scalar.Type = Scalar.self
  ) throws(SafetensorsError) -> Contents<Scalar> {
    guard bytes.count >= 8 else { throw .truncated(expected: 8, actual: bytes.count) }
    var headerLength: UInt64 = 0
    for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    guard headerLength <= UInt64(bytes.count - 8) else {
      throw .truncated(expected: 8 &+ Int(truncatingIfNeeded: headerLength), actual: bytes.count)
    }
    let dataStart = 8 + Int(headerLength)
    let parsed: JSONValue
    do { parsed = try JSONValue.parse(bytes[8..<dataStart]) } catch { throw .malformedHeader(offset: error.offset, reason: error.reason) }
    guard case .object(let members) = parsed else {
      throw .malformedHeader(offset: 0, reason: "the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    var found: [(name: String, tensor: Tensor<Scalar>, begin: Int)] = []
    let dataLength = bytes.count - dataStart
    for (name, entry) in members {
      if name == "__metadata__" {
        guard case .object(let fields) = entry else { throw .invalidEntry(name: name, reason: "metadata is not an object") }
        for (key, value) in fields {
          guard case .string(let text) = value else { throw .invalidEntry(name: name, reason: "metadata value of \"\(key)\" is not a string") }
          metadata[key] = text
        }
        continue
      }
      guard case .object(let fields) = entry else { throw .invalidEntry(name: name, reason: "entry is not an object") }
      func field(_ key: String) -> JSONValue? { fields.first { $0.0 == key }?.1 }
      guard case .string(let dtype) = field("dtype") else { throw .invalidEntry(name: name, reason: "missing \"dtype\" string") }
      guard case .array(let shapeValues) = field("shape") else { throw .invalidEntry(name: name, reason: "missing \"shape\" array") }
      guard case .array(let offsetValues) = field("data_offsets"), offsetValues.count == 2 else {
        throw .invalidEntry(name: name, reason: "missing \"data_offsets\" pair")
      }
      var dimensions: [Int] = []
      for value in shapeValues {
        guard case .number(_, let integer?) = value, integer >= 0 else { throw .invalidEntry(name: name, reason: "shape holds a non-integer or negative size") }
        dimensions.append(integer)
      }
      guard dimensions.count <= TensorShape.maximumRank else {
        throw .invalidEntry(name: name, reason: "rank \(dimensions.count) exceeds the supported \(TensorShape.maximumRank)")
      }
      guard case .number(_, let begin?) = offsetValues[0], case .number(_, let end?) = offsetValues[1] else {
        throw .invalidEntry(name: name, reason: "data_offsets are not integers")
      }
      let width: Int
      switch dtype {
      case "F32": width = 4
      case "F64": width = 8
      case "F16", "BF16": width = 2
      default: throw .unsupportedType(name: name, dtype: dtype)
      }
      let shape = TensorShape(dimensions)
      guard begin >= 0, end >= begin, end <= dataLength else {
        throw .inconsistentData(name: name, reason: "byte range [\(begin), \(end)) lies outside the \(dataLength) data bytes")
      }
      guard end - begin == shape.count * width else {
        throw .inconsistentData(name: name, reason: "shape \(shape) as \(dtype) needs \(shape.count * width) bytes, the range holds \(end - begin)")
      }
      let base = dataStart + begin
      let scalars: [Scalar] = (0..<shape.count).map { i in
        let at = base + i * width
        switch dtype {
        case "F32": return Scalar(Float(bitPattern: littleEndian32(bytes, at)))
        case "F64": return Scalar(Double(bitPattern: littleEndian64(bytes, at)))
        case "BF16": return Scalar(Float(bitPattern: UInt32(littleEndian16(bytes, at)) << 16))
        default: return Scalar(halfToFloat(littleEndian16(bytes, at)))
        }
      }
      found.append((name, Tensor(shape: shape, scalars: scalars), begin))
    }
    found.sort { $0.begin < $1.begin }
    return Contents(tensors: found.map { ($0.name, $0.tensor) }, metadata: metadata)
  }

  /// Writes `tensors` and `metadata` to the file at `path`, replacing it.
  public static func write<Scalar: TensorScalar>(
    _ tensors: [(name: String, tensor: Tensor<Scalar>)], metadata: [String: String] = [:], to path: String
  ) throws(SafetensorsError) {
    let bytes = encode(tensors, metadata: metadata)
    guard let file = fopen(path, "wb") else { throw .io(path: path, reason: String(cString: strerror(errno))) }
    defer { fclose(file) }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == bytes.count else { throw .io(path: path, reason: "wrote \(written) of \(bytes.count) bytes") }
  }

  /// Reads the file at `path`, converting every tensor to `Scalar`.
  public static func read<Scalar: TensorScalar>(
    from path: String, as type: Scalar.Type = Scalar.self
  ) throws(SafetensorsError) -> Contents<Scalar> {
    guard let file = fopen(path, "rb") else { throw .io(path: path, reason: String(cString: strerror(errno))) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    guard ferror(file) == 0 else { throw .io(path: path, reason: "read error") }
    return try decode(bytes, as: type)
  }

  private static func littleEndian16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
    UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
  }

  private static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    var value: UInt32 = 0
    for i in 0..<4 { value |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
    return value
  }

  private static func littleEndian64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<8 { value |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
    return value
  }

  /// IEEE 754 binary16 to Float, subnormals, infinities and NaN included.
  static func halfToFloat(_ bits: UInt16) -> Float {
    let sign: Float = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Float(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }
}
