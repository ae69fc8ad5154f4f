import Foundation
import MIDiscrete

/// The benchmark channel of issue 13, the same in Benchmarks/blahut_arimoto_peers.py:
/// W(y | x) ∝ u(x, y) + 0.01 with u from a 32-bit integer hash of (x, y), so both languages
/// build it bit for bit.
func benchmarkChannel(size: Int) -> DiscreteChannel {
  let rows = (0..<size).map { x -> [Double] in
    let raw = (0..<size).map { y -> Double in
      let h = ((UInt32(truncatingIfNeeded: x) &* 2_654_435_761) ^ (UInt32(truncatingIfNeeded: y) &* 40_503)) &+ 12_345
      let mixed = (h ^ (h >> 15)) &* 2_246_822_519
      return Double(mixed ^ (mixed >> 13)) / 4_294_967_296 + 0.01
    }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }
  return try! DiscreteChannel(rows: rows)
}

/// Time to a certified gap of `tolerance` on the size × size benchmark channel: the
/// accelerated and the plain Blahut–Arimoto, median of `repetitions`; one JSON line each.
func benchmarkBlahutArimoto(size: Int, tolerance: Double, repetitions: Int) {
  let channel = benchmarkChannel(size: size)
  for accelerated in [true, false] {
    let solver = ChannelCapacity(tolerance: tolerance, accelerated: accelerated)
    var result: ChannelCapacity.Result?
    let times = (0..<repetitions).map { _ in seconds { result = try! solver.capacity(of: channel) } }
    let r = result!
    print(
      "{\"bench\": \"blahut-arimoto\", \"implementation\": \"swift\", \"variant\": \"\(accelerated ? "accelerated" : "plain")\", \"size\": \(size), \"tolerance\": \(tolerance), "
        + "\"seconds\": \(median(times)), \"iterations\": \(r.iterations), \"capacity\": \(r.capacity), \"gap\": \(r.upperBound - r.capacity), \"converged\": \(r.converged)}")
  }
}
