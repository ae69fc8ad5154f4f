import Foundation

/// The unit of an information value: nats (natural logarithm) or bits (base 2).
public enum InformationUnit: String, Sendable, Codable, CaseIterable {
  /// Natural units, log base e. Every estimator computes in nats.
  case nats
  /// Binary units, log base 2: 1 bit = log 2 nats ≈ 0.693 nats.
  case bits

  /// The value, given in nats, expressed in this unit.
  public func convert(fromNats value: Double) -> Double {
    switch self {
    case .nats: return value
    case .bits: return value / M_LN2
    }
  }
}
