import Foundation
import MITensor
import _Differentiation

/// The mean cross-entropy of classifier logits, −(1/K) Σᵢ log softmax(logitsᵢ)[classᵢ] in
/// nats, the classes given as a K×C one-hot constant: the task and adversary losses of the
/// minimization objectives, and the decoder's term of the information bottleneck.
public enum CrossEntropy {
  /// −(1/K) Σᵢ Σ_c oneHot_ic · log softmax(logitsᵢ)_c.
  @differentiable(reverse, wrt: logits)
  public static func mean<Scalar: TensorScalar>(_ logits: Tensor<Scalar>, _ oneHot: Tensor<Scalar>) -> Tensor<Scalar> {
    -(logits.logSoftmax(alongAxis: 1) * oneHot).sum() / Scalar(withoutDerivative(at: logits.shape[0]))
  }

  /// The K×C one-hot matrix of `classes` (each already checked to lie in 0..<C).
  public static func oneHot(_ classes: [Int], count c: Int) -> Tensor<Float> {
    var scalars = [Float](repeating: 0, count: classes.count * c)
    for (row, label) in classes.enumerated() { scalars[row * c + label] = 1 }
    return Tensor(shape: [classes.count, c], scalars: scalars)
  }

  /// The plug-in entropy −Σ_c p̂_c log p̂_c of `classes` in 0..<C, in nats.
  public static func plugInEntropy(_ classes: [Int], count c: Int) -> Double {
    var counts = [Int](repeating: 0, count: c)
    for label in classes { counts[label] += 1 }
    return counts.filter { $0 > 0 }.reduce(0.0) { total, n in
      let p = Double(n) / Double(classes.count)
      return total - p * Foundation.log(p)
    }
  }
}
