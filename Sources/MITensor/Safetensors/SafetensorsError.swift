/// Why a safetensors file could not be read or written.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
  /// The file could not be opened, read or written.
  case io(path: String, reason: String)
  /// The file is shorter than its 8-byte header length says.
  case truncated(expected: Int, actual: Int)
  /// The JSON header is malformed; `offset` is the byte within the header.
  case malformedHeader(offset: Int, reason: String)
  /// A tensor entry lacks a field or has one of the wrong type.
  case invalidEntry(name: String, reason: String)
  /// A dtype this library does not read (it reads F32, F64, F16 and BF16).
  case unsupportedType(name: String, dtype: String)
  /// A tensor's byte range does not match its shape and dtype or lies outside the data.
  case inconsistentData(name: String, reason: String)
  /// A tensor the caller needs is absent.
  case missingTensor(name: String)
  /// A tensor has a different shape than the caller needs.
  case shapeMismatch(name: String, expected: TensorShape, found: TensorShape)

  public var description: String {
    switch self {
    case .io(let path, let reason): "safetensors: cannot access \(path): \(reason)"
    case .truncated(let expected, let actual): "safetensors: file truncated: needs \(expected) bytes, has \(actual)"
    case .malformedHeader(let offset, let reason): "safetensors: malformed JSON header at byte \(offset): \(reason)"
    case .invalidEntry(let name, let reason): "safetensors: tensor \"\(name)\": \(reason)"
    case .unsupportedType(let name, let dtype): "safetensors: tensor \"\(name)\" has dtype \(dtype); supported: F32, F64, F16, BF16"
    case .inconsistentData(let name, let reason): "safetensors: tensor \"\(name)\": \(reason)"
    case .missingTensor(let name): "safetensors: the file has no tensor \"\(name)\""
    case .shapeMismatch(let name, let expected, let found): "safetensors: tensor \"\(name)\" has shape \(found), expected \(expected)"
    }
  }
}
