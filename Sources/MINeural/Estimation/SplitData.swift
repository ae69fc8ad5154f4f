import Foundation
import MIEstimation
import MINumerics
import MITensor

/// The samples shuffled (seeded) and split into training, validation and test sets, each
/// standardized with the training split's column means and standard deviations.
struct SplitData {
  let xTrain: Tensor<Float>, yTrain: Tensor<Float>
  let xValidation: Tensor<Float>, yValidation: Tensor<Float>
  let xTest: Tensor<Float>, yTest: Tensor<Float>
  let sampleCount: Int
  let yDimension: Int
  /// Σⱼ log σⱼ over the columns of x (the training split's standard deviations): the
  /// entropy of the standardized x is H(X) minus this.
  let xLogScale: Double

  private init(
    xTrain: Tensor<Float>, yTrain: Tensor<Float>, xValidation: Tensor<Float>, yValidation: Tensor<Float>,
    xTest: Tensor<Float>, yTest: Tensor<Float>, sampleCount: Int, yDimension: Int, xLogScale: Double
  ) {
    (self.xTrain, self.yTrain, self.xValidation, self.yValidation) = (xTrain, yTrain, xValidation, yValidation)
    (self.xTest, self.yTest, self.sampleCount, self.yDimension) = (xTest, yTest, sampleCount, yDimension)
    self.xLogScale = xLogScale
  }

  /// The same split with the roles of X and Y exchanged (for decoders of x given y); the
  /// log-scale of the new x is not kept.
  func swapped() -> SplitData {
    SplitData(
      xTrain: yTrain, yTrain: xTrain, xValidation: yValidation, yValidation: xValidation, xTest: yTest, yTest: xTest,
      sampleCount: sampleCount, yDimension: xTrain.shape[1], xLogScale: .nan)
  }

  /// The training split as a batch.
  var training: Batch<Float> { Batch(x: xTrain, y: yTrain) }
  /// The validation split as a batch.
  var validation: Batch<Float> { Batch(x: xValidation, y: yValidation) }
  /// The test split as a batch.
  var test: Batch<Float> { Batch(x: xTest, y: yTest) }

  /// The standardized training X as a matrix (for classical estimators).
  var trainingXMatrix: Matrix {
    Matrix(rows: xTrain.shape[0], columns: xTrain.shape[1], storage: xTrain.scalars.map { Double($0) })
  }

  init(
    x: Matrix, y: Matrix, trainingFraction: Double, validationFraction: Double, batchSize: Int, seed: UInt64
  ) throws(EstimationError) {
    let n = x.rows
    let trainCount = Int(Double(n) * trainingFraction)
    let validationCount = Int(Double(n) * validationFraction)
    let testCount = n - trainCount - validationCount
    guard trainCount >= batchSize, validationCount >= 2, testCount >= 2 else {
      let needed = max(Int((Double(batchSize) / trainingFraction).rounded(.up)), Int((2 / validationFraction).rounded(.up)),
                       Int((2 / (1 - trainingFraction - validationFraction)).rounded(.up)))
      throw .tooFewSamples(
        needed: needed, got: n,
        reason: "a training split (\(Int(trainingFraction * 100))%) of at least the batch size \(batchSize), and validation and test splits of at least 2")
    }
    var generator = SeededGenerator(seed: seed)
    let order = generator.permutation(of: n)
    let trainRows = Array(order[0..<trainCount])
    let validationRows = Array(order[trainCount..<(trainCount + validationCount)])
    let testRows = Array(order[(trainCount + validationCount)...])
    // ColumnScaling: exact for data of any finite scale.
    func standardized(_ m: Matrix) -> (transform: (Matrix) -> Tensor<Float>, logScale: Double) {
      let scaling = ColumnScaling(m, rows: trainRows)
      let d = m.columns
      let transform = { (part: Matrix) in
        Tensor<Float>(shape: [part.rows, d], scalars: part.storage.enumerated().map { offset, value in
          Float(scaling.standardized(value, column: offset % d))
        })
      }
      return (transform, scaling.sumOfLogDeviations)
    }
    let (sx, xLogScale) = standardized(x)
    let sy = standardized(y).transform
    self.xLogScale = xLogScale
    xTrain = sx(x.selecting(rows: trainRows))
    yTrain = sy(y.selecting(rows: trainRows))
    xValidation = sx(x.selecting(rows: validationRows))
    yValidation = sy(y.selecting(rows: validationRows))
    xTest = sx(x.selecting(rows: testRows))
    yTest = sy(y.selecting(rows: testRows))
    sampleCount = n
    yDimension = y.columns
  }

  /// Consecutive batches of `size` rows covering a split (a split smaller than `size` is one
  /// batch); a final partial batch is dropped, so every batch has the same K and ceiling.
  static func batches<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, size: Int) -> [(Tensor<Scalar>, Tensor<Scalar>)] {
    let n = x.shape[0]
    if n < size { return [(x, y)] }
    return stride(from: 0, to: n - size + 1, by: size).map { start in
      (x.rows(start..<(start + size)), y.rows(start..<(start + size)))
    }
  }
}
