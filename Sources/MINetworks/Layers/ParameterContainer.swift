import MITensor
import _Differentiation

/// A value holding named tensors (a layer's parameters, or their gradients) that can be
/// visited in a fixed order.
///
/// A layer and its `TangentVector` visit their tensors in the same order under the same
/// names; optimizers rely on that to pair each parameter with its gradient, and
/// safetensors files use the names (`layers.0.weight`, as PyTorch's `state_dict`).
public protocol ParameterContainer {
  /// The scalar type of the tensors.
  associatedtype Scalar: TensorScalar

  /// Calls `visitor` on each tensor, in a fixed order, with its dotted name under `prefix`;
  /// the visitor may replace the tensor.
  mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void)
}

extension ParameterContainer {
  /// The tensors with their names, in visiting order.
  public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
    var copy = self
    var result: [(name: String, tensor: Tensor<Scalar>)] = []
    copy.visitParameters(prefix: "") { name, tensor in result.append((name, tensor)) }
    return result
  }

  /// The number of scalars over all tensors.
  public var parameterCount: Int {
    namedParameters.reduce(0) { $0 + $1.tensor.scalarCount }
  }

  /// Joins a prefix and a name with a dot, as PyTorch's `state_dict` keys (for your own
  /// containers' `visitParameters`).
  public static func qualified(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : prefix + "." + name
  }
}

extension Array.DifferentiableView: ParameterContainer where Element: ParameterContainer {
  public typealias Scalar = Element.Scalar

  /// Visits element i's tensors under the prefix `i`.
  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    for index in base.indices {
      base[index].visitParameters(prefix: Self.qualified(prefix, String(index)), visitor)
    }
  }
}
