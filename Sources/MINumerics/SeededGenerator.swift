/// A fast, seeded, reproducible random number generator: xoshiro256** (Blackman & Vigna 2018),
/// its state filled from the seed by SplitMix64.
///
/// The same seed gives the same sequence on every platform and in every build mode, so
/// every random result of the toolkit (tie-breaking noise, permutations, bootstrap
/// resamples, samplers) reproduces from its recorded seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole sequence is determined by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = next()
    s1 = next()
    s2 = next()
    s3 = next()
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// A uniform value in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform value in [lower, upper).
  public mutating func uniform(in lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * uniform()
  }

  /// A standard normal value, by the Marsaglia polar method.
  public mutating func normal() -> Double {
    normalPair().0
  }

  /// Two independent standard normal values from one draw of the Marsaglia polar method.
  public mutating func normalPair() -> (Double, Double) {
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let scale = (-2 * _log(s) / s).squareRoot()
        return (u * scale, v * scale)
      }
    }
  }

  /// A uniform integer in 0..<upperBound (unbiased, by Lemire's multiply-and-reject method).
  public mutating func integer(below upperBound: Int) -> Int {
    if !(upperBound > 0) { ContractViolation.trap("integer(below:) needs a positive bound, got \(upperBound)") }
    let bound = UInt64(upperBound)
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
    }
    return Int(product.high)
  }

  /// A uniformly random permutation of 0..<count (Fisher–Yates).
  public mutating func permutation(of count: Int) -> [Int] {
    var result = Array(0..<count)
    shuffle(&result)
    return result
  }

  /// Shuffles `array` in place, uniformly (Fisher–Yates), reproducibly from this generator.
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      let j = integer(below: i + 1)
      array.swapAt(i, j)
    }
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
#elseif canImport(Darwin)
  import Darwin
  @inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
#else
  import Foundation
  @inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
#endif
