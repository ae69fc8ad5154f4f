import Foundation
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor

/// One training step of the issue-11 objectives through the library's `TrainingObjective`
/// (`step` then `afterStep`, what the `Trainer` runs), with encoders 64→256→256→128 (ReLU),
/// batch 256, Adam at 10⁻³:
///
/// - `supcon`: `SupervisedContrastiveObjective` (τ = 0.1, α = 1, ten classes with a uniform
///   prior, labels drawn uniformly), encoder and ten prototypes;
/// - `momentum`: `MomentumContrastiveObjective` (query and key encoders, momentum 0.99,
///   τ = 1, the embeddings not normalized) with a queue of `queue` keys; the warm-up steps fill it before timing starts.
///
/// Eight batches are drawn once (x ~ N(0, I₆₄), y = 0.5x + √0.75·ε) and written, with the
/// initial weights and the labels, to `export`, so that Benchmarks/tensor_peers.py starts
/// PyTorch from the same point on the same batches: the first losses must agree.
func benchmarkObjective(_ kind: String, batch: Int, steps: Int, warmup: Int, queue: Int, export: String?) {
  var generator = SeededGenerator(seed: 2024)
  let batches = correlatedBatches(count: 8, batch: batch, dimension: 64, seed: 7)
  var labelGenerator = SeededGenerator(seed: 11)
  let labels = (0..<8).map { _ in (0..<batch).map { _ in labelGenerator.integer(below: 10) } }
  var exported: [(name: String, tensor: Tensor<Float>)] = []
  for (index, (x, y)) in batches.enumerated() {
    exported += [("x.\(index)", x), ("y.\(index)", y)]
    exported.append(("labels.\(index)", Tensor(shape: [batch], scalars: labels[index].map(Float.init))))
  }
  func encoder() -> MLP<Float> { MLP(widths: [64, 256, 256, 128], activation: .relu, using: &generator) }

  var step: (Int) -> Double
  switch kind {
  case "supcon":
    let supervised: SupervisedContrastive<Float>
    do { supervised = try SupervisedContrastive(classPrior: [Double](repeating: 0.1, count: 10), temperature: 0.1, adjustment: 1) } catch {
      fatalError("\(error)")
    }
    var objective = SupervisedContrastiveObjective(
      encoder: encoder(), embedding: 128, objective: supervised, optimizer: Adam(learningRate: 1e-3), using: &generator)
    exported += objective.model.namedParameters.map { ($0.name, $0.tensor) }
    step = { index in
      let data = Batch(x: batches[index % 8].0, y: batches[index % 8].1, labels: labels[index % 8])
      let loss = objective.step(on: data)
      objective.afterStep(on: data)
      return loss
    }
  case "momentum":
    var objective: MomentumContrastiveObjective
    do {
      objective = try MomentumContrastiveObjective(
        query: encoder(), key: encoder(), queueLength: queue, momentum: 0.99, temperature: 1, optimizer: Adam(learningRate: 1e-3))
    } catch { fatalError("\(error)") }
    exported += objective.encoders.namedParameters.map { ($0.name, $0.tensor) }
    step = { index in
      let data = Batch(x: batches[index % 8].0, y: batches[index % 8].1)
      let loss = objective.step(on: data)
      objective.afterStep(on: data)
      return loss
    }
  default:
    fatalError("unknown objective \(kind)")
  }
  if let export {
    do { try Safetensors.write(exported, to: export) } catch { fatalError("\(error)") }
  }
  let (time, losses) = timedSteps(warmup: warmup, steps: steps, step)
  let firstLosses = losses.prefix(5).map { "\($0)" }.joined(separator: ", ")
  print(
    "{\"tool\": \"swift\", \"bench\": \"\(kind)\", \"batch\": \(batch), \"queue\": \(kind == "momentum" ? queue : 0), \"seconds_per_step\": \(time), \"steps_per_second\": \(1 / time), \"first_losses\": [\(firstLosses)], \"last_loss\": \(losses.last ?? .nan)}"
  )
}


/// Runs `warmup + steps` steps and returns the median time of the timed ones (after the
/// warm-up) and every step's loss.
func timedSteps(warmup: Int, steps: Int, _ step: (Int) -> Double) -> (median: Double, losses: [Double]) {
  var losses: [Double] = []
  var times: [Double] = []
  for index in 0..<(warmup + steps) {
    var loss = 0.0
    let t = seconds { loss = step(index) }
    losses.append(loss)
    if index >= warmup { times.append(t) }
  }
  return (median(times), losses)
}
