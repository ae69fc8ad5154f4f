import Foundation
import MINumerics

/// Loopy sum-product belief propagation on a `PairwiseMarkovRandomField` (Pearl 1988;
/// Yedidia, Freeman & Weiss 2005), with damping, on flat message storage in the probability
/// domain (each message normalized; a node's cavity products formed by prefix and suffix
/// products, O(degree) per node).
///
/// Each iteration updates every message at once from the last ones:
///
///     m_{i→j}(xⱼ) ∝ Σ_{xᵢ} φᵢ(xᵢ) ψᵢⱼ(xᵢ, xⱼ) Π_{k ∈ N(i)∖j} m_{k→i}(xᵢ),
///
/// normalized to sum to 1, then mixed with the previous message, m ← (1 − α)·m_new + α·m_old
/// (α = `damping`). It stops when no message moves by more than `tolerance` (the largest
/// change of a message probability) or after `maximumIterations`, and reports which, with
/// the residual of every iteration. On a tree it converges to the exact marginals and its
/// Bethe free energy to −log Z; on graphs with loops it may oscillate (damping helps) or
/// converge to a fixed point of the Bethe free energy.
public struct BeliefPropagation: Sendable {
  /// α, the weight of the previous message, in [0, 1).
  public var damping: Double
  /// The largest message change at which to stop.
  public var tolerance: Double
  /// The most iterations.
  public var maximumIterations: Int

  /// Belief propagation with damping α (default 0), stopping at a largest message change of
  /// `tolerance` (default 10⁻⁹) or after `maximumIterations` (default 1,000).
  public init(damping: Double = 0, tolerance: Double = 1e-9, maximumIterations: Int = 1000) {
    self.damping = damping
    self.tolerance = tolerance
    self.maximumIterations = maximumIterations
  }

  /// The beliefs and how the run went.
  public struct Result: Sendable {
    /// bᵢ(xᵢ) of each variable.
    public var unary: [[Double]] {
      get { tables.unary }
      set { tables = BeliefTables(unary: newValue, pairwise: tables.pairwise) }
    }
    /// bᵢⱼ(xᵢ, xⱼ) of each edge, row-major as the edge's potential.
    public var pairwise: [[Double]] {
      get { tables.pairwise }
      set { tables = BeliefTables(unary: tables.unary, pairwise: newValue) }
    }
    /// Whether the largest message change fell to `tolerance`.
    public var converged: Bool
    /// The iterations run.
    public var iterations: Int
    /// The largest message change at each iteration.
    public var residuals: [Double]
    /// The Bethe free energy of the beliefs (−log Z on a tree at convergence).
    public var betheFreeEnergy: Double
    var tables: BeliefTables

    init(tables: BeliefTables, converged: Bool, iterations: Int, residuals: [Double], betheFreeEnergy: Double) {
      (self.tables, self.converged, self.iterations, self.residuals, self.betheFreeEnergy) = (tables, converged, iterations, residuals, betheFreeEnergy)
    }
  }

  /// Beliefs in flat storage (a fixed number of outcomes per variable and per edge), made
  /// into one array per variable and edge on first use: a run on a large binary field
  /// allocates two arrays, not one per variable and edge, unless the nested form is read.
  final class BeliefTables: @unchecked Sendable {
    private let lock = NSLock()
    private var unaryCache: [[Double]]?
    private var pairwiseCache: [[Double]]?
    private let flat: (unary: [Double], unaryWidth: Int, pairwise: [Double], pairwiseWidth: Int)?

    init(unary: [[Double]], pairwise: [[Double]]) {
      (unaryCache, pairwiseCache, flat) = (unary, pairwise, nil)
    }

    init(flatUnary: [Double], width: Int, flatPairwise: [Double], pairWidth: Int) {
      flat = (flatUnary, width, flatPairwise, pairWidth)
    }

    var unary: [[Double]] { nested(\.unaryCache, flat.map { ($0.unary, $0.unaryWidth) }) }
    var pairwise: [[Double]] { nested(\.pairwiseCache, flat.map { ($0.pairwise, $0.pairwiseWidth) }) }

    /// The cached nested arrays, made from `values` rows of `width` on first use.
    private func nested(_ cache: ReferenceWritableKeyPath<BeliefTables, [[Double]]?>, _ source: ([Double], Int)?) -> [[Double]] {
      lock.withLock {
        if let cached = self[keyPath: cache] { return cached }
        let (values, width) = source!
        let rows = stride(from: 0, to: values.count, by: width).map { Array(values[$0..<($0 + width)]) }
        self[keyPath: cache] = rows
        return rows
      }
    }
  }

  /// Runs belief propagation on `field` from uniform messages.
  ///
  /// - Throws: for a damping outside [0, 1), a tolerance that is negative or not finite,
  ///   or no iterations.
  public func run(on field: PairwiseMarkovRandomField) throws(DiscreteDistributionError) -> Result {
    guard damping >= 0, damping < 1 else { throw .invalidParameter(name: "damping", value: "\(damping)", reason: "must lie in [0, 1)") }
    guard tolerance >= 0, tolerance.isFinite else { throw .invalidParameter(name: "tolerance", value: "\(tolerance)", reason: "must be a finite number ≥ 0") }
    guard maximumIterations >= 1 else { throw .invalidParameter(name: "maximum iterations", value: "\(maximumIterations)", reason: "must be at least 1") }
    if let binary = BinaryMessageGraph(field) { return run(binary, field) }
    let graph = MessageGraph(field)
    var messages = graph.uniformMessages()
    var next = messages
    var residuals: [Double] = []
    var converged = false
    var iteration = 0
    let scratchSize = graph.scratchSize
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * scratchSize)
    defer { scratch.deallocate() }
    while iteration < maximumIterations {
      iteration += 1
      let residual = messages.withUnsafeBufferPointer { old in
        next.withUnsafeMutableBufferPointer { new in
          graph.withPointers { pointers in
            pointers.sweep(old.baseAddress!, into: new.baseAddress!, damping: damping, scratch: scratch)
          }
        }
      }
      swap(&messages, &next)
      residuals.append(residual)
      if residual <= tolerance {
        converged = true
        break
      }
    }
    // Beliefs from the last messages: each node's product, each edge's two cavities.
    let beliefs = messages.withUnsafeBufferPointer { graph.beliefs($0.baseAddress!, scratch: scratch) }
    let energy = BetheFreeEnergy.value(of: field, unary: beliefs.unary, pairwise: beliefs.pairwise)
    return Result(
      tables: BeliefTables(unary: beliefs.unary, pairwise: beliefs.pairwise), converged: converged, iterations: iteration,
      residuals: residuals, betheFreeEnergy: energy)
  }

  /// The run on a field of binary variables (one number per message), the sweep split over
  /// the cores in blocks of about equal numbers of messages when the field is large.
  private func run(_ graph: BinaryMessageGraph, _ field: PairwiseMarkovRandomField) -> Result {
    var messages = graph.uniformMessages()
    var next = messages
    var residuals: [Double] = []
    var converged = false
    var iteration = 0
    let blocks = graph.slotCount >= 8192 ? graph.blocks(parallelWidth) : graph.blocks(1)
    let width = 2 * (graph.maximumDegree + 1)
    let buffers = UnsafeMutablePointer<Double>.allocate(capacity: 2 * width * blocks.count)
    defer { buffers.deallocate() }
    let largest = SharedBuffer(UnsafeMutablePointer<Double>.allocate(capacity: blocks.count))
    defer { largest.base.deallocate() }
    let (damping, scratch) = (self.damping, SharedBuffer(buffers))
    while iteration < maximumIterations {
      iteration += 1
      let residual = messages.withUnsafeBufferPointer { old in
        next.withUnsafeMutableBufferPointer { new in
          graph.withPointers { pointers in
            let (from, to) = (SharedBuffer(UnsafeMutablePointer(mutating: old.baseAddress!)), SharedBuffer(new.baseAddress!))
            if blocks.count == 1 {
              return pointers.sweep(blocks[0], from.base, into: to.base, damping: damping, scratch: scratch.base, cavity: scratch.base + width)
            }
            parallelTasks(blocks.count) { b in
              let own = scratch.base + 2 * width * b
              largest.base[b] = pointers.sweep(blocks[b], from.base, into: to.base, damping: damping, scratch: own, cavity: own + width)
            }
            return (0..<blocks.count).reduce(0.0) { max($0, largest.base[$1]) }
          }
        }
      }
      swap(&messages, &next)
      residuals.append(residual)
      if residual <= tolerance {
        converged = true
        break
      }
    }
    let beliefs = messages.withUnsafeBufferPointer { graph.beliefs($0.baseAddress!, parts: blocks.count) }
    return Result(
      tables: BeliefTables(flatUnary: beliefs.unary, width: 2, flatPairwise: beliefs.pairwise, pairWidth: 4), converged: converged,
      iterations: iteration, residuals: residuals, betheFreeEnergy: beliefs.betheFreeEnergy)
  }

  /// Values divided by their sum.
  static func normalizedProbabilities(_ values: [Double]) -> [Double] {
    let total = values.reduce(0, +)
    return values.map { $0 / total }
  }

  /// The messages of a field in flat storage, in the probability domain (each message sums
  /// to 1, so a node's product of a few incoming messages neither overflows nor underflows;
  /// longer products are rescaled as they are formed), with each node's slots laid out in
  /// compressed rows: for slot s of node v (one per incident edge), the offset of the
  /// message coming in, of the message going out, and of the potential oriented
  /// [xᵥ][x_u].
  struct MessageGraph {
    let field: PairwiseMarkovRandomField
    let sizes: [Int]
    /// Node v's slots are slotStart[v] ..< slotStart[v + 1].
    let slotStart: [Int]
    let incoming: [Int]
    let outgoing: [Int]
    let potentialOffset: [Int]
    let neighbourSize: [Int]
    /// φ of each node (divided by its largest entry), at unaryOffset[v].
    let unaryOffset: [Int]
    let unary: [Double]
    /// Oriented potentials (divided by their largest entry), both orientations of each edge.
    let potentials: [Double]
    /// Where edge e's message into its second (first) variable lives.
    let intoSecond: [Int]
    let intoFirst: [Int]
    let messageCount: Int
    let scratchSize: Int

    init(_ field: PairwiseMarkovRandomField) {
      self.field = field
      let sizes = field.variables.map(\.count)
      self.sizes = sizes
      var (second, first, offset) = ([Int](), [Int](), 0)
      for edge in field.edges {
        second.append(offset)
        offset += sizes[edge.second]
        first.append(offset)
        offset += sizes[edge.first]
      }
      (intoSecond, intoFirst, messageCount) = (second, first, offset)
      var potentials: [Double] = []
      var forward: [Int] = []  // edge e oriented [x_first][x_second]
      var backward: [Int] = []  // oriented [x_second][x_first]
      for edge in field.edges {
        let (ki, kj) = (sizes[edge.first], sizes[edge.second])
        let top = edge.potential.max()!
        forward.append(potentials.count)
        potentials += edge.potential.map { $0 / top }
        backward.append(potentials.count)
        for b in 0..<kj { for a in 0..<ki { potentials.append(edge.potential[a * kj + b] / top) } }
      }
      self.potentials = potentials
      var (start, incoming, outgoing, potentialOffset, neighbourSize) = ([0], [Int](), [Int](), [Int](), [Int]())
      for v in 0..<sizes.count {
        for e in field.incidentEdges[v] {
          let edge = field.edges[e]
          if edge.first == v {
            incoming.append(first[e])
            outgoing.append(second[e])
            potentialOffset.append(forward[e])
            neighbourSize.append(sizes[edge.second])
          } else {
            incoming.append(second[e])
            outgoing.append(first[e])
            potentialOffset.append(backward[e])
            neighbourSize.append(sizes[edge.first])
          }
        }
        start.append(incoming.count)
      }
      (slotStart, self.incoming, self.outgoing, self.potentialOffset, self.neighbourSize) = (start, incoming, outgoing, potentialOffset, neighbourSize)
      var unaryOffset: [Int] = []
      var unary: [Double] = []
      for row in field.unary {
        unaryOffset.append(unary.count)
        let top = row.max()!
        unary += row.map { $0 / top }
      }
      (self.unaryOffset, self.unary) = (unaryOffset, unary)
      scratchSize = (sizes.max() ?? 1) * ((field.incidentEdges.map(\.count).max() ?? 0) + 2)
    }

    func uniformMessages() -> [Double] {
      var messages = [Double](repeating: 0, count: messageCount)
      for (e, edge) in field.edges.enumerated() {
        for x in 0..<sizes[edge.second] { messages[intoSecond[e] + x] = 1 / Double(sizes[edge.second]) }
        for x in 0..<sizes[edge.first] { messages[intoFirst[e] + x] = 1 / Double(sizes[edge.first]) }
      }
      return messages
    }

    /// The index arrays, the unary tables and the oriented potentials as raw pointers, for
    /// the inner loops (array accesses there cost bounds checks and reference counting).
    struct Pointers {
      let nodes: Int
      let sizes: UnsafePointer<Int>
      let slotStart: UnsafePointer<Int>
      let unaryOffset: UnsafePointer<Int>
      let incoming: UnsafePointer<Int>
      let outgoing: UnsafePointer<Int>
      let potentialOffset: UnsafePointer<Int>
      let neighbourSize: UnsafePointer<Int>
      let unary: UnsafePointer<Double>
      let potentials: UnsafePointer<Double>
      let scratchSize: Int

      /// For node v: prefix[t] = φ Π_{s < t} m_s and suffix[t] = Π_{s ≥ t} m_s (rescaled when
      /// they approach underflow), so that slot t's cavity is prefix[t] · suffix[t + 1].
      @inline(__always)
      func products(of v: Int, _ m: UnsafePointer<Double>, _ prefix: UnsafeMutablePointer<Double>, _ suffix: UnsafeMutablePointer<Double>) {
        let k = sizes[v]
        let first = slotStart[v]
        let d = slotStart[v + 1] - first
        let phi = unary + unaryOffset[v]
        for o in 0..<k {
          prefix[o] = phi[o]
          suffix[d * k + o] = 1
        }
        for t in 0..<d {
          let source = m + incoming[first + t]
          var top = 0.0
          for o in 0..<k {
            let value = prefix[t * k + o] * source[o]
            prefix[(t + 1) * k + o] = value
            top = max(top, value)
          }
          if top > 0, top < 1e-100 { for o in 0..<k { prefix[(t + 1) * k + o] /= top } }
        }
        var t = d - 1
        while t >= 0 {
          let source = m + incoming[first + t]
          var top = 0.0
          for o in 0..<k {
            let value = suffix[(t + 1) * k + o] * source[o]
            suffix[t * k + o] = value
            top = max(top, value)
          }
          if top > 0, top < 1e-100 { for o in 0..<k { suffix[t * k + o] /= top } }
          t -= 1
        }
      }

      /// One synchronous update of every message from `old` into `new`; returns the largest
      /// change of a message probability.
      func sweep(_ old: UnsafePointer<Double>, into new: UnsafeMutablePointer<Double>, damping: Double, scratch: UnsafeMutablePointer<Double>) -> Double {
        let prefix = scratch
        let suffix = scratch + scratchSize
        var residual = 0.0
        for v in 0..<nodes {
          let k = sizes[v]
          if k == 2, binaryNeighbourhood(v) {
            residual = max(residual, sweepBinary(v, old, into: new, damping: damping))
            continue
          }
          products(of: v, old, prefix, suffix)
          let first = slotStart[v]
          for t in 0..<(slotStart[v + 1] - first) {
            let slot = first + t
            let target = neighbourSize[slot]
            let out = new + outgoing[slot]
            let previous = old + outgoing[slot]
            let table = potentials + potentialOffset[slot]
            for x in 0..<target { out[x] = 0 }
            for o in 0..<k {
              let cavity = prefix[t * k + o] * suffix[(t + 1) * k + o]
              let row = table + o * target
              for x in 0..<target { out[x] += cavity * row[x] }
            }
            var total = 0.0
            for x in 0..<target { total += out[x] }
            // A cavity that is zero everywhere (no compatible state) sends a uniform message.
            let (scale, uniform) = total > 0 ? (1 / total, 0.0) : (0.0, 1 / Double(target))
            for x in 0..<target {
              let fresh = out[x] * scale + uniform
              let value = damping == 0 ? fresh : (1 - damping) * fresh + damping * previous[x]
              residual = max(residual, abs(value - previous[x]))
              out[x] = value
            }
          }
        }
        return residual
      }

      /// Whether node v and all its neighbours are binary and v has at most 8 edges: the case
      /// of Ising models, updated by `sweepBinary` without inner loops.
      @inline(__always)
      func binaryNeighbourhood(_ v: Int) -> Bool {
        let (first, last) = (slotStart[v], slotStart[v + 1])
        guard last - first <= 8 else { return false }
        for slot in first..<last where neighbourSize[slot] != 2 { return false }
        return true
      }

      /// The messages out of binary node v (binary neighbours, at most 8 edges): each
      /// cavity φ Π_{s ≠ t} m_s formed directly, then through the 2 × 2 potential.
      @inline(__always)
      func sweepBinary(_ v: Int, _ old: UnsafePointer<Double>, into new: UnsafeMutablePointer<Double>, damping: Double) -> Double {
        let first = slotStart[v]
        let d = slotStart[v + 1] - first
        let phi = unary + unaryOffset[v]
        var m0 = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var m1 = m0
        withUnsafeMutableBytes(of: &m0) { raw0 in
          withUnsafeMutableBytes(of: &m1) { raw1 in
            let (a, b) = (raw0.baseAddress!.assumingMemoryBound(to: Double.self), raw1.baseAddress!.assumingMemoryBound(to: Double.self))
            for t in 0..<d {
              let source = old + incoming[first + t]
              (a[t], b[t]) = (source[0], source[1])
            }
          }
        }
        var residual = 0.0
        withUnsafeBytes(of: &m0) { raw0 in
          withUnsafeBytes(of: &m1) { raw1 in
            let (a, b) = (raw0.baseAddress!.assumingMemoryBound(to: Double.self), raw1.baseAddress!.assumingMemoryBound(to: Double.self))
            for t in 0..<d {
              var (c0, c1) = (phi[0], phi[1])
              for s in 0..<d where s != t {
                c0 *= a[s]
                c1 *= b[s]
              }
              if c0 + c1 < 1e-200, c0 + c1 > 0 {
                let scale = 1 / (c0 + c1)
                (c0, c1) = (c0 * scale, c1 * scale)
              }
              let slot = first + t
              let table = potentials + potentialOffset[slot]
              var x0 = c0 * table[0] + c1 * table[2]
              var x1 = c0 * table[1] + c1 * table[3]
              let total = x0 + x1
              if total > 0 {
                let scale = 1 / total
                (x0, x1) = (x0 * scale, x1 * scale)
              } else {
                (x0, x1) = (0.5, 0.5)
              }
              let previous = old + outgoing[slot]
              if damping != 0 {
                x0 = (1 - damping) * x0 + damping * previous[0]
                x1 = (1 - damping) * x1 + damping * previous[1]
              }
              residual = max(residual, max(abs(x0 - previous[0]), abs(x1 - previous[1])))
              let out = new + outgoing[slot]
              (out[0], out[1]) = (x0, x1)
            }
          }
        }
        return residual
      }
    }

    /// Calls `body` with the graph's arrays as raw pointers.
    func withPointers<R>(_ body: (Pointers) -> R) -> R {
      sizes.withUnsafeBufferPointer { sizes in
        slotStart.withUnsafeBufferPointer { slotStart in
          unaryOffset.withUnsafeBufferPointer { unaryOffset in
            incoming.withUnsafeBufferPointer { incoming in
              outgoing.withUnsafeBufferPointer { outgoing in
                potentialOffset.withUnsafeBufferPointer { potentialOffset in
                  neighbourSize.withUnsafeBufferPointer { neighbourSize in
                    unary.withUnsafeBufferPointer { unary in
                      potentials.withUnsafeBufferPointer { potentials in
                        body(Pointers(
                          nodes: sizes.count, sizes: sizes.baseAddress!, slotStart: slotStart.baseAddress!,
                          unaryOffset: unaryOffset.baseAddress!, incoming: incoming.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                          outgoing: outgoing.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                          potentialOffset: potentialOffset.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                          neighbourSize: neighbourSize.baseAddress ?? UnsafePointer(bitPattern: 8)!, unary: unary.baseAddress!,
                          potentials: potentials.baseAddress ?? UnsafePointer(bitPattern: 8)!, scratchSize: scratchSize))
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    /// Node beliefs bᵥ ∝ φ Π m and edge beliefs bᵢⱼ ∝ ψ · cavityᵢ · cavityⱼ (each cavity
    /// stored where the message it excludes lives).
    func beliefs(_ m: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> (unary: [[Double]], pairwise: [[Double]]) {
      var products = [Double](repeating: 0, count: unary.count)
      var cavities = [Double](repeating: 0, count: messageCount)
      withPointers { pointers in
        let prefix = scratch
        let suffix = scratch + scratchSize
        for v in 0..<sizes.count {
          let k = sizes[v]
          pointers.products(of: v, m, prefix, suffix)
          let first = slotStart[v]
          let d = slotStart[v + 1] - first
          for o in 0..<k { products[unaryOffset[v] + o] = prefix[d * k + o] }
          for t in 0..<d {
            for o in 0..<k { cavities[incoming[first + t] + o] = prefix[t * k + o] * suffix[(t + 1) * k + o] }
          }
        }
      }
      let unaryBeliefs = (0..<sizes.count).map { v in
        BeliefPropagation.normalizedProbabilities(Array(products[unaryOffset[v]..<(unaryOffset[v] + sizes[v])]))
      }
      let pairwise = field.edges.enumerated().map { e, edge in
        let kj = sizes[edge.second]
        let (ci, cj) = (intoFirst[e], intoSecond[e])
        return BeliefPropagation.normalizedProbabilities(edge.potential.indices.map {
          edge.potential[$0] * cavities[ci + $0 / kj] * cavities[cj + $0 % kj]
        })
      }
      return (unaryBeliefs, pairwise)
    }
  }
}
