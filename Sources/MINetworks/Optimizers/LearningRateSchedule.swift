import MINumerics
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A learning rate as a function of the step (0-based): set `optimizer.learningRate =
/// schedule.learningRate(at: step)` before each update.
public protocol LearningRateSchedule: Sendable {
  /// The learning rate for `step`.
  func learningRate(at step: Int) -> Double
}

/// The same rate at every step.
public struct ConstantSchedule: LearningRateSchedule {
  public let rate: Double
  public init(_ rate: Double) { self.rate = rate }
  public func learningRate(at step: Int) -> Double { rate }
}

/// Multiplies the rate by `factor` every `interval` steps: η·factor^⌊step/interval⌋
/// (PyTorch's `StepLR`).
public struct StepSchedule: LearningRateSchedule {
  public let initial: Double
  public let interval: Int
  public let factor: Double
  public init(initial: Double, interval: Int, factor: Double = 0.1) {
    if !(interval > 0) { ContractViolation.trap("StepSchedule: interval must be positive, got \(interval)") }
    self.initial = initial
    self.interval = interval
    self.factor = factor
  }
  public func learningRate(at step: Int) -> Double {
    var rate = initial
    for _ in 0..<(max(step, 0) / interval) { rate *= factor }
    return rate
  }
}

/// Cosine annealing (Loshchilov & Hutter 2017) from `initial` to `final` over `steps`:
/// η = final + (initial − final)·(1 + cos(π·t/T))/2, then `final`.
public struct CosineSchedule: LearningRateSchedule {
  public let initial: Double
  public let final: Double
  public let steps: Int
  public init(initial: Double, final: Double = 0, steps: Int) {
    if !(steps > 0) { ContractViolation.trap("CosineSchedule: steps must be positive, got \(steps)") }
    self.initial = initial
    self.final = final
    self.steps = steps
  }
  public func learningRate(at step: Int) -> Double {
    let t = Double(min(max(step, 0), steps)) / Double(steps)
    return final + (initial - final) * (1 + cosine(Double.pi * t)) / 2
  }
}

/// A linear warm-up from 0 over `steps` steps, then `base` (shifted so that `base` starts
/// at its own step 0): rate = base(0)·(step+1)/steps during warm-up.
public struct WarmupSchedule<Base: LearningRateSchedule>: LearningRateSchedule {
  public let steps: Int
  public let base: Base
  public init(steps: Int, then base: Base) {
    if !(steps >= 0) { ContractViolation.trap("WarmupSchedule: steps must be non-negative, got \(steps)") }
    self.steps = steps
    self.base = base
  }
  public func learningRate(at step: Int) -> Double {
    if step < steps { return base.learningRate(at: 0) * Double(step + 1) / Double(steps) }
    return base.learningRate(at: step - steps)
  }
}

private func cosine(_ x: Double) -> Double {
  #if canImport(Glibc)
    Glibc.cos(x)
  #else
    Darwin.cos(x)
  #endif
}
