import Foundation
import MINumerics

/// Belief propagation's storage and sweep for fields whose variables are all binary (Ising
/// models, binary MRFs): each normalized message (m₀, m₁) is stored as its two entries (both
/// kept, so a message as lopsided as (10⁻⁹⁰, 1) keeps its small entry exactly), node v's
/// incoming messages contiguous (its slots, one per incident edge), and slot s's `reverse`
/// the slot where v's message back to that neighbour lives. For the message out of v through
/// slot t, with cavity c(x) = φᵥ(x) Π_{s≠t} m_s(x) and the potential oriented ψ[xᵥ][x_u],
///
///     m_out(x_u) ∝ c₀ψ₀ₓ + c₁ψ₁ₓ,
///
/// the same message as the general sweep's, normalized, and the largest change of m₁ (equal
/// to that of m₀) is the largest change of a message probability. Cavities of nodes with up
/// to 4 edges (grids) are formed in registers, others from prefix and suffix products, and
/// from sums of logarithms where the products would underflow.
struct BinaryMessageGraph: Sendable {
  let nodes: Int
  /// Node v's slots are slotStart[v] ..< slotStart[v + 1].
  let slotStart: [Int]
  /// Where the message opposite to slot s's lives.
  let reverse: [Int32]
  /// (ψ₀₁, ψ₁₁, ψ₀₀, ψ₁₀) of the message out through a slot, ψ oriented
  /// [xᵥ][x_u] and divided by its largest entry: a table of distinct rows, 4 numbers each,
  /// and each slot's row in it (consecutive edges with equal potentials, as in a grid of one
  /// coupling, share rows, so a sweep's working set stays in the cores' caches).
  let coefficients: [Double]
  let coefficientRow: [Int32]
  /// (φ₀, φ₁) of each node, divided by the larger.
  let phi: [Double]
  /// The slot at edge e's first variable (the message from the second) and at its second.
  let edgeSlots: [Int32]
  /// The field's potentials as given: (φᵥ(0), φᵥ(1)) per node; ψ row-major, one per pair of
  /// coefficient rows (edge e's is row coefficientRow[its first slot] / 2).
  let rawUnary: [Double]
  let rawPotentials: [Double]
  let maximumDegree: Int

  /// The graph of `field`, or nil when a variable is not binary.
  init?(_ field: PairwiseMarkovRandomField) {
    guard field.variables.allSatisfy({ $0.count == 2 }), 2 * field.edges.count < Int(Int32.max) else { return nil }
    nodes = field.variables.count
    var start = [Int](repeating: 0, count: nodes + 1)
    for v in 0..<nodes { start[v + 1] = start[v] + field.incidentEdges[v].count }
    let slots = start[nodes]
    var reverse = [Int32](repeating: 0, count: slots)
    var coefficients: [Double] = []
    var coefficientRow = [Int32](repeating: 0, count: slots)
    var last: (potential: (Double, Double, Double, Double), rows: (Int32, Int32))?
    var edgeSlots = [Int32](repeating: 0, count: 2 * field.edges.count)
    var rawPotentials: [Double] = []
    var fill = start
    field.edges.withUnsafeBufferPointer { edges in
      for (e, edge) in edges.enumerated() {
        let (i, j) = (edge.first, edge.second)
        let (si, sj) = (fill[i], fill[j])
        fill[i] += 1
        fill[j] += 1
        (reverse[si], reverse[sj]) = (Int32(sj), Int32(si))
        (edgeSlots[2 * e], edgeSlots[2 * e + 1]) = (Int32(si), Int32(sj))
        let p = edge.potential  // [x_i][x_j]
        if let last, last.potential == (p[0], p[1], p[2], p[3]) {
          (coefficientRow[si], coefficientRow[sj]) = last.rows
          continue
        }
        let top = max(max(p[0], p[1]), max(p[2], p[3]))
        let (a, b, c, d) = (p[0] / top, p[1] / top, p[2] / top, p[3] / top)
        // Out of i through si, oriented [x_i][x_j]; out of j through sj, oriented [x_j][x_i].
        let rows = (Int32(coefficients.count / 4), Int32(coefficients.count / 4 + 1))
        coefficients.append(b)
        coefficients.append(d)
        coefficients.append(a)
        coefficients.append(c)
        coefficients.append(c)
        coefficients.append(d)
        coefficients.append(a)
        coefficients.append(b)
        for value in 0..<4 { rawPotentials.append(p[value]) }
        (coefficientRow[si], coefficientRow[sj]) = rows
        last = ((p[0], p[1], p[2], p[3]), rows)
      }
    }
    var phi = [Double](repeating: 0, count: 2 * nodes)
    var rawUnary = [Double](repeating: 0, count: 2 * nodes)
    for (v, row) in field.unary.enumerated() {
      let top = max(row[0], row[1])
      (phi[2 * v], phi[2 * v + 1]) = (row[0] / top, row[1] / top)
      (rawUnary[2 * v], rawUnary[2 * v + 1]) = (row[0], row[1])
    }
    (self.rawUnary, self.rawPotentials) = (rawUnary, rawPotentials)
    (self.slotStart, self.reverse, self.coefficients, self.coefficientRow) = (start, reverse, coefficients, coefficientRow)
    (self.phi, self.edgeSlots) = (phi, edgeSlots)
    maximumDegree = (0..<nodes).map { start[$0 + 1] - start[$0] }.max() ?? 0
  }

  var slotCount: Int { slotStart[nodes] }

  /// Raw pointers to the arrays, valid inside `withPointers`.
  struct Pointers: @unchecked Sendable {
    let slotStart: UnsafePointer<Int>
    let reverse: UnsafePointer<Int32>
    let coefficients: UnsafePointer<Double>
    let coefficientRow: UnsafePointer<Int32>
    let phi: UnsafePointer<Double>
    let edgeSlots: UnsafePointer<Int32>
    let rawUnary: UnsafePointer<Double>
    let rawPotentials: UnsafePointer<Double>

    /// The cavities (c₀, c₁) of node v for each of its slots, into `cavity` (2 per slot,
    /// unnormalized, not both zero unless the node has no compatible state), from the
    /// incoming messages `m`; `scratch` holds 2·(degree + 1) doubles.
    @inline(__always)
    func cavities(of v: Int, _ m: UnsafePointer<Double>, into cavity: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
      let first = slotStart[v]
      let d = slotStart[v + 1] - first
      // suffix[t] = Π_{s ≥ t} (m₀, m₁) of slot s, then a running prefix from φ.
      scratch[2 * d] = 1
      scratch[2 * d + 1] = 1
      var t = d - 1
      while t >= 0 {
        let (e0, e1) = (m[2 * (first + t)], m[2 * (first + t) + 1])
        scratch[2 * t] = scratch[2 * t + 2] * e0
        scratch[2 * t + 1] = scratch[2 * t + 3] * e1
        t -= 1
      }
      var (prefix0, prefix1) = (phi[2 * v], phi[2 * v + 1])
      var smallest = Double.infinity
      for t in 0..<d {
        let c0 = prefix0 * scratch[2 * t + 2], c1 = prefix1 * scratch[2 * t + 3]
        cavity[2 * t] = c0
        cavity[2 * t + 1] = c1
        smallest = min(smallest, c0 + c1)
        let (e0, e1) = (m[2 * (first + t)], m[2 * (first + t) + 1])
        prefix0 *= e0
        prefix1 *= e1
      }
      if smallest < 1e-250 { logCavities(of: v, m, into: cavity) }
    }

    /// The cavities from sums of logarithms (the rare case of products near underflow: many
    /// small messages).
    func logCavities(of v: Int, _ m: UnsafePointer<Double>, into cavity: UnsafeMutablePointer<Double>) {
      for t in 0..<(slotStart[v + 1] - slotStart[v]) { (cavity[2 * t], cavity[2 * t + 1]) = logProduct(of: v, m, excluding: t) }
    }

    /// φᵥ Π m_s over node v's slots but the t-th (all when `t` is nil), from sums of
    /// logarithms and scaled so that its larger entry is 1; (0, 0) when both are zero.
    func logProduct(of v: Int, _ m: UnsafePointer<Double>, excluding t: Int?) -> (Double, Double) {
      let first = slotStart[v]
      var (l0, l1) = (Foundation.log(phi[2 * v]), Foundation.log(phi[2 * v + 1]))
      for s in 0..<(slotStart[v + 1] - first) where s != t {
        l0 += Foundation.log(m[2 * (first + s)])
        l1 += Foundation.log(m[2 * (first + s) + 1])
      }
      let top = max(l0, l1)
      return top == -.infinity ? (0, 0) : (Foundation.exp(l0 - top), Foundation.exp(l1 - top))
    }

    /// Updates the messages out of nodes `range` from `old` into `new`; returns the largest
    /// change. Nodes of up to 4 edges (grids) form their cavities in registers.
    func sweep(
      _ range: Range<Int>, _ old: UnsafePointer<Double>, into new: UnsafeMutablePointer<Double>, damping: Double,
      scratch: UnsafeMutablePointer<Double>, cavity: UnsafeMutablePointer<Double>
    ) -> Double {
      var residual = 0.0
      for v in range {
        let first = slotStart[v]
        let d = slotStart[v + 1] - first
        if d <= 4 {
          // (m₀, m₁) of each incoming message, padded with (1, 1).
          var (a0, b0, c0, d0) = (1.0, 1.0, 1.0, 1.0)
          var (a1, b1, c1, d1) = (1.0, 1.0, 1.0, 1.0)
          let m = old + 2 * first
          if d > 0 { (a0, a1) = (m[0], m[1]) }
          if d > 1 { (b0, b1) = (m[2], m[3]) }
          if d > 2 { (c0, c1) = (m[4], m[5]) }
          if d > 3 { (d0, d1) = (m[6], m[7]) }
          let (f0, f1) = (phi[2 * v], phi[2 * v + 1])
          let (ab0, cd0, ab1, cd1) = (f0 * a0 * b0, c0 * d0, f1 * a1 * b1, c1 * d1)
          let x0 = (f0 * b0 * cd0, f0 * a0 * cd0, ab0 * d0, ab0 * c0)
          let x1 = (f1 * b1 * cd1, f1 * a1 * cd1, ab1 * d1, ab1 * c1)
          if min(min(x0.0 + x1.0, x0.1 + x1.1), min(x0.2 + x1.2, x0.3 + x1.3)) < 1e-250 {
            // A cavity near underflow: the general path, which falls back to logarithms.
            cavities(of: v, old, into: cavity, scratch: scratch)
            for t in 0..<d { residual = larger(residual, send(first + t, cavity[2 * t], cavity[2 * t + 1], old, new, damping)) }
            continue
          }
          if d == 4 {
            let (r0, r1) = (send(first, x0.0, x1.0, old, new, damping), send(first + 1, x0.1, x1.1, old, new, damping))
            let (r2, r3) = (send(first + 2, x0.2, x1.2, old, new, damping), send(first + 3, x0.3, x1.3, old, new, damping))
            residual = larger(residual, larger(larger(r0, r1), larger(r2, r3)))
            continue
          }
          if d > 0 { residual = larger(residual, send(first, x0.0, x1.0, old, new, damping)) }
          if d > 1 { residual = larger(residual, send(first + 1, x0.1, x1.1, old, new, damping)) }
          if d > 2 { residual = larger(residual, send(first + 2, x0.2, x1.2, old, new, damping)) }
          continue
        }
        cavities(of: v, old, into: cavity, scratch: scratch)
        for t in 0..<d { residual = larger(residual, send(first + t, cavity[2 * t], cavity[2 * t + 1], old, new, damping)) }
      }
      return residual
    }

    /// The larger of two changes (one instruction; the changes are never NaN: messages are
    /// probabilities).
    @inline(__always)
    func larger(_ a: Double, _ b: Double) -> Double { a > b ? a : b }

    /// The message out through `slot` from the cavity (c₀, c₁), damped, written where it
    /// lives; returns the change of its m₁.
    @inline(__always)
    func send(
      _ slot: Int, _ c0: Double, _ c1: Double, _ old: UnsafePointer<Double>, _ new: UnsafeMutablePointer<Double>, _ damping: Double
    ) -> Double {
      let k = coefficients + 4 * Int(coefficientRow[slot])
      var (n0, n1) = (c0 * k[2] + c1 * k[3], c0 * k[0] + c1 * k[1])
      if !(n0 + n1 > 1e-250) { (n0, n1) = smallCavityEntries(slot, c0, c1) }
      let scale = 1 / (n0 + n1)
      var (m0, m1) = (n0 * scale, n1 * scale)
      let target = 2 * Int(reverse[slot])
      let previous = old[target + 1]
      if damping != 0 { (m0, m1) = ((1 - damping) * m0 + damping * old[target], (1 - damping) * m1 + damping * previous) }
      (new[target], new[target + 1]) = (m0, m1)
      return (m1 - previous).magnitude
    }

    /// The unnormalized message entries from a cavity near underflow, rescaled before they
    /// are formed; (1, 1), a uniform message, from a cavity that is zero everywhere (no
    /// compatible state).
    func smallCavityEntries(_ slot: Int, _ c0: Double, _ c1: Double) -> (Double, Double) {
      let top = max(c0, c1)
      guard top > 0 else { return (1, 1) }
      let (s0, s1) = (c0 / top, c1 / top)
      let k = coefficients + 4 * Int(coefficientRow[slot])
      let (n0, n1) = (s0 * k[2] + s1 * k[3], s0 * k[0] + s1 * k[1])
      return n0 + n1 > 0 ? (n0, n1) : (1, 1)
    }
  }


  func withPointers<R>(_ body: (Pointers) -> R) -> R {
    func base<T>(_ buffer: UnsafeBufferPointer<T>) -> UnsafePointer<T> { buffer.baseAddress ?? UnsafePointer(bitPattern: 8)! }
    return slotStart.withUnsafeBufferPointer { slotStart in
      reverse.withUnsafeBufferPointer { reverse in
        coefficients.withUnsafeBufferPointer { coefficients in
          coefficientRow.withUnsafeBufferPointer { coefficientRow in
            phi.withUnsafeBufferPointer { phi in
              edgeSlots.withUnsafeBufferPointer { edgeSlots in
                rawUnary.withUnsafeBufferPointer { rawUnary in
                  rawPotentials.withUnsafeBufferPointer { rawPotentials in
                    body(Pointers(
                      slotStart: base(slotStart), reverse: base(reverse), coefficients: base(coefficients), coefficientRow: base(coefficientRow),
                      phi: base(phi), edgeSlots: base(edgeSlots), rawUnary: base(rawUnary), rawPotentials: base(rawPotentials)))
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Uniform messages, (1/2, 1/2) everywhere.
  func uniformMessages() -> [Double] { [Double](repeating: 0.5, count: 2 * slotCount) }

  /// The node ranges of `parts` contiguous blocks with about equal numbers of slots.
  func blocks(_ parts: Int) -> [Range<Int>] {
    guard parts > 1, nodes > 0 else { return [0..<nodes] }
    var result: [Range<Int>] = []
    var lower = 0
    for part in 1...parts {
      let goal = slotCount * part / parts
      var upper = lower
      while upper < nodes, slotStart[upper + 1] <= goal || upper == lower { upper += 1 }
      if part == parts { upper = nodes }
      result.append(lower..<upper)
      lower = upper
    }
    return result.filter { !$0.isEmpty }
  }

  /// Node beliefs (bᵥ(0), bᵥ(1)) and edge beliefs bᵢⱼ (4 per edge, row-major [x_i][x_j])
  /// from the messages, and the Bethe free energy of those beliefs (`BetheFreeEnergy`'s
  /// formula on the field's own potentials),
  ///
  ///     F = Σ_{(i,j)} Σ bᵢⱼ log(bᵢⱼ / ψᵢⱼ) − Σᵥ Σ bᵥ log φᵥ − Σᵥ (dᵥ − 1) Σ bᵥ log bᵥ,
  ///
  /// the nodes and then the edges split over `parts` blocks.
  func beliefs(_ messages: UnsafePointer<Double>, parts: Int) -> (unary: [Double], pairwise: [Double], betheFreeEnergy: Double) {
    let edges = edgeSlots.count / 2
    let nodeBlocks = blocks(parts)
    let edgeBlocks = (0..<parts).map { edges * $0 / parts..<edges * ($0 + 1) / parts }
    let width = 2 * (maximumDegree + 1)
    let cavities = UnsafeMutablePointer<Double>.allocate(capacity: max(2 * slotCount, 1))
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(nodeBlocks.count, edgeBlocks.count))
    defer {
      cavities.deallocate()
      sums.deallocate()
    }
    let (cavity, sum, m) = (SharedBuffer(cavities), SharedBuffer(sums), SharedBuffer(UnsafeMutablePointer(mutating: messages)))
    return withPointers { pointers in
      let unary = [Double](unsafeUninitializedCapacity: 2 * nodes) { buffer, count in
        let node = SharedBuffer(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        parallelTasks(nodeBlocks.count) { b in
          let scratch = UnsafeMutablePointer<Double>.allocate(capacity: width)
          defer { scratch.deallocate() }
          sum.base[b] = pointers.nodeBeliefs(nodeBlocks[b], m.base, cavities: cavity.base, beliefs: node.base, scratch: scratch)
        }
        count = 2 * nodes
      }
      var energy = (0..<nodeBlocks.count).reduce(0.0) { $0 + sum.base[$1] }
      let pairwise = [Double](unsafeUninitializedCapacity: 4 * edges) { buffer, count in
        let pair = SharedBuffer(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        parallelTasks(edgeBlocks.count) { b in sum.base[b] = pointers.edgeBeliefs(edgeBlocks[b], cavities: cavity.base, beliefs: pair.base) }
        count = 4 * edges
      }
      energy += (0..<edgeBlocks.count).reduce(0.0) { $0 + sum.base[$1] }
      return (unary, pairwise, energy)
    }
  }
}

extension BinaryMessageGraph.Pointers {
  /// Node beliefs of `range` (and each slot's cavity into `cavities`); returns their part of
  /// the free energy, −Σ bᵥ log φᵥ − (dᵥ − 1) Σ bᵥ log bᵥ.
  func nodeBeliefs(
    _ range: Range<Int>, _ m: UnsafePointer<Double>, cavities store: UnsafeMutablePointer<Double>, beliefs: UnsafeMutablePointer<Double>,
    scratch: UnsafeMutablePointer<Double>
  ) -> Double {
    var value = 0.0
    for v in range {
      let first = slotStart[v]
      let d = slotStart[v + 1] - first
      cavities(of: v, m, into: store + 2 * first, scratch: scratch)
      // The node's belief: any slot's cavity times that slot's message (φ alone if none).
      var (b0, b1) = (phi[2 * v], phi[2 * v + 1])
      if d > 0 {
        let (e0, e1) = (m[2 * first], m[2 * first + 1])
        (b0, b1) = (store[2 * first] * e0, store[2 * first + 1] * e1)
        if !(b0 + b1 > 1e-250) { (b0, b1) = logProduct(of: v, m, excluding: nil) }
      }
      let total = b0 + b1
      (b0, b1) = total > 0 ? (b0 / total, b1 / total) : (0.5, 0.5)
      (beliefs[2 * v], beliefs[2 * v + 1]) = (b0, b1)
      // −b log φ − (d − 1) b log b for each outcome.
      if b0 > 0 { value -= rawUnary[2 * v] > 0 ? b0 * (Foundation.log(rawUnary[2 * v]) + Double(d - 1) * Foundation.log(b0)) : -.infinity }
      if b1 > 0 { value -= rawUnary[2 * v + 1] > 0 ? b1 * (Foundation.log(rawUnary[2 * v + 1]) + Double(d - 1) * Foundation.log(b1)) : -.infinity }
    }
    return value
  }

  /// Edge beliefs of `range` from the cavities at both ends; returns their part of the
  /// free energy, Σ bᵢⱼ log(bᵢⱼ / ψᵢⱼ).
  func edgeBeliefs(_ range: Range<Int>, cavities: UnsafePointer<Double>, beliefs: UnsafeMutablePointer<Double>) -> Double {
    var value = 0.0
    for e in range {
      let (si, sj) = (Int(edgeSlots[2 * e]), Int(edgeSlots[2 * e + 1]))
      let (ci0, ci1, cj0, cj1) = (cavities[2 * si], cavities[2 * si + 1], cavities[2 * sj], cavities[2 * sj + 1])
      let psi = rawPotentials + 4 * (Int(coefficientRow[si]) / 2)
      let b = (psi[0] * ci0 * cj0, psi[1] * ci0 * cj1, psi[2] * ci1 * cj0, psi[3] * ci1 * cj1)
      let total = b.0 + b.1 + b.2 + b.3
      let scale = total > 0 ? 1 / total : 0
      let normalized = total > 0 ? (b.0 * scale, b.1 * scale, b.2 * scale, b.3 * scale) : (0.25, 0.25, 0.25, 0.25)
      let out = beliefs + 4 * e
      (out[0], out[1], out[2], out[3]) = normalized
      // −b log ψ (energy) and b log b (−entropy) in one logarithm.
      for x in 0..<4 where out[x] > 0 { value += psi[x] > 0 ? out[x] * Foundation.log(out[x] / psi[x]) : .infinity }
    }
    return value
  }
}

/// A buffer that parallel blocks read, or write at disjoint places (Sendable by that contract).
struct SharedBuffer: @unchecked Sendable {
  let base: UnsafeMutablePointer<Double>
  init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}
