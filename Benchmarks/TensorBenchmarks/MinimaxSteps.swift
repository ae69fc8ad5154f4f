import Foundation
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor

/// One step of the issue-12 min–max objectives through the library's `TrainingObjective`
/// (what the `Trainer` runs): an encoder 64→256→256→128 (ReLU) and a task head 128→128→10,
/// batch 256, Adam at 10⁻³, λ = 1, ten task classes drawn uniformly, with
///
/// - `minimax-adversary`: `AdversarialObjective`, an adversary 128→128→2 predicting a binary
///   attribute drawn uniformly, three adversary steps per encoder step (each step: the
///   frozen representation, three adversary updates, one update of encoder and head
///   through the gradient reversal);
/// - `minimax-club`: `PenalizedClassification` with CLUB on a Gaussian q(a|z)
///   (`ConditionalDensityTerm`, full covariance, mean and log-variance towers 128→64→4 and
///   the linear path), the attribute the first four coordinates of y, five likelihood steps
///   of q per encoder step.
///
/// The batches, labels and initial weights are written to `export` for
/// Benchmarks/tensor_peers.py, whose PyTorch steps must start at the same losses.
func benchmarkMinimax(_ kind: String, batch: Int, steps: Int, warmup: Int, export: String?) {
  var generator = SeededGenerator(seed: 2025)
  let batches = correlatedBatches(count: 8, batch: batch, dimension: 64, seed: 7)
  var labelGenerator = SeededGenerator(seed: 11)
  let labels = (0..<8).map { _ in (0..<batch).map { _ in labelGenerator.integer(below: 10) } }
  let classes = (0..<8).map { _ in (0..<batch).map { _ in Float(labelGenerator.integer(below: 2)) } }
  var exported: [(name: String, tensor: Tensor<Float>)] = []
  for (index, (x, y)) in batches.enumerated() {
    exported += [("x.\(index)", x), ("y.\(index)", y)]
    exported.append(("labels.\(index)", Tensor(shape: [batch], scalars: labels[index].map(Float.init))))
    exported.append(("attribute.\(index)", Tensor(shape: [batch], scalars: classes[index])))
  }
  func named<Container: ParameterContainer>(_ container: Container, _ prefix: String) -> [(name: String, tensor: Tensor<Float>)]
  where Container.Scalar == Float {
    var copy = container
    var result: [(name: String, tensor: Tensor<Float>)] = []
    copy.visitParameters(prefix: prefix) { name, tensor in result.append((name, tensor)) }
    return result
  }
  let encoder = MLP<Float>(widths: [64, 256, 256, 128], activation: .relu, using: &generator)
  let head = MLP<Float>(widths: [128, 128, 10], activation: .relu, using: &generator)
  exported += named(encoder, "encoder") + named(head, "head")

  var step: (Int) -> Double
  do {
    switch kind {
    case "minimax-adversary":
      let adversary = MLP<Float>(widths: [128, 128, 2], activation: .relu, using: &generator)
      exported += named(adversary, "adversary")
      var objective = try AdversarialObjective(
        encoder: encoder, head: head, adversary: adversary, weight: 1, adversarySteps: 3,
        encoderOptimizer: Adam(learningRate: 1e-3), headOptimizer: Adam(learningRate: 1e-3), adversaryOptimizer: Adam(learningRate: 1e-3))
      let data = (0..<8).map { i in
        Batch(x: batches[i].0, y: batches[i].1, z: Tensor(shape: [batch, 1], scalars: classes[i]), labels: labels[i])
      }
      step = { index in objective.step(on: data[index % 8]) }
    case "minimax-club":
      let q = GaussianConditional<Float>(xDimension: 128, yDimension: 4, hidden: [64], using: &generator)
      exported += named(q, "q")
      var objective = try PenalizedClassification(
        encoder: encoder, head: head, penalty: ConditionalDensityTerm(conditional: q, optimizer: Adam(learningRate: 1e-3), steps: 5),
        weight: 1, encoderOptimizer: Adam(learningRate: 1e-3), headOptimizer: Adam(learningRate: 1e-3))
      let data = (0..<8).map { i in
        Batch(x: batches[i].0, y: batches[i].1, z: batches[i].1.columns(0..<4), labels: labels[i])
      }
      step = { index in objective.step(on: data[index % 8]) }
    default:
      fatalError("unknown objective \(kind)")
    }
  } catch { fatalError("\(error)") }
  if let export {
    do { try Safetensors.write(exported, to: export) } catch { fatalError("\(error)") }
  }
  let (time, losses) = timedSteps(warmup: warmup, steps: steps, step)
  let firstLosses = losses.prefix(5).map { "\($0)" }.joined(separator: ", ")
  print(
    "{\"tool\": \"swift\", \"bench\": \"\(kind)\", \"batch\": \(batch), \"seconds_per_step\": \(time), \"steps_per_second\": \(1 / time), \"first_losses\": [\(firstLosses)], \"last_loss\": \(losses.last ?? .nan)}"
  )
}
