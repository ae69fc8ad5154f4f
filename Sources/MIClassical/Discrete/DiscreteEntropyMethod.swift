import MIEstimation
import Foundation

/// Estimators of the Shannon entropy H = −Σ p log p of a discrete distribution from the
/// counts of its observed symbols.
public enum DiscreteEntropyMethod: String, Sendable, CaseIterable {
  /// Plug-in (maximum likelihood): Ĥ = −Σ (n_c/N) log(n_c/N). Biased downward by about
  /// (m − 1)/(2N) for m occupied cells, so plug-in MI is biased upward.
  case plugIn = "plugin"
  /// Miller–Madow: the plug-in value plus (m − 1)/(2N), m the number of occupied cells
  /// (Miller 1955). Removes the first-order bias.
  case millerMadow = "miller-madow"
  /// James–Stein shrinkage of the cell frequencies toward the uniform distribution over
  /// K cells, θ̂ˢ = λ/K + (1 − λ) n_c/N with the optimal
  /// λ = (1 − Σ θ̂²) / ((N − 1) Σ (1/K − θ̂)²), clipped to [0, 1]
  /// (Hausser & Strimmer, JMLR 10, 2009). Good in the undersampled regime.
  case jamesStein = "james-stein"
  /// Chao–Shen: coverage-adjusted Horvitz–Thompson estimator, with coverage
  /// C = 1 − f₁/N (f₁ the number of singletons) and p_c = C n_c/N,
  /// Ĥ = −Σ p_c log p_c / (1 − (1 − p_c)ᴺ) (Chao & Shen 2003). Accounts for unseen symbols.
  case chaoShen = "chao-shen"

  /// The entropy in nats of the given cell counts.
  ///
  /// - Parameters:
  ///   - counts: the positive counts of the observed cells.
  ///   - cells: K, the number of possible cells (observed or not), used by James–Stein.
  ///   - shrinkage: λ for James–Stein; computed from `counts` and `cells` when `nil`.
  func entropy(counts: [Int], cells: Double, shrinkage: Double? = nil) -> Double {
    let observed = counts.filter { $0 > 0 }
    let total = Double(observed.reduce(0, +))
    guard total > 0 else { return 0 }
    switch self {
    case .plugIn:
      return Self.plugIn(observed, total)
    case .millerMadow:
      return Self.plugIn(observed, total) + Double(observed.count - 1) / (2 * total)
    case .jamesStein:
      let lambda = shrinkage ?? Self.shrinkageIntensity(counts: observed, cells: cells)
      let target = 1 / cells
      var h = 0.0
      for count in observed {
        let p = lambda * target + (1 - lambda) * Double(count) / total
        if p > 0 { h -= p * log(p) }
      }
      let unobserved = cells - Double(observed.count)
      if unobserved > 0 && lambda > 0 {
        let p = lambda * target
        h -= unobserved * p * log(p)
      }
      return h
    case .chaoShen:
      var singletons = Double(observed.filter { $0 == 1 }.count)
      if singletons == total { singletons = total - 1 }
      let coverage = 1 - singletons / total
      var h = 0.0
      for count in observed {
        let p = coverage * Double(count) / total
        let inclusion = 1 - pow(1 - p, total)
        h -= p * log(p) / inclusion
      }
      return h
    }
  }

  private static func plugIn(_ counts: [Int], _ total: Double) -> Double {
    var h = 0.0
    for count in counts {
      let p = Double(count) / total
      h -= p * log(p)
    }
    return h
  }

  /// The James–Stein shrinkage intensity λ* toward the uniform target 1/K, clipped to [0, 1].
  static func shrinkageIntensity(counts: [Int], cells: Double) -> Double {
    let observed = counts.filter { $0 > 0 }
    let total = Double(observed.reduce(0, +))
    guard total > 1 else { return 1 }
    let target = 1 / cells
    var sumSquares = 0.0
    var distance = 0.0
    for count in observed {
      let p = Double(count) / total
      sumSquares += p * p
      distance += (target - p) * (target - p)
    }
    distance += (cells - Double(observed.count)) * target * target
    guard distance > 0 else { return 1 }
    let lambda = (1 - sumSquares) / ((total - 1) * distance)
    return min(max(lambda, 0), 1)
  }
}
