import Foundation
import MINumerics
import MITensor
import Testing

/// The Float kernels of `_MIKernels` (vectorized exp, sums, maxima, ReLU) against plain
/// Double computations, including the edges of their ranges and lengths that are not
/// multiples of the 8-lane width.
@Suite struct KernelTests {
  @Test func vectorizedExpIsAccurateAndHandlesTheEdges() {
    var inputs: [Float] = [-.infinity, -1000, -104, -87.4, -87.3, -10, -1e-8, 0, 1e-8, 0.5, 1, 10, 88.7, 88.8, 1000, .infinity]
    var generator = SeededGenerator(seed: 90)
    inputs += (0..<1001).map { _ in Float(generator.uniform(in: -87, 88)) }
    let result = Tensor<Float>(inputs).exp().scalars
    for (x, y) in zip(inputs, result) {
      let exact = Foundation.exp(Double(x))
      if exact > Double(Float.greatestFiniteMagnitude) {
        #expect(y == .infinity, "exp(\(x)) = \(y)")
      } else if exact < Double(Float.leastNormalMagnitude) {
        #expect(y >= 0 && Double(y) < 1.2e-38, "exp(\(x)) = \(y)")
      } else {
        #expect(abs(Double(y) - exact) / exact < 3e-7, "exp(\(x)) = \(y), exact \(exact)")
      }
    }
    #expect(Tensor<Float>([.nan]).exp().scalars[0].isNaN)
  }

  @Test(arguments: [0, 1, 7, 8, 9, 63, 1000])
  func sumsMaximaAndReLUMatchReferences(count: Int) {
    var generator = SeededGenerator(seed: UInt64(count + 1))
    let x = Tensor<Float>(randomNormal: [count], using: &generator)
    let reference = x.scalars.reduce(0.0) { $0 + Double($1) }
    #expect(abs(Double(x.sum().scalar) - reference) < 1e-4)
    if count > 0 {
      #expect(x.max().scalar == x.scalars.max()!)
      #expect(x.logSumExp().scalar.isFinite)
    }
    #expect(Array(x.relu().scalars) == x.scalars.map { max($0, 0) })
  }

  @Test func maximumPropagatesNaN() {
    var values = [Float](repeating: 1, count: 20)
    values[13] = .nan
    #expect(Tensor<Float>(rows: [values]).max(alongAxis: 1).scalars[0].isNaN)
  }

  @Test func floatAndDoubleTrainingStepsAgree() {
    // The Float path (C kernels: GEMM, ReLU, exp, Adam) against the Double path (Swift loops).
    var generator = SeededGenerator(seed: 91)
    let x = Tensor<Double>(randomNormal: [37, 19], using: &generator)
    let w = Tensor<Double>(randomNormal: [23, 19], using: &generator)
    let b = Tensor<Double>(randomNormal: [23], using: &generator)
    let loss: (Tensor<Double>) -> Tensor<Double> = { affine(x, weight: $0, bias: b, activation: .relu).logSumExp(alongAxis: 1).mean() }
    let lossF: (Tensor<Float>) -> Tensor<Float> = {
      affine(Tensor<Float>(converting: x), weight: $0, bias: Tensor<Float>(converting: b), activation: .relu).logSumExp(alongAxis: 1).mean()
    }
    #expect(abs(Double(lossF(Tensor(converting: w)).scalar) - loss(w).scalar) < 1e-4)
  }
}
