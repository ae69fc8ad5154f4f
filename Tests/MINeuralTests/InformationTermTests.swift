import Foundation
import MIClassical
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The information terms of the min–max objectives (CLUB on a fitted conditional, any critic
/// with a lower bound, a classifier), the objectives that hold them (`PenalizedClassification`,
/// `ParallelEmbeddings`), their bad settings, bad batches and divergence. The effects they exist
/// for, measured by Ross and KSG on held-out data, are the recipes' tests
/// (`fairRepresentationWithCLUBRecipe`, `parallelEmbeddingsRecipe`) and the critic-adversary
/// test below.
@Suite struct InformationTermTests {
  static func floats(_ t: Tensor<Double>) -> Tensor<Float> { Tensor(converting: t) }

  @Test func categoricalCLUBMatchesALoopAndItsGradientIsChecked() {
    let logits = randomTensor([5, 3], seed: 31)
    let classes = [0, 2, 1, 2, 0]
    let oneHot = Tensor<Double>(shape: [5, 3], scalars: (0..<15).map { classes[$0 / 3] == $0 % 3 ? 1 : 0 })
    // log q(c | uᵢ) by hand, then CLUB = mean of log q(vᵢ|uᵢ) − mean over all pairs.
    var joint = 0.0, all = 0.0
    for i in 0..<5 {
      let row = (0..<3).map { logits[i, $0] }
      let normalizer = log(row.map(exp).reduce(0, +))
      joint += (row[classes[i]] - normalizer) / 5
      for j in 0..<5 { all += (row[classes[j]] - normalizer) / 25 }
    }
    let value = ClassifierTerm<MLP<Float>>.categoricalCLUB(logits, oneHot)
    #expect(abs(value.scalar - (joint - all)) < 1e-12)
    checkGradient(of: { ClassifierTerm<MLP<Float>>.categoricalCLUB($0, oneHot) }, at: logits)
  }

  @Test func theClassifierTermsReadTheirBoundsFromTheClassifier() throws {
    var generator = SeededGenerator(seed: 3)
    let h = MLP<Float>(widths: [2, 3], using: &generator)
    let u = Self.floats(randomTensor([6, 2], seed: 4))
    let v = Tensor<Float>(shape: [6, 1], scalars: [0, 1, 2, 2, 1, 1])
    let oneHot = CrossEntropy.oneHot([0, 1, 2, 2, 1, 1], count: 3)
    let shares: [Double] = [1.0 / 6, 3.0 / 6, 2.0 / 6]
    let entropy: Double = -shares.map { p in p * log(p) }.reduce(0, +)
    let ba = try ClassifierTerm(classifier: h, optimizer: Adam(learningRate: 1e-3))
    #expect(abs(ba.value(u, v) - (entropy - Double(CrossEntropy.mean(h(u), oneHot).scalar))) < 1e-6)
    let club = try ClassifierTerm(classifier: h, bound: .club, optimizer: Adam(learningRate: 1e-3))
    #expect(abs(club.value(u, v) - Double(ClassifierTerm<MLP<Float>>.categoricalCLUB(h(u), oneHot).scalar)) < 1e-6)
    // Fitting lowers the classifier's cross-entropy.
    var fitted = try ClassifierTerm(classifier: h, optimizer: Adam(learningRate: 1e-2), steps: 50)
    let first = fitted.fit(u, v)
    #expect(fitted.fit(u, v) < first)
  }

  /// On x ~ N(0, 1), y = ρx + √(1 − ρ²)ε, CLUB at the true conditional is ρ²/(1 − ρ²) (the
  /// issue's tr(S⁻¹AΣxxAᵀ) for d = 1): the term's q, fitted through `fit`, gets there.
  @Test func theDensityTermFitsItsConditionalAndReadsCLUB() throws {
    let rho = 0.6
    let (x, y) = CorrelatedGaussianBatch.sample(k: 2048, d: 1, rho: rho, seed: 8)
    let (u, v) = (Self.floats(x), Self.floats(y))
    var generator = SeededGenerator(seed: 9)
    var term = try ConditionalDensityTerm(
      conditional: GaussianConditional(xDimension: 1, yDimension: 1, hidden: [16], using: &generator),
      optimizer: Adam(learningRate: 1e-2), steps: 100)
    for _ in 0..<4 { #expect(term.fit(u, v).isFinite) }
    // CLUB with the true conditional on the same sample (its expectation is ρ²/(1 − ρ²)).
    let reference = CLUB<Double>().objective(CorrelatedGaussianBatch.conditionalLogDensities(x, y, rho: rho)).scalar
    #expect(abs(reference - rho * rho / (1 - rho * rho)) < 0.1)
    #expect(abs(term.value(u, v) - reference) < 0.05, "CLUB \(term.value(u, v)) against \(reference) at the true conditional")
    #expect(abs(Double(term.estimate(u, v).scalar) - Double(CLUB<Float>().objective(term.conditional.scores(u, v)).scalar)) < 1e-6)
  }

  /// Barber–Agakov as AMI's backward network: q(v|u) fitted through the term gives
  /// H(V) + E log q(v|u) close to I(U; V) on Gaussians, and a step of u up its gradient
  /// raises it (what an encoder maximizing the term does).
  @Test func barberAgakovIsAKeepTerm() throws {
    let rho = 0.8
    let (x, y) = CorrelatedGaussianBatch.sample(k: 512, d: 1, rho: rho, seed: 10)
    let (u, v) = (Self.floats(y), Self.floats(x))
    var generator = SeededGenerator(seed: 11)
    var term = try ConditionalDensityTerm(
      conditional: GaussianConditional(xDimension: 1, yDimension: 1, hidden: [16], using: &generator),
      bound: BarberAgakov(entropy: 0.5 * log(2 * Double.pi * M_E)), optimizer: Adam(learningRate: 1e-2), steps: 100)
    for _ in 0..<4 { _ = term.fit(u, v) }
    let truth = CorrelatedGaussianBatch.mutualInformation(d: 1, rho: rho)
    #expect(abs(term.value(u, v) - truth) < 0.1, "BA \(term.value(u, v)) against \(truth)")
    let du = gradient(at: u) { u in term.estimate(u, v) }
    #expect(term.value(u + du * 0.05, v) > term.value(u, v))
  }

  @Test func aCriticTermLearnsALowerBound() throws {
    let (x, y) = CorrelatedGaussianBatch.sample(k: 256, d: 2, rho: 0.8, seed: 12)
    var generator = SeededGenerator(seed: 13)
    var term = try CriticTerm(
      critic: SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [32], embedding: 8, using: &generator),
      bound: InfoNCE(), optimizer: Adam(learningRate: 3e-3), steps: 200)
    let before = term.value(Self.floats(x), Self.floats(y))
    _ = term.fit(Self.floats(x), Self.floats(y))
    let after = term.value(Self.floats(x), Self.floats(y))
    let truth = CorrelatedGaussianBatch.mutualInformation(d: 2, rho: 0.8)
    #expect(after > before + 0.3 && after < truth + 0.2, "InfoNCE \(before) → \(after), truth \(truth)")
  }

  @Test func badSettingsAreRefused() throws {
    var generator = SeededGenerator(seed: 1)
    let mlp = MLP<Float>(widths: [2, 2], using: &generator)
    let q = GaussianConditional<Float>(xDimension: 2, yDimension: 2, hidden: [4], using: &generator)
    let critic = SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [4], embedding: 2, using: &generator)
    #expect(throws: EstimationError.self) { try ClassifierTerm(classifier: mlp, optimizer: Adam(learningRate: 1e-3), steps: 0) }
    #expect(throws: EstimationError.self) { try ConditionalDensityTerm(conditional: q, optimizer: Adam(learningRate: 1e-3), steps: 0) }
    #expect(throws: EstimationError.self) { try ConditionalDensityTerm(conditional: q, bound: InfoNCE(), optimizer: Adam(learningRate: 1e-3)) }
    #expect(throws: EstimationError.self) { try CriticTerm(critic: critic, bound: CLUB(), optimizer: Adam(learningRate: 1e-3)) }
    #expect(throws: EstimationError.self) { try CriticTerm(critic: critic, bound: InfoNCE(), optimizer: Adam(learningRate: 1e-3), steps: 0) }
    let term = try ClassifierTerm(classifier: mlp, optimizer: Adam(learningRate: 1e-3))
    #expect(throws: EstimationError.self) {
      try PenalizedClassification(encoder: mlp, head: mlp, penalty: term, weight: -1, encoderOptimizer: Adam(learningRate: 1e-3), headOptimizer: Adam(learningRate: 1e-3))
    }
    #expect(throws: EstimationError.self) {
      try ParallelEmbeddings(encoder: mlp, target: mlp, penalty: term, weight: .infinity, encoderOptimizer: Adam(learningRate: 1e-3), targetOptimizer: Adam(learningRate: 1e-3))
    }
  }

  static func classification(weight: Double, seed: UInt64) throws -> PenalizedClassification<MLP<Float>, MLP<Float>, ClassifierTerm<MLP<Float>>> {
    var generator = SeededGenerator(seed: seed)
    return try PenalizedClassification(
      encoder: MLP(widths: [4, 16, 4], activation: .relu, using: &generator),
      head: MLP(widths: [4, 8, 2], activation: .relu, using: &generator),
      penalty: ClassifierTerm(classifier: MLP(widths: [4, 8, 2], activation: .relu, using: &generator), bound: .club, optimizer: Adam(learningRate: 3e-3)),
      weight: weight, encoderOptimizer: Adam(learningRate: 3e-3), headOptimizer: Adam(learningRate: 3e-3))
  }

  /// A non-finite input stops the trainer at step 1 naming the penalty's fitting loss.
  @Test func aDivergingRunNamesTheStepAndTheQuantity() throws {
    var data = AdversarialObjectiveTests.data(64, seed: 9)
    data.x = data.x * Float.nan
    let trainer = Trainer(batchSize: 32, steps: 10, evaluationInterval: 5, seed: 1)
    #expect {
      _ = try trainer.train(Self.classification(weight: 1, seed: 2), on: data, validation: data, evaluation: HeldOutEvaluation(chunkSize: 64, batchSize: 32))
    } throws: { error in
      guard case EstimationError.trainingDiverged(let step, let quantity) = error else { return false }
      return step == 1 && quantity == "classifier loss CE(h(u), v)"
    }
  }

  /// An MI critic as the adversary (InfoNCE on a separable critic of z and a): Ross's
  /// held-out I(Z; A) falls by more than half against the same encoder trained without it.
  @Test func anMICriticAsTheAdversaryRemovesTheAttribute() throws {
    let (training, validation, test) = (AdversarialObjectiveTests.data(2000, seed: 21), AdversarialObjectiveTests.data(400, seed: 22), AdversarialObjectiveTests.data(800, seed: 23))
    let trainer = Trainer(batchSize: 128, steps: 400, evaluationInterval: 100, patience: 400, seed: 4)
    var leaks = [Double]()
    for weight in [0.0, 2.0] {
      var generator = SeededGenerator(seed: 24)
      let critic = try CriticTerm(
        critic: SeparableCritic<Float>(xDimension: 4, yDimension: 1, hidden: [16], embedding: 8, using: &generator),
        bound: InfoNCE(), optimizer: Adam(learningRate: 3e-3), steps: 3)
      let objective = try PenalizedClassification(
        encoder: MLP<Float>(widths: [4, 16, 4], activation: .relu, using: &generator),
        head: MLP<Float>(widths: [4, 8, 2], activation: .relu, using: &generator),
        penalty: critic, weight: weight, encoderOptimizer: Adam(learningRate: 3e-3), headOptimizer: Adam(learningRate: 3e-3))
      let best = try trainer.train(objective, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 400, batchSize: 128)).best
      let z = best.encoder(test.x)
      let leak = try RossEstimator().estimate(
        Matrix(rows: test.count, columns: 4, storage: z.scalars.map(Double.init)),
        Matrix(rows: test.count, columns: 1, storage: test.z!.scalars.map(Double.init)))
      let accuracy = Double(zip(best.predictions(test.x), test.labels!).filter { $0 == $1 }.count) / Double(test.count)
      #expect(accuracy > 0.9, "λ = \(weight): accuracy \(accuracy)")
      leaks.append(leak.value)
    }
    #expect(leaks[0] > 0.15 && leaks[1] < 0.5 * leaks[0], "Ross I(Z; A) without and with the critic: \(leaks)")
  }

  @Test func aSingleValuedAttributeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let objective = try InformationTermTests.classification(weight: 1, seed: 1)
      var batch = AdversarialObjectiveTests.data(16, seed: 1)
      batch.z = Tensor(ones: [16, 1])
      _ = objective.validate(on: batch, evaluation: HeldOutEvaluation(chunkSize: 16, batchSize: 16))
    }
    ObjectiveInputErrorTests.expect(
      result, contains: "PenalizedClassification: the attribute (the batch's z) takes the single value 1.0 on all 16 rows of the held-out split")
  }

  @Test func anAttributeOfAnotherBatchSizeStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var objective = try InformationTermTests.classification(weight: 1, seed: 1)
      var batch = AdversarialObjectiveTests.data(8, seed: 1)
      batch.z = Tensor(zeros: [5, 1])
      _ = objective.step(on: batch)
    }
    ObjectiveInputErrorTests.expect(
      result, contains: "PenalizedClassification: the attribute (the batch's z) must have one row per sample (8 rows), got shape [5, 1]")
  }

  @Test func aTermOnMismatchedBatchesStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      var term = try ConditionalDensityTerm(
        conditional: GaussianConditional(xDimension: 2, yDimension: 1, hidden: [4], using: &generator), optimizer: Adam(learningRate: 1e-3))
      _ = term.fit(Tensor(zeros: [8, 2]), Tensor(zeros: [6, 1]))
    }
    ObjectiveInputErrorTests.expect(result, contains: "ConditionalDensityTerm: u and v must be matrices with one row per sample, got shapes [8, 2] and [6, 1]")
  }

  @Test func anAttributeThatIsNotAClassStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var objective = try InformationTermTests.classification(weight: 1, seed: 1)
      var batch = AdversarialObjectiveTests.data(8, seed: 1)
      batch.z = Tensor(shape: [8, 1], scalars: [0, 1, 0, 1, 0.5, 1, 0, 1])
      _ = objective.step(on: batch)
    }
    ObjectiveInputErrorTests.expect(result, contains: "ClassifierTerm: v = 0.5 at row 4 is not a class in 0..<2 (the classifier's outputs)")
  }

  @Test func parallelHeadsOfTheWrongWidthStop() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      var objective = try ParallelEmbeddings(
        encoder: MLP<Float>(widths: [4, 6], using: &generator), target: MLP<Float>(widths: [2, 2], using: &generator),
        penalty: ConditionalDensityTerm(conditional: GaussianConditional(xDimension: 2, yDimension: 2, hidden: [4], using: &generator), optimizer: Adam(learningRate: 1e-3)),
        encoderOptimizer: Adam(learningRate: 1e-3), targetOptimizer: Adam(learningRate: 1e-3))
      _ = objective.step(on: Batch(x: Tensor(zeros: [8, 4]), y: Tensor(zeros: [8, 2])))
    }
    ObjectiveInputErrorTests.expect(
      result, contains: "ParallelEmbeddings: the encoder must output two heads of the target embedding's width (2), 2·2 = 4 values per row, got 6")
  }
}
