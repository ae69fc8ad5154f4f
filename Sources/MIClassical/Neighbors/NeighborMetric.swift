import MIEstimation
/// A distance used by the k-d tree. Distances are compared in a "reduced" form that is
/// monotone in the true distance (the squared distance for the Euclidean norm), so that
/// no square root is taken inside the search.
protocol NeighborMetric: SendableMetatype {
  /// The reduced distance between two points of dimension `d`.
  static func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double
  /// A lower bound of the reduced distance from `q` to any point of the box [low, high].
  static func distance(_ q: UnsafePointer<Double>, toBoxFrom low: UnsafePointer<Double>, to high: UnsafePointer<Double>, _ d: Int) -> Double
  /// The true distance for a reduced one.
  static func trueDistance(_ reduced: Double) -> Double
  /// The reduced distance of a one-coordinate gap g ≥ 0 (|g| or g²), monotone in g, such
  /// that a point whose coordinate is at least g away has a reduced distance ≥ this value.
  static func reducedGap(_ gap: Double) -> Double
}

/// The maximum (Chebyshev, L∞) norm ‖a − b‖∞ = maxⱼ |aⱼ − bⱼ|, used by the KSG family.
enum MaximumNorm: NeighborMetric {
  @inline(__always)
  static func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var result = 0.0
    for j in 0..<d {
      let difference = abs(a[j] - b[j])
      if difference > result { result = difference }
    }
    return result
  }

  @inline(__always)
  static func distance(_ q: UnsafePointer<Double>, toBoxFrom low: UnsafePointer<Double>, to high: UnsafePointer<Double>, _ d: Int) -> Double {
    var result = 0.0
    for j in 0..<d {
      let below = low[j] - q[j]
      let above = q[j] - high[j]
      let gap = below > above ? below : above
      if gap > result { result = gap }
    }
    return result
  }

  @inline(__always) static func trueDistance(_ reduced: Double) -> Double { reduced }
  @inline(__always) static func reducedGap(_ gap: Double) -> Double { gap }
}

/// The Euclidean norm; reduced distances are squared distances.
enum EuclideanNorm: NeighborMetric {
  @inline(__always)
  static func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var result = 0.0
    for j in 0..<d {
      let difference = a[j] - b[j]
      result += difference * difference
    }
    return result
  }

  @inline(__always)
  static func distance(_ q: UnsafePointer<Double>, toBoxFrom low: UnsafePointer<Double>, to high: UnsafePointer<Double>, _ d: Int) -> Double {
    var result = 0.0
    for j in 0..<d {
      let below = low[j] - q[j]
      let above = q[j] - high[j]
      let gap = below > above ? below : above
      if gap > 0 { result += gap * gap }
    }
    return result
  }

  @inline(__always) static func trueDistance(_ reduced: Double) -> Double { reduced.squareRoot() }
  @inline(__always) static func reducedGap(_ gap: Double) -> Double { gap * gap }
}
