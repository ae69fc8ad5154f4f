import MINumerics
import MITensor

/// One batch of K samples for a training objective: rows of `x` and `y` with the same index
/// are a sample of p(x, y); `z` is an optional conditioning variable (I(X;Y|Z)) and `labels`
/// optional discrete labels or group ids (supervised and conditional contrastive losses,
/// `WithinGroupNegatives`).
public struct Batch<Scalar: TensorScalar>: Sendable {
  /// K×dx.
  public var x: Tensor<Scalar>
  /// K×dy.
  public var y: Tensor<Scalar>
  /// K×dz, when the objective conditions on Z.
  public var z: Tensor<Scalar>?
  /// One label (or group id) per row, when the objective uses them.
  public var labels: [Int]?

  /// Creates a batch; `x`, `y` and `z` need the same number of rows, `labels` one per row.
  public init(x: Tensor<Scalar>, y: Tensor<Scalar>, z: Tensor<Scalar>? = nil, labels: [Int]? = nil) {
    let k = x.shape[0]
    if y.shape[0] != k || (z.map { $0.shape[0] != k } ?? false) || (labels.map { $0.count != k } ?? false) {
      ContractViolation.trap(
        "Batch: x has \(k) rows but y has \(y.shape[0])\(z.map { ", z \($0.shape[0])" } ?? "")\(labels.map { ", labels \($0.count)" } ?? "")")
    }
    self.x = x
    self.y = y
    self.z = z
    self.labels = labels
  }

  /// K, the samples in the batch.
  public var count: Int { x.shape[0] }

  /// The rows at `indices`, in that order, of every part.
  public func selecting(rows indices: [Int]) -> Batch {
    Batch(
      x: x.gatheringRows(at: indices), y: y.gatheringRows(at: indices), z: z?.gatheringRows(at: indices),
      labels: labels.map { l in indices.map { l[$0] } })
  }
}
