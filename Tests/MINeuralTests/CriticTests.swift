import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Critics: their score matrices against direct evaluation pair by pair, and their
/// gradients (parameters and inputs) against finite differences in Double.
@Suite struct CriticTests {
  static func batch(_ k: Int, seed: UInt64) -> (Tensor<Double>, Tensor<Double>) {
    var generator = SeededGenerator(seed: seed)
    return (Tensor(randomNormal: [k, 3], using: &generator), Tensor(randomNormal: [k, 2], using: &generator))
  }

  @Test func separableScoresAreDotProductsOfEncodings() {
    var generator = SeededGenerator(seed: 1)
    let critic = SeparableCritic<Double>(
      xDimension: 3, yDimension: 2, hidden: [5], embedding: 4, activation: .tanh, normalizesEncodings: true,
      temperature: 0.5, using: &generator)
    let (x, y) = Self.batch(6, seed: 2)
    let scores = critic.scores(x, y)
    let gx = critic.g(x).l2NormalizedRows(), hy = critic.h(y).l2NormalizedRows()
    for i in 0..<6 {
      for j in 0..<6 {
        var dot = 0.0
        for c in 0..<4 { dot += gx[i, c] * hy[j, c] }
        #expect(abs(scores[i, j] - dot / 0.5) < 1e-12)
      }
    }
  }

  @Test func jointScoresEvaluateTheMLPOnEveryPair() {
    var generator = SeededGenerator(seed: 3)
    let critic = JointCritic<Double>(xDimension: 3, yDimension: 2, hidden: [7, 4], activation: .gelu, using: &generator)
    let (x, y) = Self.batch(5, seed: 4)
    let scores = critic.scores(x, y)
    #expect(scores.shape == [5, 5])
    for i in 0..<5 {
      for j in 0..<5 {
        let pair = x.rows(i..<(i + 1)).concatenated(with: y.rows(j..<(j + 1)), alongAxis: 1)
        #expect(abs(scores[i, j] - critic.rest(critic.first(pair)).scalar) < 1e-12)
      }
    }
    let paired = critic.pairedScores(x, y)
    for i in 0..<5 { #expect(abs(paired[i, 0] - scores[i, i]) < 1e-12) }
  }

  @Test func criticGradientsMatchFiniteDifferences() {
    var generator = SeededGenerator(seed: 5)
    let (x, y) = Self.batch(4, seed: 6)
    checkCriticGradient(
      SeparableCritic<Double>(
        xDimension: 3, yDimension: 2, hidden: [5], embedding: 3, activation: .tanh, normalizesEncodings: true,
        temperature: 0.7, learnsTemperature: true, using: &generator), x, y)
    checkCriticGradient(
      BilinearCritic<Double>(xDimension: 3, yDimension: 2, hidden: [4], embedding: 3, activation: .softplus, using: &generator),
      x, y)
    checkCriticGradient(JointCritic<Double>(xDimension: 3, yDimension: 2, hidden: [6, 5], activation: .tanh, using: &generator), x, y)
    var lipschitz = JointCritic<Double>(xDimension: 3, yDimension: 2, hidden: [6, 5], activation: .tanh, spectrallyNormalized: true, using: &generator)
    for _ in 0..<5 { lipschitz.prepareForStep() }
    checkCriticGradient(lipschitz, x, y)
    let inner = BilinearCritic<Double>(xDimension: 3, yDimension: 2, hidden: [4], embedding: 2, activation: .tanh, using: &generator)
    checkCriticGradient(BaselineCritic(inner: inner, yDimension: 2, hidden: [3], activation: .tanh, using: &generator), x, y)
  }
}

/// Compares the gradient of Σ R ⊙ scores with respect to every parameter with central
/// Checks a critic's parameter gradients (of its all-pairs scores, or of its sampled scores
/// for `negatives`) against finite differences in Double.
func checkCriticGradient<C: Critic>(
  _ critic: C, _ x: Tensor<Double>, _ y: Tensor<Double>, negatives pairs: NegativePairs<Double>? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) where C.Scalar == Double {
  if let pairs {
    checkParameterGradient(critic, label: "\(C.self)", sourceLocation: sourceLocation) { c in c.scores(x, y, negatives: pairs) }
  } else {
    checkParameterGradient(critic, label: "\(C.self)", sourceLocation: sourceLocation) { c in c.scores(x, y) }
  }
}
