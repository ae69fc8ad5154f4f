import MITensor
import _Differentiation
import MINumerics

/// Dropout as a value: the probability, applied with a per-step seed.
///
/// It has no parameters, so it is a plain function object rather than a `Layer`:
/// `dropout(hidden, seed: step)` in training, and nothing at evaluation (inverted
/// dropout needs no rescaling there).
public struct Dropout: Hashable, Sendable {
  /// The probability of zeroing each scalar.
  public let probability: Double

  /// Creates dropout with probability `probability` in [0, 1).
  public init(probability: Double) {
    guard probability >= 0 && probability < 1 else {
      ContractViolation.trap("Dropout(probability: \(probability)): the probability must be in [0, 1)")
    }
    self.probability = probability
  }

  /// Applies dropout with a mask drawn from `seed`.
  @differentiable(reverse, wrt: input)
  public func callAsFunction<Scalar: TensorScalar>(_ input: Tensor<Scalar>, seed: UInt64) -> Tensor<Scalar> {
    input.droppingOut(probability: probability, seed: seed)
  }
}
