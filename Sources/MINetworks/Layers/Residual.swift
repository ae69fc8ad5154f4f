import MINumerics
import MITensor
import _Differentiation

/// A residual block, y = x + W₂·f(W₁x + b₁) + b₂ (He et al. 2016): two dense layers around
/// a hidden width, added to the input. Its output width equals its input width.
public struct Residual<Scalar: TensorScalar>: Layer {
  /// The inner layer (inputs → hidden, with the activation).
  public var inner: Dense<Scalar>
  /// The outer layer (hidden → inputs, linear).
  public var outer: Dense<Scalar>

  /// Creates a block for `width` features with a hidden layer of `hidden` units. The
  /// outer layer starts at zero, so the block starts as the identity (as in Fixup and
  /// ReZero), which keeps deep stacks trainable from the first step.
  public init(width: Int, hidden: Int, activation: Activation = .relu, using generator: inout SeededGenerator) {
    inner = Dense(inputs: width, outputs: hidden, activation: activation, using: &generator)
    outer = Dense(weight: Tensor(zeros: [width, hidden]), bias: Tensor(zeros: [width]))
  }

  /// Creates a block from its two layers.
  public init(inner: Dense<Scalar>, outer: Dense<Scalar>) {
    guard outer.inputCount == inner.outputCount, outer.outputCount == inner.inputCount else {
      ContractViolation.trap("Residual(inner:outer:): layers \(inner.inputCount)→\(inner.outputCount) and \(outer.inputCount)→\(outer.outputCount) do not form a block")
    }
    self.inner = inner
    self.outer = outer
  }

  @differentiable(reverse)
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    input + outer(inner(input))
  }

  public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
    inner.visitParameters(prefix: Self.qualified(prefix, "inner"), visitor)
    outer.visitParameters(prefix: Self.qualified(prefix, "outer"), visitor)
  }
}

extension Residual {
  /// The gradient of a residual block.
  public struct TangentVector: Differentiable, AdditiveArithmetic, ParameterContainer {
    public var inner: Dense<Scalar>.TangentVector
    public var outer: Dense<Scalar>.TangentVector

    public init(inner: Dense<Scalar>.TangentVector, outer: Dense<Scalar>.TangentVector) {
      self.inner = inner
      self.outer = outer
    }

    public mutating func visitParameters(prefix: String, _ visitor: (String, inout Tensor<Scalar>) -> Void) {
      inner.visitParameters(prefix: Residual.qualified(prefix, "inner"), visitor)
      outer.visitParameters(prefix: Residual.qualified(prefix, "outer"), visitor)
    }
  }

  public mutating func move(by offset: TangentVector) {
    inner.move(by: offset.inner)
    outer.move(by: offset.outer)
  }
}
