import MITensor

extension ParameterContainer {
  /// Writes the parameters to a safetensors file under their dotted names (`layers.0.weight`,
  /// `layers.0.bias`, …), which a PyTorch module with the same structure loads with
  /// `load_state_dict(safetensors.torch.load_file(path))`.
  public func saveSafetensors(to path: String, metadata: [String: String] = [:]) throws(SafetensorsError) {
    try Safetensors.write(namedParameters, metadata: metadata, to: path)
  }

  /// Replaces every parameter with the tensor of the same name in `contents`; every name
  /// must be present with the parameter's shape (extra tensors are ignored). Nothing is
  /// replaced unless all parameters match.
  public mutating func loadParameters(from contents: Safetensors.Contents<Scalar>) throws(SafetensorsError) {
    for (name, parameter) in namedParameters {
      guard let tensor = contents[name] else { throw .missingTensor(name: name) }
      guard tensor.shape == parameter.shape else {
        throw .shapeMismatch(name: name, expected: parameter.shape, found: tensor.shape)
      }
    }
    visitParameters(prefix: "") { name, parameter in
      if let tensor = contents[name] { parameter = tensor }
    }
  }

  /// Reads a safetensors file and loads the parameters from it (see `loadParameters(from:)`).
  public mutating func loadSafetensors(from path: String) throws(SafetensorsError) {
    try loadParameters(from: Safetensors.read(from: path, as: Scalar.self))
  }
}
