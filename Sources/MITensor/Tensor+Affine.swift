import _Differentiation

/// f(x·Wᵀ + b): the fused dense layer, one primitive with one pullback.
///
/// `weight` is [out, in] (PyTorch's `nn.Linear` layout, so parameters exchange without
/// transposition), `bias` is [out], `x` is [batch, in]. The forward pass writes the bias
/// into the output, accumulates the product on top (GEMM with β = 1) and applies the
/// activation in place: one output buffer and no separate passes. The pullback forms
/// dz = v ⊙ f′ once and derives dx = dz·W, dW = dzᵀ·x and db = Σ_rows dz from it.
@differentiable(reverse)
@_specialize(where Scalar == Float)
public func affine<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation = .identity
) -> Tensor<Scalar> {
  affineForward(x, weight: weight, bias: bias, activation: activation).output
}

/// The forward pass; also returns the pre-activation when the activation's derivative
/// needs it.
func affineForward<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation
) -> (output: Tensor<Scalar>, preActivation: Tensor<Scalar>?) {
  let name = "affine(_:weight:bias:activation:)"
  let (batch, inputs) = x.matrixSize("\(name): input")
  let (outputs, weightInputs) = weight.matrixSize("\(name): weight")
  guard inputs == weightInputs else {
    shapeFailure(name, "input \(x.shape) has \(inputs) features but weight \(weight.shape) expects \(weightInputs) ([out, in])")
  }
  guard bias.shape == [outputs] else {
    shapeFailure(name, "bias shape \(bias.shape) should be [\(outputs)] for weight \(weight.shape)")
  }
  var z = Tensor<Scalar>(shape: [batch, outputs]) { out in
    bias.withUnsafeScalars { b in
      for i in 0..<batch { (out + i * outputs).initialize(from: b.baseAddress!, count: outputs) }
    }
  }
  if batch > 0 && outputs > 0 && inputs > 0 {
    z.withUnsafeMutableScalars { c in
      x.withUnsafeScalars { a in
        weight.withUnsafeScalars { w in
          Scalar.multiplyMatrices(
            transposingA: false, transposingB: true, m: batch, n: outputs, k: inputs,
            a.baseAddress!, w.baseAddress!, beta: 1, into: c.baseAddress!)
        }
      }
    }
  }
  if activation == .identity { return (z, nil) }
  let keep = activation.derivativeNeedsInput ? z : nil
  z.withUnsafeMutableScalars { activation.apply($0) }
  return (z, keep)
}

@derivative(of: affine)
@_specialize(where Scalar == Float)
public func _vjpAffine<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>)) {
  let (y, z) = affineForward(x, weight: weight, bias: bias, activation: activation)
  return (y, { v in
    let dz = affinePreActivationGradient(v, output: y, preActivation: z, activation: activation)
    return (matmul(dz, weight), matmul(dz, x, transposingA: true), dz.sum(alongAxis: 0).reshaped(to: bias.shape))
  })
}

/// The derivative with respect to the weight and bias alone: when the input is data (the
/// first layer of a network), dx = dz·W, a product as costly as dW, is not computed.
@derivative(of: affine, wrt: (weight, bias))
@_specialize(where Scalar == Float)
public func _vjpAffineParameters<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation
) -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>)) {
  let (y, z) = affineForward(x, weight: weight, bias: bias, activation: activation)
  return (y, { v in
    let dz = affinePreActivationGradient(v, output: y, preActivation: z, activation: activation)
    return (matmul(dz, x, transposingA: true), dz.sum(alongAxis: 0).reshaped(to: bias.shape))
  })
}

/// dz = v ⊙ f′(z), from the output y (and the pre-activation z when f′ needs it).
func affinePreActivationGradient<Scalar: TensorScalar>(
  _ v: Tensor<Scalar>, output y: Tensor<Scalar>, preActivation z: Tensor<Scalar>?, activation: Activation
) -> Tensor<Scalar> {
  var dz = v.materialized(as: y.shape)
  if activation != .identity {
    dz.withUnsafeMutableScalars { g in
      y.withUnsafeScalars { out in
        if let z {
          z.withUnsafeScalars { activation.multiplyDerivative(g, input: $0, output: out) }
        } else {
          activation.multiplyDerivative(g, input: nil, output: out)
        }
      }
    }
  }
  return dz
}
