import Foundation
import MIDistributions
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// β-TCVAE's minibatch estimate of total correlation: against the closed form of a Gaussian
/// aggregate posterior, against a loop on a small batch, MWS's constant, gradients in Double.
@Suite struct TotalCorrelationEstimateTests {
  /// x ~ N(0, Σ) and the encoder q(z|x) = N(x, σ²I): the aggregate posterior is N(0, Σ + σ²I),
  /// whose TC is known in closed form.
  @Test func agreesWithTheClosedFormOfAGaussianAggregatePosterior() {
    var covariance = Matrix(rows: 3, columns: 3, repeating: 0.6)
    for i in 0..<3 { covariance[i, i] = 1 }
    let data = MultivariateNormal(covariance: covariance, groupSizes: [1, 1, 1]).sample(count: 2000, seed: 91)
    let sigma = 0.5
    var smoothed = covariance
    for i in 0..<3 { smoothed[i, i] += sigma * sigma }
    let truth = MultivariateNormal(covariance: smoothed, groupSizes: [1, 1, 1]).totalCorrelation
    var generator = SeededGenerator(seed: 92)
    let mean = Tensor<Double>(shape: [2000, 3], scalars: data.storage)
    let z = mean + Tensor<Double>(randomNormal: [2000, 3], standardDeviation: sigma, using: &generator)
    let logVariance = Tensor<Double>(zeros: [2000, 3]) + log(sigma * sigma)
    let estimate = TotalCorrelationEstimate.minibatch(z: z, mean: mean, logVariance: logVariance).scalar
    #expect(abs(estimate - truth) < 0.05, "TC \(estimate) vs \(truth)")
    // MWS adds (d − 1)·log N.
    let weighted = TotalCorrelationEstimate.minibatch(z: z, mean: mean, logVariance: logVariance, datasetSize: 60_000).scalar
    #expect(abs(weighted - estimate - 2 * log(60_000.0)) < 1e-9)
  }

  @Test func matchesALoopAndItsGradientsAreChecked() {
    let (z, mean, logVariance) = (randomTensor([4, 3], seed: 93), randomTensor([4, 3], seed: 94), randomTensor([4, 3], seed: 95, scale: 0.3))
    func logNormal(_ x: Double, _ m: Double, _ v: Double) -> Double { -0.5 * ((x - m) * (x - m) * exp(-v) + v + log(2 * Double.pi)) }
    var reference = 0.0
    for i in 0..<4 {
      let joint = log((0..<4).reduce(0.0) { total, k in total + exp((0..<3).reduce(0.0) { $0 + logNormal(z[i, $1], mean[k, $1], logVariance[k, $1]) }) } / 4)
      let product = (0..<3).reduce(0.0) { total, c in total + log((0..<4).reduce(0.0) { $0 + exp(logNormal(z[i, c], mean[$1, c], logVariance[$1, c])) } / 4) }
      reference += (joint - product) / 4
    }
    #expect(abs(TotalCorrelationEstimate.minibatch(z: z, mean: mean, logVariance: logVariance).scalar - reference) < 1e-12)
    checkGradient(of: { TotalCorrelationEstimate.minibatch(z: $0, mean: $1, logVariance: logVariance).reshaped(to: [1]) }, at: z, mean)
    checkGradient(of: { TotalCorrelationEstimate.minibatch(z: z, mean: mean, logVariance: $0).reshaped(to: [1]) }, at: logVariance)
  }

  @Test func mismatchedShapesStop() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TotalCorrelationEstimate.minibatch(z: Tensor<Float>(zeros: [4, 3]), mean: Tensor(zeros: [4, 3]), logVariance: Tensor(zeros: [5, 3]))
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("TotalCorrelationEstimate: needs K×d samples, means and log-variances of one shape"), "\(text)")
  }

  /// FactorVAE's density-ratio estimate on Gaussian vectors with known total correlation
  /// (3 coordinates, every correlation 0.6: TC = 0.52 nats): the held-out mean logit of a
  /// trained discriminator lands within 0.1 of the closed form, and the permutation keeps
  /// every column's values.
  @Test func discriminatorAgreesWithTheClosedForm() throws {
    var covariance = Matrix(rows: 3, columns: 3, repeating: 0.6)
    for i in 0..<3 { covariance[i, i] = 1 }
    let distribution = MultivariateNormal(covariance: covariance, groupSizes: [1, 1, 1])
    func batch(_ count: Int, seed: UInt64) -> Batch<Float> {
      let x = Tensor<Float>(shape: [count, 3], scalars: distribution.sample(count: count, seed: seed).storage.map(Float.init))
      return Batch(x: x, y: x)
    }
    let (training, validation, test) = (batch(6000, seed: 96), batch(1000, seed: 97), batch(3000, seed: 98))
    let permuted = TotalCorrelationDiscriminator<MLP<Float>>.permutingCoordinates(test.x, seed: 3)
    for c in 0..<3 {
      #expect(permuted.columns(c..<(c + 1)).scalars.sorted() == test.x.columns(c..<(c + 1)).scalars.sorted())
    }
    var generator = SeededGenerator(seed: 99)
    let objective = TotalCorrelationDiscriminator(
      discriminator: MLP<Float>(widths: [3, 32, 32, 1], activation: .relu, using: &generator), optimizer: Adam(learningRate: 3e-3), seed: 1)
    let trainer = Trainer(batchSize: 256, steps: 800, evaluationInterval: 100, patience: 4, seed: 2)
    let best = try trainer.train(objective, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 1000, batchSize: 256)).best
    let estimate = best.totalCorrelation(test.x)
    #expect(abs(estimate - distribution.totalCorrelation) < 0.1, "TC \(estimate) vs \(distribution.totalCorrelation)")
  }
}
