import MITensor
import Testing

/// Shape errors stop the program with a message that names the operation and the shapes,
/// in debug and release builds alike (checked in a child process: Swift Testing's exit tests).
@Suite struct ShapeErrorTests {
  @Test func matmulNamesBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor<Float>(zeros: [2, 3]), Tensor<Float>(zeros: [4, 5]))
    }
    expect(result, contains: "matmul: shapes [2, 3] and [4, 5] do not agree: inner dimensions 3 and 4")
  }

  @Test func broadcastingNamesTheOperator() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Float>(zeros: [2, 3]) + Tensor<Float>(zeros: [2, 2])
    }
    expect(result, contains: "+: shapes [2, 3] and [2, 2] do not broadcast")
  }

  @Test func affineNamesTheLayout() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = affine(Tensor<Float>(zeros: [4, 3]), weight: Tensor(zeros: [2, 5]), bias: Tensor(zeros: [2]))
    }
    expect(result, contains: "input [4, 3] has 3 features but weight [2, 5] expects 5 ([out, in])")
  }

  @Test func axisOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Float>(zeros: [2, 3]).sum(alongAxis: 2)
    }
    expect(result, contains: "sum(alongAxis:): axis 2 is out of range for shape [2, 3]")
  }

  @Test func lossMustBeAScalar() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = valueWithGradient(at: Tensor<Float>([1, 2])) { $0 * 2 }
    }
    expect(result, contains: "valueWithGradient(at:of:): the function must return one scalar (a loss), got shape [2]")
  }

  private func expect(_ result: ExitTest.Result?, contains message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let output = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(output.contains(message), "stderr was: \(output)", sourceLocation: sourceLocation)
  }
}
