// Tensor-engine benchmarks: matrix multiplication and full InfoNCE training steps; one step of
// the supervised contrastive and momentum-queue objectives (`--bench supcon|momentum`) and of the
// min–max objectives (`--bench minimax-adversary|minimax-club`); the MI
// staircase; the neural estimators' presets on correlated Gaussians (`--bench presets`); and the
// coverage of Bootstrap intervals for KSG (`--bench coverage`, Benchmarks/run-coverage.sh).
// Prints one JSON object per measurement (median of the repeats) on standard output.
// Run through Benchmarks/run-tensor-peers.sh, which times NumPy and PyTorch in the same run,
// Benchmarks/run-staircase.sh and Benchmarks/run-presets.sh.
import Dispatch
import Foundation
import MINetworks
import MINeural
import MINumerics
import MITensor
import _MIKernels
import _Differentiation

func arguments() -> [String: String] {
  var result: [String: String] = [:]
  var iterator = CommandLine.arguments.dropFirst().makeIterator()
  while let key = iterator.next() {
    guard key.hasPrefix("--"), let value = iterator.next() else { continue }
    result[String(key.dropFirst(2))] = value
  }
  return result
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Times C = A·B (Float32) for each "MxKxN" shape: `repeats` samples, each the mean of
/// enough back-to-back products to last about 20 ms.
func benchmarkGEMM(_ shapes: [String], repeats: Int) {
  for text in shapes {
    let parts = text.split(separator: "x").compactMap { Int($0) }
    guard parts.count == 3 else { fatalError("shape \(text) is not MxKxN") }
    let (m, k, n) = (parts[0], parts[1], parts[2])
    var generator = SeededGenerator(seed: 1)
    let a = Tensor<Float>(randomNormal: [m, k], using: &generator)
    let b = Tensor<Float>(randomNormal: [k, n], using: &generator)
    var sink: Float = 0
    // Warm up (threads started, buffers cached, clocks up) for about 0.1 s.
    let warmStart = DispatchTime.now().uptimeNanoseconds
    while DispatchTime.now().uptimeNanoseconds - warmStart < 100_000_000 { sink += matmul(a, b).withUnsafeScalars { $0[0] } }
    let once = seconds { sink += matmul(a, b).withUnsafeScalars { $0[0] } }
    let inner = max(1, Int(0.02 / max(once, 1e-6)))
    var samples: [Double] = []
    for _ in 0..<repeats {
      let t = seconds {
        for _ in 0..<inner { sink += matmul(a, b).withUnsafeScalars { $0[0] } }
      }
      samples.append(t / Double(inner))
    }
    let time = median(samples)
    let gflops = 2 * Double(m) * Double(n) * Double(k) / time / 1e9
    print("{\"tool\": \"swift\", \"bench\": \"gemm\", \"shape\": \"\(text)\", \"seconds\": \(time), \"gflops\": \(gflops), \"checksum\": \(sink.isFinite ? 1 : 0)}")
  }
}

/// Batches of correlated Gaussians: y = ρx + √(1−ρ²)ε with x, ε ~ N(0, I₂₀), ρ = 0.5
/// per coordinate. Pre-generated so that data creation is not timed.
func correlatedBatches(count: Int, batch: Int, dimension: Int, seed: UInt64) -> [(Tensor<Float>, Tensor<Float>)] {
  var generator = SeededGenerator(seed: seed)
  return (0..<count).map { _ in
    let x = Tensor<Float>(randomNormal: [batch, dimension], using: &generator)
    let noise = Tensor<Float>(randomNormal: [batch, dimension], using: &generator)
    return (x, x * 0.5 + noise * Float((1 - 0.25).squareRoot()))
  }
}

/// The InfoNCE loss to minimize, −(mean diag(S) − mean logΣexp rows(S)) (log K omitted).
@differentiable(reverse)
func infoNCELoss(_ scores: Tensor<Float>) -> Tensor<Float> {
  scores.logSumExp(alongAxis: 1).mean() - scores.diagonal().mean()
}

/// Separable critic: two MLP encoders 20→256→256→32 (ReLU), scores g(x)·h(y)ᵀ.
struct TwoTowerModel: Differentiable {
  var g: MLP<Float>
  var h: MLP<Float>

  @differentiable(reverse)
  func scores(_ x: Tensor<Float>, _ y: Tensor<Float>) -> Tensor<Float> {
    if towersInTurn { return matmul(g(x), h(y), transposingB: true) }
    let towers = applyConcurrently(g, to: x, h, to: y)
    return matmul(towers.first, towers.second, transposingB: true)
  }
}

/// Joint (concat) critic 40→256→256→1 on all K×K pairs; the first layer is split
/// (`affineOnAllPairs`).
struct ConcatModel: Differentiable {
  var first: Dense<Float>
  var second: Dense<Float>
  var last: Dense<Float>

  @differentiable(reverse)
  func scores(_ x: Tensor<Float>, _ y: Tensor<Float>) -> Tensor<Float> {
    let k = x.shape[0]
    let hidden = affineOnAllPairs(x, y, weight: first.weight, bias: first.bias, activation: .relu)
    return last(second(hidden)).reshaped(to: [k, k])
  }
}

/// Times full training steps (forward, backward, Adam) and writes the initial weights and
/// the first batch to `export` so the PyTorch run starts from the same point.
func benchmarkTraining(critic kind: String, batch: Int, steps: Int, warmup: Int, export: String?) {
  var generator = SeededGenerator(seed: 2024)
  let batches = correlatedBatches(count: 8, batch: batch, dimension: 20, seed: 7)
  var losses: [Float] = []
  var times: [Double] = []
  var exported: [(name: String, tensor: Tensor<Float>)] = [("x", batches[0].0), ("y", batches[0].1)]
  func record<M: ParameterContainer>(_ model: M, _ prefix: String) where M.Scalar == Float {
    exported += model.namedParameters.map { (prefix + "." + $0.name, $0.tensor) }
  }
  switch kind {
  case "separable":
    var critic = TwoTowerModel(
      g: MLP(widths: [20, 256, 256, 32], activation: .relu, using: &generator),
      h: MLP(widths: [20, 256, 256, 32], activation: .relu, using: &generator))
    record(critic.g, "g")
    record(critic.h, "h")
    var adamG = Adam<Float>(learningRate: 1e-3)
    var adamH = Adam<Float>(learningRate: 1e-3)
    if options["phases"] != nil {
      let (x, y) = batches[0]
      var f: [Double] = [], fb: [Double] = [], ad: [Double] = []
      for _ in 0..<30 {
        f.append(seconds { _ = infoNCELoss(critic.scores(x, y)) })
        var gradient: TwoTowerModel.TangentVector = .zero
        fb.append(seconds { gradient = valueWithGradient(at: critic) { c in infoNCELoss(c.scores(x, y)) }.gradient })
        ad.append(seconds { adamG.update(&critic.g, along: gradient.g); adamH.update(&critic.h, along: gradient.h) })
      }
      print("forward \(median(f) * 1e3) ms, forward+backward \(median(fb) * 1e3) ms, adam \(median(ad) * 1e3) ms")
    }
    for step in 0..<(warmup + steps) {
      let (x, y) = batches[step % batches.count]
      var loss: Float = 0
      let t = seconds {
        let (value, gradient) = valueWithGradient(at: critic) { c in infoNCELoss(c.scores(x, y)) }
        adamG.update(&critic.g, along: gradient.g)
        adamH.update(&critic.h, along: gradient.h)
        loss = value.scalar
      }
      losses.append(loss)
      if step >= warmup { times.append(t) }
    }
  case "concat":
    var critic = ConcatModel(
      first: Dense(inputs: 40, outputs: 256, activation: .relu, using: &generator),
      second: Dense(inputs: 256, outputs: 256, activation: .relu, using: &generator),
      last: Dense(inputs: 256, outputs: 1, using: &generator))
    record(critic.first, "f.0")
    record(critic.second, "f.1")
    record(critic.last, "f.2")
    var adams = [Adam<Float>](repeating: Adam(learningRate: 1e-3), count: 3)
    for step in 0..<(warmup + steps) {
      let (x, y) = batches[step % batches.count]
      var loss: Float = 0
      let t = seconds {
        let (value, gradient) = valueWithGradient(at: critic) { c in infoNCELoss(c.scores(x, y)) }
        adams[0].update(&critic.first, along: gradient.first)
        adams[1].update(&critic.second, along: gradient.second)
        adams[2].update(&critic.last, along: gradient.last)
        loss = value.scalar
      }
      losses.append(loss)
      if step >= warmup { times.append(t) }
    }
  default:
    fatalError("unknown critic \(kind)")
  }
  if let export {
    do { try Safetensors.write(exported, to: export) } catch { fatalError("\(error)") }
  }
  let time = median(times)
  let firstLosses = losses.prefix(5).map { "\($0)" }.joined(separator: ", ")
  print("{\"tool\": \"swift\", \"bench\": \"infonce-\(kind)\", \"batch\": \(batch), \"seconds_per_step\": \(time), \"steps_per_second\": \(1 / time), \"first_losses\": [\(firstLosses)], \"last_loss\": \(losses.last ?? .nan)}")
}

/// The separable InfoNCE step through the library's objective (`CriticObjective` with a
/// `SeparableCritic` 20→256→256→32 and `InfoNCE`, Adam at 10⁻³): the step every
/// critic-based estimator and the `Trainer` take, on the same batches as `benchmarkTraining`.
func benchmarkObjectiveStep(batch: Int, steps: Int, warmup: Int) {
  var generator = SeededGenerator(seed: 2024)
  let batches = correlatedBatches(count: 8, batch: batch, dimension: 20, seed: 7).map { Batch(x: $0.0, y: $0.1) }
  let critic = SeparableCritic<Float>(xDimension: 20, yDimension: 20, hidden: [256, 256], embedding: 32, using: &generator)
  var objective: CriticObjective<SeparableCritic<Float>, InfoNCE<Float>>
  do { objective = try CriticObjective(critic: critic, bound: InfoNCE<Float>(), optimizer: Adam(learningRate: 1e-3)) } catch {
    fatalError("\(error)")
  }
  var losses: [Double] = []
  var times: [Double] = []
  for step in 0..<(warmup + steps) {
    let batch = batches[step % batches.count]
    var loss = 0.0
    let t = seconds {
      loss = objective.step(on: batch)
      objective.afterStep(on: batch)
    }
    losses.append(loss)
    if step >= warmup { times.append(t) }
  }
  let time = median(times)
  let firstLosses = losses.prefix(5).map { "\($0)" }.joined(separator: ", ")
  print("{\"tool\": \"swift\", \"bench\": \"infonce-separable-objective\", \"batch\": \(batch), \"seconds_per_step\": \(time), \"steps_per_second\": \(1 / time), \"first_losses\": [\(firstLosses)], \"last_loss\": \(losses.last ?? .nan)}")
}

/// The MI staircase of Poole et al. (2019) and Song & Ermon (2020): x, y ∈ ℝ²⁰ with
/// yᵢ = ρxᵢ + √(1 − ρ²)εᵢ, ρ chosen so that I = −10·log(1 − ρ²) steps through 2, 4, 6, 8,
/// 10 nats, `perLevel` steps each, a fresh batch every step, Adam at 5·10⁻⁴. Writes one CSV
/// row per step (step, true MI, the bound's value on that batch) and prints the median
/// seconds per step.
struct Staircase {
  static let levels: [Double] = [2, 4, 6, 8, 10]
  static let dimension = 20
  let batch: Int
  let perLevel: Int
  var generator: SeededGenerator
  var rows: [String] = ["step,true_mi,estimate"]
  var times: [Double] = []

  init(batch: Int, perLevel: Int, seed: UInt64) {
    self.batch = batch
    self.perLevel = perLevel
    generator = SeededGenerator(seed: seed)
  }

  mutating func sample(_ mi: Double) -> (Tensor<Float>, Tensor<Float>) {
    let d = Self.dimension
    let rho = Float((1 - Foundation.exp(-2 * mi / Double(d))).squareRoot())
    let x = Tensor<Float>(randomNormal: [batch, d], using: &generator)
    let noise = Tensor<Float>(randomNormal: [batch, d], using: &generator)
    return (x, x * rho + noise * (1 - rho * rho).squareRoot())
  }

  mutating func record(step: Int, mi: Double, value: Double, seconds t: Double) {
    times.append(t)
    rows.append("\(step),\(mi),\(value)")
  }

  /// Trains `critic` on `bound` through the library's `CriticObjective` (the step every
  /// critic-based estimator takes), recording the bound's value on each batch.
  mutating func run<C: Critic, B: ScoreBound>(_ critic: C, _ bound: B) where C.Scalar == Float, B.Scalar == Float {
    var objective: CriticObjective<C, B>
    do { objective = try CriticObjective(critic: critic, bound: bound, optimizer: Adam<Float>(learningRate: 5e-4)) } catch {
      fatalError("\(error)")
    }
    var step = 0
    for mi in Self.levels {
      for _ in 0..<perLevel {
        let (x, y) = sample(mi)
        let start = DispatchTime.now().uptimeNanoseconds
        let batch = Batch(x: x, y: y)
        _ = objective.step(on: batch)
        let value = objective.trainingValue()
        objective.afterStep(on: batch)
        record(step: step, mi: mi, value: value, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        step += 1
      }
    }
  }

  /// Fits q(y|x) by likelihood and records CLUB on each batch.
  mutating func runCLUB() {
    var q = GaussianConditional<Float>(xDimension: Self.dimension, yDimension: Self.dimension, hidden: [256, 256], using: &generator)
    var adam = Adam<Float>(learningRate: 5e-4)
    var step = 0
    for mi in Self.levels {
      for _ in 0..<perLevel {
        let (x, y) = sample(mi)
        let start = DispatchTime.now().uptimeNanoseconds
        let (scores, pullback) = valueWithPullback(at: q) { q in q.scores(x, y) }
        let (_, scoreGradient) = valueWithGradient(at: scores) { s in likelihoodLoss(s) }
        adam.update(&q, along: pullback(scoreGradient))
        let value = CLUB<Float>().value(scores)
        record(step: step, mi: mi, value: value, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        step += 1
      }
    }
  }
}

/// −mean log q(yᵢ | xᵢ) from the matrix of log-densities.
@differentiable(reverse)
func likelihoodLoss(_ logDensities: Tensor<Float>) -> Tensor<Float> { -logDensities.diagonal().mean() }

func staircase(bound name: String, critic kind: String, batch: Int, perLevel: Int, output: String?, seed: UInt64) {
  var run = Staircase(batch: batch, perLevel: perLevel, seed: seed)
  let d = Staircase.dimension
  func dispatch<C: Critic>(_ c: C, _ run: inout Staircase) where C.Scalar == Float {
    switch name {
    case "infonce": run.run(c, InfoNCE<Float>())
    case "nwj": run.run(c, NWJ<Float>())
    case "mine": run.run(c, MINE<Float>(rate: 0.1))
    case "smile": run.run(c, SMILE<Float>(clip: 5))
    case "js": run.run(c, JensenShannon<Float>())
    default: fatalError("unknown bound \(name)")
    }
  }
  if name == "club" {
    run.runCLUB()
  } else if kind == "joint" {
    let critic = JointCritic<Float>(xDimension: d, yDimension: d, hidden: [256, 256], using: &run.generator)
    dispatch(critic, &run)
  } else {
    let critic = SeparableCritic<Float>(xDimension: d, yDimension: d, hidden: [256, 256], embedding: 32, using: &run.generator)
    dispatch(critic, &run)
  }
  if let output {
    do { try (run.rows.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8) } catch {
      fatalError("cannot write \(output): \(error)")
    }
  }
  let time = median(Array(run.times.dropFirst(10)))
  print("{\"tool\": \"swift\", \"bench\": \"staircase\", \"bound\": \"\(name)\", \"critic\": \"\(name == "club" ? "gaussian" : kind)\", \"batch\": \(batch), \"steps\": \(run.times.count), \"seconds_per_step\": \(time), \"steps_per_second\": \(1 / time)}")
}

let options = arguments()
/// `--towers in-turn` evaluates the two encoders one after the other (each matrix product
/// split over the cores) instead of concurrently (each tower on its own core).
let towersInTurn = options["towers"] == "in-turn"
let repeats = Int(options["repeats"] ?? "15") ?? 15
switch options["bench"] ?? "gemm" {
case "gemm":
  benchmarkGEMM((options["shapes"] ?? "256x256x256,512x512x512,1024x1024x1024,256x128x256").split(separator: ",").map(String.init), repeats: repeats)
case "kernel":
  print(String(cString: mi_sgemm_kernel_name()))
case "ops":
  var generator = SeededGenerator(seed: 3)
  let x = Tensor<Float>(randomNormal: [256, 20], using: &generator)
  let h = Tensor<Float>(randomNormal: [256, 256], using: &generator)
  let w1 = Tensor<Float>(randomNormal: [256, 20], using: &generator)
  let w2 = Tensor<Float>(randomNormal: [256, 256], using: &generator)
  let w3 = Tensor<Float>(randomNormal: [32, 256], using: &generator)
  let b = Tensor<Float>(zeros: [256])
  let b3 = Tensor<Float>(zeros: [32])
  func time(_ label: String, _ body: () -> Void) {
    var samples: [Double] = []
    for _ in 0..<200 { samples.append(seconds(body)) }
    print(label, median(samples) * 1e6, "µs")
  }
  var sink: Float = 0
  time("affine 20→256 relu") { sink += affine(x, weight: w1, bias: b, activation: .relu).withUnsafeScalars { $0[0] } }
  time("affine 256→256 relu") { sink += affine(h, weight: w2, bias: b, activation: .relu).withUnsafeScalars { $0[0] } }
  time("affine 256→32") { sink += affine(h, weight: w3, bias: b3).withUnsafeScalars { $0[0] } }
  time("matmul 256x256x256") { sink += matmul(h, w2).withUnsafeScalars { $0[0] } }
  time("matmul 256x256x256 ᵀ") { sink += matmul(h, w2, transposingB: true).withUnsafeScalars { $0[0] } }
  time("matmul 256x20 · (256x20)ᵀ") { sink += matmul(x, w1, transposingB: true).withUnsafeScalars { $0[0] } }
  time("matmul (256x256)ᵀ·256x20 (dW1)") { sink += matmul(h, x, transposingA: true).withUnsafeScalars { $0[0] } }
  time("relu 65K") { sink += h.relu().withUnsafeScalars { $0[0] } }
  time("logSumExp rows") { sink += h.logSumExp(alongAxis: 1).withUnsafeScalars { $0[0] } }
  time("sum axis 0") { sink += h.sum(alongAxis: 0).withUnsafeScalars { $0[0] } }
  time("alloc zeros 65K") { sink += Tensor<Float>(zeros: [256, 256]).withUnsafeScalars { $0[0] } }
  // The GEMMs of one separable-critic step (per encoder ×2, plus the score matrix).
  let shapes: [(Int, Int, Int, Bool, Bool, String)] = [
    (256, 256, 20, false, true, "L1 fwd x·W1ᵀ"), (256, 256, 256, false, true, "L2 fwd"), (256, 32, 256, false, true, "L3 fwd"),
    (256, 256, 32, false, true, "scores"), (256, 32, 256, false, false, "dG=dS·H"), (256, 32, 256, true, false, "dH=dSᵀ·G"),
    (256, 256, 32, false, false, "L3 dx"), (32, 256, 256, true, false, "L3 dW"), (256, 256, 256, false, false, "L2 dx"),
    (256, 256, 256, true, false, "L2 dW"), (256, 20, 256, false, false, "L1 dx"), (256, 20, 256, true, false, "L1 dW"),
  ]
  var total = 0.0
  for (m, n, k, ta, tb, label) in shapes {
    let a = Tensor<Float>(randomNormal: ta ? [k, m] : [m, k], using: &generator)
    let bm = Tensor<Float>(randomNormal: tb ? [n, k] : [k, n], using: &generator)
    var samples: [Double] = []
    for _ in 0..<200 { samples.append(seconds { sink += matmul(a, bm, transposingA: ta, transposingB: tb).withUnsafeScalars { $0[0] } }) }
    let t = median(samples)
    total += label == "scores" || label.hasPrefix("dG") || label.hasPrefix("dH") ? t : 2 * t
    print(label, m, n, k, t * 1e6, "µs", 2 * Double(m * n * k) / t / 1e9, "GFLOP/s")
  }
  print("GEMM total per step", total * 1e3, "ms", sink)
case "coverage":
  benchmarkCoverage(
    correlations: (options["correlations"] ?? "0.6,0.9").split(separator: ",").compactMap { Double($0) },
    sizes: (options["sizes"] ?? "400,2000").split(separator: ",").compactMap { Int($0) },
    repetitions: Int(options["repetitions"] ?? "200") ?? 200, resamples: Int(options["resamples"] ?? "200") ?? 200)
case "staircase":
  staircase(
    bound: options["bound"] ?? "infonce", critic: options["critic"] ?? "separable", batch: Int(options["batch"] ?? "64") ?? 64,
    perLevel: Int(options["per-level"] ?? "4000") ?? 4000, output: options["out"], seed: UInt64(options["seed"] ?? "1") ?? 1)
case "presets":
  let list = { (key: String, fallback: String) in (options[key] ?? fallback).split(separator: ",").map(String.init) }
  presetCheck(
    bounds: list("bounds", NeuralBoundKind.allCases.map(\.rawValue).joined(separator: ",")),
    dimensions: list("dimensions", "5,20").compactMap { Int($0) }, levels: list("levels", "1,4,8").compactMap { Double($0) },
    samples: Int(options["samples"] ?? "4000") ?? 4000, seeds: list("seeds", "0").compactMap { UInt64($0) },
    critic: CriticKind(rawValue: options["critic"] ?? "separable") ?? .separable,
    preset: { bound in
      // Overrides of each bound's recommended preset, for experiments.
      var preset = NeuralPreset.recommended(for: bound)
      if let hidden = options["hidden"] {
        preset.hidden = hidden.split(separator: ",").compactMap { Int($0) }
        preset.alternativeDensityWidths = []
      }
      if let rate = options["lr"].flatMap(Double.init) { preset.learningRate = rate }
      if options["hidden"] != nil || options["lr"] != nil { preset.sizesCriticToData = false }
      if let batch = options["batch"].flatMap(Int.init) { preset.batchSize = batch }
      if let steps = options["steps"].flatMap(Int.init) { preset.steps = steps }
      if let patience = options["patience"].flatMap(Int.init) { preset.patience = patience }
      if let interval = options["interval"].flatMap(Int.init) { preset.evaluationInterval = interval }
      return preset
    })
case "separable-objective":
  benchmarkObjectiveStep(batch: Int(options["batch"] ?? "256") ?? 256, steps: Int(options["steps"] ?? "50") ?? 50,
                         warmup: Int(options["warmup"] ?? "5") ?? 5)
case "supcon", "momentum":
  benchmarkObjective(
    options["bench"]!, batch: Int(options["batch"] ?? "256") ?? 256, steps: Int(options["steps"] ?? "50") ?? 50,
    warmup: Int(options["warmup"] ?? "20") ?? 20, queue: Int(options["queue"] ?? "4096") ?? 4096, export: options["export"])
case "blahut-arimoto":
  benchmarkBlahutArimoto(
    size: Int(options["size"] ?? "256") ?? 256, tolerance: Double(options["tolerance"] ?? "1e-9") ?? 1e-9,
    repetitions: Int(options["repetitions"] ?? "7") ?? 7)
case "belief-propagation":
  benchmarkBeliefPropagation(
    side: Int(options["side"] ?? "100") ?? 100, coupling: Double(options["coupling"] ?? "0.25") ?? 0.25,
    tolerance: Double(options["tolerance"] ?? "1e-9") ?? 1e-9, repetitions: Int(options["repetitions"] ?? "5") ?? 5)
case "minimax-adversary", "minimax-club":
  benchmarkMinimax(
    options["bench"]!, batch: Int(options["batch"] ?? "256") ?? 256, steps: Int(options["steps"] ?? "50") ?? 50,
    warmup: Int(options["warmup"] ?? "10") ?? 10, export: options["export"])
case "separable", "concat":
  benchmarkTraining(
    critic: options["bench"]!, batch: Int(options["batch"] ?? "256") ?? 256, steps: Int(options["steps"] ?? "50") ?? 50,
    warmup: Int(options["warmup"] ?? "5") ?? 5, export: options["export"])
default:
  fatalError("unknown --bench \(options["bench"] ?? "")")
}
