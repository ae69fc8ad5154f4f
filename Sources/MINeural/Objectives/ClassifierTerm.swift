import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A classifier h(u) of a discrete v as an information term: Barber–Agakov's bound for a
/// discrete variable, I(U; V) ≥ H(V) − CE(h(u), v), H(V) the plug-in entropy of the batch's
/// classes. `fit` trains h by cross-entropy on the frozen batch, `steps` Adam steps per
/// encoder step; minimized by an encoder it is the adversary of Ganin & Lempitsky (2015)
/// and Edwards & Storkey (2016) without a reversal layer (the objective subtracts it), and
/// maximized it is a classification keep term.
///
/// v is a K×1 column of class indices 0..<C, C the classifier's outputs; the estimate is
/// differentiable in u (its derivative in v, a label, is zero).
public struct ClassifierTerm<Model: Layer>: InformationTerm where Model.Scalar == Float {
  /// h: u → logits over the C classes of v.
  public var classifier: Model
  /// Updates h.
  public var optimizer: Adam<Float>
  /// Classifier steps per call of `fit` (≥ 1).
  public let steps: Int
  /// Which bound the term reads from the classifier.
  public let bound: Bound

  /// The bound read from the fitted classifier q(v|u) = softmax(h(u)).
  public enum Bound: String, Sendable, CaseIterable {
    /// H(V) − CE(h(u), v) ≤ I(U; V), the adversary's bound.
    case barberAgakov
    /// CLUB, (1/K) Σᵢ log q(vᵢ|uᵢ) − (1/K²) Σᵢⱼ log q(vⱼ|uᵢ), an upper bound when q is close to
    /// p(v|u) (Cheng et al. 2020) with a categorical q.
    case club
  }

  /// Creates the term.
  public init(classifier: Model, bound: Bound = .barberAgakov, optimizer: Adam<Float>, steps: Int = 1) throws(EstimationError) {
    self.bound = bound
    try InformationTermCheck.steps(steps, "ClassifierTerm")
    self.classifier = classifier
    self.optimizer = optimizer
    self.steps = steps
  }

  public var name: String { bound == .club ? "club (classifier)" : "classifier" }
  public var fitDescription: String { "classifier loss CE(h(u), v)" }
  public var parameters: [Parameter] { [Parameter("classifier steps", .integer(steps))] }

  /// The one-hot classes of v and their plug-in entropy, checked against h's outputs.
  func classes(_ u: Tensor<Float>, _ v: Tensor<Float>) -> (oneHot: Tensor<Float>, entropy: Double) {
    InformationTermCheck.rows(u, v, "ClassifierTerm")
    guard v.shape[1] == 1 else {
      ContractViolation.trap("ClassifierTerm: v must be a \(v.shape[0])×1 column of class indices, got shape \(v.shape)")
    }
    let count = classifier(u.rows(0..<min(1, u.shape[0]))).shape[1]
    var indices = [Int]()
    indices.reserveCapacity(v.shape[0])
    for (row, value) in v.scalars.enumerated() {
      let c = Int(exactly: value) ?? -1
      guard (0..<count).contains(c) else {
        ContractViolation.trap("ClassifierTerm: v = \(value) at row \(row) is not a class in 0..<\(count) (the classifier's outputs)")
      }
      indices.append(c)
    }
    return (CrossEntropy.oneHot(indices, count: count), CrossEntropy.plugInEntropy(indices, count: count))
  }

  public mutating func fit(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double {
    let (oneHot, _) = classes(u, v)
    var loss = Double.nan
    for _ in 0..<steps {
      let (value, gradient) = valueWithGradient(at: classifier) { h in CrossEntropy.mean(h(u), oneHot) }
      loss = Double(value.scalar)
      guard loss.isFinite else { return loss }
      optimizer.update(&classifier, along: gradient)
    }
    return loss
  }

  @differentiable(reverse, wrt: (u, v))
  public func estimate(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Tensor<Float> {
    let (oneHot, entropy) = withoutDerivative(at: classes(u, v))
    switch bound {
    case .barberAgakov: return -CrossEntropy.mean(classifier(u), oneHot) + Float(entropy)
    case .club: return Self.categoricalCLUB(classifier(u), oneHot)
    }
  }

  /// CLUB with a categorical q(v|u) = softmax(logits): the K×K matrix log q(vⱼ|uᵢ) =
  /// log softmax(logitsᵢ) · onehot(vⱼ), then (1/K) Σᵢ L[i][i] − (1/K²) Σᵢⱼ L[i][j].
  @differentiable(reverse, wrt: logits)
  public static func categoricalCLUB<Scalar: TensorScalar>(_ logits: Tensor<Scalar>, _ oneHot: Tensor<Scalar>) -> Tensor<Scalar> {
    CLUB<Scalar>().objective(matmul(logits.logSoftmax(alongAxis: 1), oneHot, transposingB: true))
  }
}
