import Foundation
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import Testing

/// Bad input to the training objectives stops with a message that names the objective, the
/// argument and the numbers, never a NaN loss (checked in a child process: exit tests).
/// Refusals that can be thrown (a prior that is not a distribution, an empty queue) are
/// tested beside each objective.
@Suite struct ObjectiveInputErrorTests {
  static func expect(_ result: ExitTest.Result?, contains message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains(message), "stderr: \(text)", sourceLocation: sourceLocation)
  }

  @Test func supervisedContrastiveLabelsOfTheWrongCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let objective = try SupervisedContrastive<Float>(classPrior: [0.5, 0.5])
      _ = objective.loss(Tensor(zeros: [4, 3]), Tensor(ones: [2, 3]), labels: [0, 1, 0])
    }
    Self.expect(result, contains: "SupervisedContrastive: 3 labels for 4 embeddings")
  }

  @Test func supervisedContrastiveLabelOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let objective = try SupervisedContrastive<Float>(classPrior: [0.5, 0.5])
      _ = objective.loss(Tensor(zeros: [3, 3]), Tensor(ones: [2, 3]), labels: [0, 2, 1])
    }
    Self.expect(result, contains: "SupervisedContrastive: label 2 at row 1 is outside 0..<2")
  }

  @Test func conditionalInfoNCEWithEveryGroupOfOne() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = ConditionalInfoNCE<Float>().objective(Tensor(zeros: [3, 3]), groups: [0, 1, 2])
    }
    Self.expect(result, contains: "ConditionalInfoNCE: no group of the batch's 3 samples has two members (3 groups)")
  }

  @Test func momentumQueueShorterThanTheBatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      var objective = try MomentumContrastiveObjective(
        query: MLP<Float>(widths: [2, 3], using: &generator), key: MLP<Float>(widths: [2, 3], using: &generator), queueLength: 4,
        optimizer: Adam(learningRate: 1e-3))
      _ = objective.step(on: Batch(x: Tensor(zeros: [8, 2]), y: Tensor(zeros: [8, 2])))
    }
    Self.expect(result, contains: "MomentumContrastiveObjective: the queue of 4 keys is shorter than the batch of 8")
  }

  @Test func selfAugmentationThatChangesTheShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var generator = SeededGenerator(seed: 1)
      var objective = InformationMaximizationObjective(
        model: MLP<Float>(widths: [2, 3], using: &generator),
        augmentation: SelfAugmentation { x, _ in x.rows(0..<1) }, optimizer: Adam(learningRate: 1e-3))
      _ = objective.step(on: Batch(x: Tensor(ones: [4, 2]), y: Tensor(ones: [4, 2])))
    }
    Self.expect(result, contains: "SelfAugmentation: the transform returned shape [1, 2] for a batch of shape [4, 2]")
  }

  @Test func informationMaximizationWithOneClass() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = InformationMaximization<Float>().objective(Tensor(zeros: [4, 1]))
    }
    Self.expect(result, contains: "InformationMaximization: needs K×C logits with C ≥ 2 classes, got shape [4, 1]")
  }

  @Test func invariantClusteringJointThatIsNotADistribution() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = InvariantInformationClustering<Double>.mutualInformation(ofJoint: Tensor(rows: [[0.5, 0.25], [0.25, 0.25]]))
    }
    Self.expect(result, contains: "InvariantInformationClustering: the joint is not a distribution: its entries sum to 1.25, not 1")
  }

  @Test func invariantClusteringJointWithANegativeEntry() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = InvariantInformationClustering<Double>.mutualInformation(ofJoint: Tensor(rows: [[0.75, -0.25], [0.25, 0.25]]))
    }
    Self.expect(result, contains: "InvariantInformationClustering: the joint is not a distribution: entry (0, 1) is -0.25")
  }
}
