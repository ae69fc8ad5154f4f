import Dispatch
import Foundation
import MIClassical
import MINeural
import MINumerics

/// `--bench presets`: every bound of `NeuralEstimator` with its recommended `NeuralPreset` on
/// the benchmark tasks of issue 4, correlated Gaussians x, y ∈ ℝᵈ with
/// yᵢ = ρxᵢ + √(1 − ρ²)εᵢ and I = −(d/2)·log(1 − ρ²), n samples. Prints one JSON object
/// per (task, bound, seed): the true MI, the estimate, its standard error, the steps run,
/// the seconds and the warnings.
func presetCheck(
  bounds: [String], dimensions: [Int], levels: [Double], samples: Int, seeds: [UInt64], critic: CriticKind,
  preset: (NeuralBoundKind) -> NeuralPreset = NeuralPreset.recommended(for:)
) {
  for d in dimensions {
    for mi in levels {
      for seed in seeds {
        var generator = SeededGenerator(seed: 1000 + seed)
        let rho = (1 - Foundation.exp(-2 * mi / Double(d))).squareRoot()
        var x = [Double](), y = [Double]()
        for _ in 0..<(samples * d) {
          let (a, e) = (generator.normal(), generator.normal())
          x.append(a)
          y.append(rho * a + (1 - rho * rho).squareRoot() * e)
        }
        let (mx, my) = (Matrix(rows: samples, columns: d, storage: x), Matrix(rows: samples, columns: d, storage: y))
        for name in bounds {
          guard let bound = NeuralBoundKind(rawValue: name) else { fatalError("unknown bound \(name)") }
          // ba's H(X) as the registry's `ba` estimates it.
          let estimator = NeuralEstimator(
            bound: bound, critic: critic, preset: preset(bound), seed: seed,
            entropyEstimator: GaussianReferenceEntropyEstimator(k: 3, referenceSeed: seed &+ 4))
          let start = DispatchTime.now().uptimeNanoseconds
          let line: String
          do {
            let estimate = try estimator.estimate(mx, my)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            func number(_ name: String) -> String {
              switch estimate.parameters.first(where: { $0.name == name })?.value {
              case .real(let v)?: return "\(v)"
              case .integer(let v)?: return "\(v)"
              default: return "null"
              }
            }
            let warnings = estimate.warnings.map { "\"" + $0.description.prefix(40).replacingOccurrences(of: "\"", with: "'") + "\"" }
            line = "{\"bench\": \"presets\", \"bound\": \"\(name)\", \"critic\": \"\(critic.rawValue)\", \"d\": \(d), \"true_mi\": \(mi), \"n\": \(samples), \"seed\": \(seed), \"estimate\": \(estimate.value), \"standard_error\": \(number("standard error")), \"steps\": \(number("steps")), \"best_step\": \(number("best step")), \"seconds\": \(seconds), \"warnings\": [\(warnings.joined(separator: ", "))]}"
          } catch {
            line = "{\"bench\": \"presets\", \"bound\": \"\(name)\", \"critic\": \"\(critic.rawValue)\", \"d\": \(d), \"true_mi\": \(mi), \"n\": \(samples), \"seed\": \(seed), \"error\": \"\(error)\"}"
          }
          FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
      }
    }
  }
}
