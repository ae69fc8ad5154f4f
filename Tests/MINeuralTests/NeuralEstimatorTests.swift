import MIClassical
import MIDistributions
import MINeural
import MINumerics
import Testing

/// The estimation workflow on correlated Gaussians with known MI, with small budgets so the
/// suite stays fast: 5-dimensional X and Y, 5 interacting pairs at 0.4 nats each (2 nats).
@Suite struct NeuralEstimatorTests {
  static let task = CorrelatedGaussian.sparse(
    dimensionX: 5, dimensionY: 5, interacting: 5, correlation: CorrelatedGaussian.correlation(forMutualInformation: 0.4))
  static let preset = NeuralPreset(batchSize: 64, hidden: [64], embedding: 16, learningRate: 2e-3, steps: 300, evaluationInterval: 50, patience: 3)

  @Test func lowerBoundsLandBelowTheTruthAndNearIt() throws {
    let truth = Self.task.mutualInformation
    #expect(abs(truth - 2) < 1e-9)
    let (x, y) = Self.task.sample(count: 2000, seed: 1)
    for bound in [NeuralBoundKind.infonce, .js, .smile, .alphaInfonce, .tuba] {
      let result = try NeuralEstimator(bound: bound, preset: Self.preset, seed: 3).train(x, y)
      let estimate = result.estimate
      #expect(estimate.kind == .lowerBound)
      #expect(estimate.value < truth + 0.15, "\(bound): \(estimate.value) vs \(truth)")
      #expect(estimate.value > truth - 0.8, "\(bound): \(estimate.value) vs \(truth)")
      #expect(!result.log.isEmpty && result.log.allSatisfy { $0.validationValue != nil })
      #expect(estimate.parameters.contains { $0.name == "standard error" })
    }
  }

  /// With Gaussian data the Gaussian decoder is exact, so Barber–Agakov is tight up to the
  /// error of the entropy estimate.
  @Test func barberAgakovWithAGaussianDecoder() throws {
    let truth = Self.task.mutualInformation
    let (x, y) = Self.task.sample(count: 2000, seed: 16)
    let estimate = try NeuralEstimator(
      bound: .ba, preset: Self.preset, seed: 17, entropyEstimator: GaussianReferenceEntropyEstimator(referenceSeed: 17 &+ 4)).estimate(x, y)
    #expect(estimate.kind == .lowerBound)
    #expect(abs(estimate.value - truth) < 0.4, "BA \(estimate.value) vs \(truth)")
    #expect(estimate.parameters.contains { $0.name == "entropy of X" })
    #expect(estimate.warnings.contains { $0.description.contains("Kozachenko–Leonenko") })
  }

  /// d = 20 and 8 nats (0.4 per coordinate pair) on a small budget: SMILE passes InfoNCE's
  /// training ceiling and stays below the truth, InfoNCE stays below log E, CLUB above.
  @Test func twentyDimensionsAtEightNats() throws {
    let task = CorrelatedGaussian.sparse(
      dimensionX: 20, dimensionY: 20, interacting: 20, correlation: CorrelatedGaussian.correlation(forMutualInformation: 0.4))
    let truth = task.mutualInformation
    #expect(abs(truth - 8) < 1e-9)
    let (x, y) = task.sample(count: 3000, seed: 20)
    let preset = NeuralPreset(batchSize: 128, hidden: [128], learningRate: 1e-3, steps: 500, evaluationInterval: 100)
    let smile = try NeuralEstimator(bound: .smile, preset: preset, seed: 21).estimate(x, y)
    // SMILE passes the training batch's log K by more than half a nat without overshooting
    // (selected on the JS objective; selected on its own value it rose above 10).
    #expect(smile.value > log(128.0) + 0.5 && smile.value < truth + 0.5, "SMILE \(smile.value)")
    let infonce = try NeuralEstimator(bound: .infonce, preset: preset, seed: 21).estimate(x, y)
    // Trained with K = 128, scored against the whole test split (450 samples): it can pass
    // log 128 = 4.85 but not log 450 = 6.11.
    #expect(infonce.value <= log(450.0) + 1e-6 && infonce.value > log(128.0) - 1, "InfoNCE \(infonce.value)")
    let club = try NeuralEstimator(bound: .club, preset: preset, seed: 21).estimate(x, y)
    #expect(club.value > truth - 0.2, "CLUB \(club.value)")
  }

  @Test func clubLandsAboveTheTruth() throws {
    let truth = Self.task.mutualInformation
    let (x, y) = Self.task.sample(count: 2000, seed: 2)
    let estimate = try NeuralEstimator(bound: .club, preset: Self.preset, seed: 4).estimate(x, y)
    #expect(estimate.kind == .upperBound)
    #expect(estimate.value > truth - 0.2, "CLUB \(estimate.value) vs \(truth)")
  }

  /// The Wasserstein dependency measure with a spectrally normalized critic: clearly
  /// positive on dependent data, near zero on independent data, with its caveat attached.
  @Test func wassersteinDependencySeparatesDependenceFromIndependence() throws {
    let (x, y) = Self.task.sample(count: 1200, seed: 13)
    let (_, independentY) = Self.task.sample(count: 1200, seed: 14)
    let preset = NeuralPreset(batchSize: 64, hidden: [32], embedding: 8, learningRate: 3e-3, steps: 200, evaluationInterval: 50)
    let dependent = try NeuralEstimator(bound: .wdm, critic: .joint, preset: preset, seed: 15).estimate(x, y)
    let independent = try NeuralEstimator(bound: .wdm, critic: .joint, preset: preset, seed: 15).estimate(x, independentY)
    #expect(dependent.value > 0.2, "dependent \(dependent.value)")
    #expect(abs(independent.value) < 0.1, "independent \(independent.value)")
    #expect(dependent.warnings.contains { $0.description.contains("not an MI bound") })
  }

  @Test func resultsReproduceFromTheSeed() throws {
    let (x, y) = Self.task.sample(count: 600, seed: 5)
    // Trained enough that NWJ's held-out value is an estimate (40 steps at 10⁻⁴ left it at
    // −0.24, worse than a constant critic, which the estimator now refuses).
    let preset = NeuralPreset(batchSize: 32, hidden: [16], embedding: 8, learningRate: 3e-3, steps: 60, evaluationInterval: 20)
    let a = try NeuralEstimator(bound: .nwj, preset: preset, seed: 6).train(x, y)
    let b = try NeuralEstimator(bound: .nwj, preset: preset, seed: 6).train(x, y)
    #expect(a.estimate == b.estimate)
    #expect(a.log == b.log)
    let c = try NeuralEstimator(bound: .nwj, preset: preset, seed: 7).estimate(x, y)
    #expect(c.value != a.estimate.value)
  }

  @Test func infoNCEWarnsWhenItReachesLogK() throws {
    // 5 pairs at 2 nats each: 10 nats, far above log 16 = 2.77.
    let task = CorrelatedGaussian.sparse(
      dimensionX: 5, dimensionY: 5, interacting: 5, correlation: CorrelatedGaussian.correlation(forMutualInformation: 2))
    let (x, y) = task.sample(count: 800, seed: 8)
    // Held-out chunks of 17 (the 120 test samples in 7 chunks): the ceiling is log 17.
    let preset = NeuralPreset(
      batchSize: 16, hidden: [64], embedding: 16, learningRate: 3e-3, steps: 300, evaluationInterval: 50, evaluationBatchSize: 16)
    let estimate = try NeuralEstimator(bound: .infonce, preset: preset, seed: 9).estimate(x, y)
    #expect(estimate.value <= log(17.0) + 1e-6)
    #expect(estimate.warnings.contains { $0.description.contains("capped at log K") }, "\(estimate.value)")
  }

  /// When the test blocks disagree, the estimate says so: here JS's reported NWJ value at
  /// 10 nats, a case where its exponential term makes it unstable.
  @Test func unstableValuesAreFlagged() throws {
    let task = CorrelatedGaussian.sparse(
      dimensionX: 5, dimensionY: 5, interacting: 5, correlation: CorrelatedGaussian.correlation(forMutualInformation: 2))
    let (x, y) = task.sample(count: 800, seed: 8)
    let preset = NeuralPreset(batchSize: 16, hidden: [64], embedding: 16, learningRate: 3e-3, steps: 300, evaluationInterval: 50)
    // Seed 15: one of the runs (7 of seeds 9–20) where the test blocks disagree by nats.
    let unstable = try NeuralEstimator(bound: .js, preset: preset, seed: 15).estimate(x, y)
    let standardError = unstable.parameters.first { $0.name == "standard error" }
    #expect(unstable.warnings.contains { $0.description.contains("test blocks disagree") }, "\(String(describing: standardError))")
    let stable = try NeuralEstimator(bound: .infonce, preset: preset, seed: 15).estimate(x, y)
    #expect(!stable.warnings.contains { $0.description.contains("test blocks disagree") })
  }

  @Test func badSettingsAndDataGiveClearErrors() {
    let (x, y) = Self.task.sample(count: 200, seed: 10)
    #expect(throws: EstimationError.invalidParameter(
      name: "batch size", value: "1", reason: "a bound needs at least 2 pairs per batch (one positive and one negative per row)")) {
      try NeuralEstimator(preset: NeuralPreset(batchSize: 1)).estimate(x, y)
    }
    #expect(throws: EstimationError.self) { try NeuralEstimator(preset: NeuralPreset(batchSize: 500)).estimate(x, y) }
    do {
      _ = try NeuralEstimator(preset: NeuralPreset(batchSize: 500)).estimate(x, y)
    } catch {
      #expect(error.description.contains("at least the batch size 500"), "\(error)")
    }
    var broken = x
    broken[3, 1] = .nan
    do {
      _ = try NeuralEstimator().estimate(broken, y)
      Issue.record("NaN accepted")
    } catch {
      guard case .nonFiniteValue(.x, row: 3, column: 1, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
    }
    #expect(throws: EstimationError.self) { try NeuralEstimator(preset: NeuralPreset(learningRate: -1)).estimate(x, y) }
  }

  @Test func divergenceStopsAndNamesTheStep() {
    let (x, y) = Self.task.sample(count: 400, seed: 11)
    let preset = NeuralPreset(batchSize: 32, hidden: [32], embedding: 8, learningRate: 50, steps: 200, evaluationInterval: 10)
    do {
      _ = try NeuralEstimator(bound: .nwj, preset: preset, seed: 12).estimate(x, y)
      Issue.record("expected NWJ with learning rate 50 to diverge")
    } catch {
      guard case .trainingDiverged(let step, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(step >= 1 && error.description.contains("training stopped at step \(step)"))
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
