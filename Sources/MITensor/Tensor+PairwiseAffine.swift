import MINumerics
import _Differentiation

/// f(W·[xᵢ, yⱼ] + b) for every pair (i, j): the first layer of a joint ("concat") critic
/// evaluated on all Kx·Ky pairs, as one primitive.
///
/// `weight` is [hidden, dx + dy] and `bias` [hidden]; row i·Ky + j of the [Kx·Ky, hidden]
/// result belongs to the pair (xᵢ, yⱼ). Because W·[x, y] = Wₓx + W_y y, the products are
/// formed once per row of x and of y (O((Kx + Ky)·d·hidden) multiply-adds) and the pairs
/// only add them, instead of multiplying a tiled [Kx·Ky, dx + dy] input. The pullback
/// sums the pair gradients back per row of x and of y the same way.
@differentiable(reverse)
@_specialize(where Scalar == Float)
public func affineOnAllPairs<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>,
  activation: Activation = .identity
) -> Tensor<Scalar> {
  pairwiseAffineForward(x, y, weight: weight, bias: bias, activation: activation).output
}

func pairwiseAffineForward<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation
) -> (output: Tensor<Scalar>, preActivation: Tensor<Scalar>?, wx: Tensor<Scalar>, wy: Tensor<Scalar>) {
  let name = "affineOnAllPairs(_:_:weight:bias:activation:)"
  let (kx, dx) = x.matrixSize("\(name): x")
  let (ky, dy) = y.matrixSize("\(name): y")
  let (hidden, inputs) = weight.matrixSize("\(name): weight")
  guard inputs == dx + dy else {
    shapeFailure(name, "weight \(weight.shape) expects \(inputs) inputs, x \(x.shape) and y \(y.shape) give \(dx) + \(dy)")
  }
  guard bias.shape == [hidden] else { shapeFailure(name, "bias shape \(bias.shape) should be [\(hidden)]") }
  let wx = weight.columns(0..<dx)
  let wy = weight.columns(dx..<inputs)
  let a = matmul(x, wx, transposingB: true)  // [kx, hidden]
  let b = matmul(y, wy, transposingB: true)  // [ky, hidden]
  let keepPre = activation.derivativeNeedsInput
  var preScalars = [Scalar](repeating: 0, count: keepPre ? kx * ky * hidden : 0)
  let output = Tensor<Scalar>(shape: [kx * ky, hidden]) { out in
    preScalars.withUnsafeMutableBufferPointer { preBuffer in
      a.withUnsafeScalars { ap in
        b.withUnsafeScalars { bp in
          bias.withUnsafeScalars { cp in
            let shared = SharedPointers(a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!)
            let outPointer = DisjointWrites(out)
            let prePointer = keepPre ? DisjointWrites(preBuffer.baseAddress!) : nil
            parallelFor(count: kx, serialThreshold: 2) { rows in
              for i in rows {
                let ai = shared.a + i * hidden
                for j in 0..<ky {
                  let bj = shared.b + j * hidden
                  let offset = (i * ky + j) * hidden
                  let row = outPointer.base + offset
                  for h in 0..<hidden { row[h] = ai[h] + bj[h] + shared.c[h] }
                  if let prePointer { (prePointer.base + offset).update(from: row, count: hidden) }
                  activation.apply(UnsafeMutableBufferPointer(start: row, count: hidden))
                }
              }
            }
          }
        }
      }
    }
  }
  let preStorage = keepPre ? Tensor(shape: [kx * ky, hidden], scalars: preScalars) : nil
  return (output, preStorage, wx, wy)
}

/// Read-only operands shared by the threads of the pairwise forward pass.
private struct SharedPointers<Scalar>: @unchecked Sendable {
  let a: UnsafePointer<Scalar>
  let b: UnsafePointer<Scalar>
  let c: UnsafePointer<Scalar>
}

@derivative(of: affineOnAllPairs)
@_specialize(where Scalar == Float)
public func _vjpAffineOnAllPairs<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>, activation: Activation
) -> (
  value: Tensor<Scalar>,
  pullback: (Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>)
) {
  let (output, pre, wx, wy) = pairwiseAffineForward(x, y, weight: weight, bias: bias, activation: activation)
  let (kx, ky, hidden) = (x.shape[0], y.shape[0], weight.shape[0])
  return (output, { v in
    let v = v.materialized(as: output.shape)
    // dA[i] = Σⱼ dz[i, j], dB[j] = Σᵢ dz[i, j], with dz = v ⊙ f′ formed on the fly.
    var da = Tensor<Scalar>(zeros: [kx, hidden])
    let threads = max(1, min(ProcessInfoCores.active, kx))
    // Each thread sums its rows' contributions to dB in its own slab; the slabs are added after.
    var partials = [Scalar](repeating: 0, count: threads * ky * hidden)
    da.withUnsafeMutableScalars { daBuffer in
      partials.withUnsafeMutableBufferPointer { partialBuffer in
        v.withUnsafeScalars { vp in
          output.withUnsafeScalars { yp in
            (pre ?? Tensor(zeros: [0])).withUnsafeScalars { pp in
              let daOut = DisjointWrites(daBuffer.baseAddress!)
              let partialOut = DisjointWrites(partialBuffer.baseAddress!)
              let shared = SharedPointers(a: vp.baseAddress!, b: yp.baseAddress!, c: pp.baseAddress ?? yp.baseAddress!)
              let hasPre = pre != nil
              let rowsPerThread = (kx + threads - 1) / threads
              concurrentBlocks(threads) { t in
                let partial = partialOut.base + t * ky * hidden
                let scratch = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: hidden)
                defer { scratch.deallocate() }
                for i in (t * rowsPerThread)..<min(kx, (t + 1) * rowsPerThread) {
                  let dai = daOut.base + i * hidden
                  for j in 0..<ky {
                    let offset = (i * ky + j) * hidden
                    let pj = partial + j * hidden
                    // dz for the pair: the incoming tangent times f′ (at the saved pre-activation
                    // or output), then added to both row sums.
                    _ = scratch.initialize(from: UnsafeBufferPointer(start: shared.a + offset, count: hidden))
                    activation.multiplyDerivative(
                      scratch, input: hasPre ? UnsafeBufferPointer(start: shared.c + offset, count: hidden) : nil,
                      output: UnsafeBufferPointer(start: shared.b + offset, count: hidden))
                    for h in 0..<hidden {
                      dai[h] += scratch[h]
                      pj[h] += scratch[h]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    var dbScalars = [Scalar](partials[0..<(ky * hidden)])
    for t in 1..<threads {
      for index in 0..<(ky * hidden) { dbScalars[index] += partials[t * ky * hidden + index] }
    }
    let dbRows = Tensor<Scalar>(shape: [ky, hidden], scalars: dbScalars)
    let dBias = da.sum(alongAxis: 0).reshaped(to: [hidden])
    let dWx = matmul(da, x, transposingA: true)
    let dWy = matmul(dbRows, y, transposingA: true)
    let dx = matmul(da, wx)
    let dy = matmul(dbRows, wy)
    return (dx, dy, dWx.concatenated(with: dWy, alongAxis: 1), dBias)
  })
}

/// Runs `body(t)` for t in 0..<count on separate threads.
private func concurrentBlocks(_ count: Int, _ body: @Sendable (Int) -> Void) {
  if count == 1 {
    body(0)
    return
  }
  DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

import Dispatch
