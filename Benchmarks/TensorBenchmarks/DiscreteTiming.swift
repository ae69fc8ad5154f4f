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

/// The field of site i of the belief-propagation benchmark, in [−0.1, 0.1), from the same
/// 32-bit hash as `benchmarkChannel` (bit for bit in Benchmarks/belief_propagation_peers.py).
func benchmarkSiteField(_ site: Int) -> Double {
  let h = (UInt32(truncatingIfNeeded: site) &* 2_654_435_761) &+ 12_345
  let mixed = (h ^ (h >> 15)) &* 2_246_822_519
  return 0.2 * (Double(mixed ^ (mixed >> 13)) / 4_294_967_296 - 0.5)
}

/// Loopy belief propagation on a side × side Ising grid (coupling J on every edge, the
/// hashed fields) to a largest message change of `tolerance`: median seconds of
/// `repetitions`, one JSON line.
func benchmarkBeliefPropagation(side: Int, coupling: Double, tolerance: Double, repetitions: Int) {
  let field = try! PairwiseMarkovRandomField.isingGrid(width: side, height: side, coupling: { _, _ in coupling }, field: benchmarkSiteField)
  let solver = BeliefPropagation(tolerance: tolerance, maximumIterations: 10_000)
  var result: BeliefPropagation.Result?
  let times = (0..<repetitions).map { _ in seconds { result = try! solver.run(on: field) } }
  let r = result!
  let magnetization = r.unary.reduce(0.0) { $0 + $1[1] - $1[0] } / Double(r.unary.count)
  print(
    "{\"bench\": \"belief-propagation\", \"implementation\": \"swift\", \"side\": \(side), \"coupling\": \(coupling), \"tolerance\": \(tolerance), "
      + "\"seconds\": \(median(times)), \"iterations\": \(r.iterations), \"converged\": \(r.converged), \"mean_magnetization\": \(magnetization)}")
}
