import MINumerics
import MITensor

/// How a layer's weight matrix [out, in] is drawn at creation, reproducibly from a seed.
///
/// The variance is set from the fan-in and fan-out so that signals keep their scale
/// through depth: Glorot & Bengio (2010) for symmetric activations (tanh, sigmoid,
/// identity), He et al. (2015) for ReLU-like ones, which zero half their inputs and so
/// need twice the variance.
public enum Initialization: Hashable, Sendable {
  /// U(−a, a) with a = √(6 / (fan_in + fan_out)).
  case glorotUniform
  /// N(0, 2 / (fan_in + fan_out)).
  case glorotNormal
  /// U(−a, a) with a = √(6 / fan_in).
  case heUniform
  /// N(0, 2 / fan_in).
  case heNormal
  /// U(−a, a) with a = 1/√fan_in: PyTorch's `nn.Linear` default (Kaiming uniform with
  /// a = √5). A third of He's variance: small initial outputs, which the exponential
  /// terms of NWJ-type MI bounds need (the critics use it).
  case uniformFanIn

  /// He uniform for the ReLU family and ELU/GELU; Glorot uniform otherwise.
  public static func recommended(for activation: Activation) -> Initialization {
    switch activation {
    case .relu, .leakyRelu, .elu, .gelu: .heUniform
    default: .glorotUniform
    }
  }

  /// A weight matrix of shape [outputs, inputs].
  public func weight<Scalar: TensorScalar>(
    inputs: Int, outputs: Int, using generator: inout SeededGenerator
  ) -> Tensor<Scalar> {
    let (fanIn, fanOut) = (Double(max(inputs, 1)), Double(max(outputs, 1)))
    let shape: TensorShape = [outputs, inputs]
    switch self {
    case .glorotUniform:
      let a = Scalar((6 / (fanIn + fanOut)).squareRoot())
      return Tensor(randomUniform: shape, lower: -a, upper: a, using: &generator)
    case .glorotNormal:
      return Tensor(randomNormal: shape, standardDeviation: Scalar((2 / (fanIn + fanOut)).squareRoot()), using: &generator)
    case .heUniform:
      let a = Scalar((6 / fanIn).squareRoot())
      return Tensor(randomUniform: shape, lower: -a, upper: a, using: &generator)
    case .heNormal:
      return Tensor(randomNormal: shape, standardDeviation: Scalar((2 / fanIn).squareRoot()), using: &generator)
    case .uniformFanIn:
      let a = Scalar((1 / fanIn).squareRoot())
      return Tensor(randomUniform: shape, lower: -a, upper: a, using: &generator)
    }
  }
}
