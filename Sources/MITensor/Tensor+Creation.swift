import MINumerics

extension Tensor {
  /// A tensor of `shape` filled with `value`.
  public init(repeating value: Scalar, shape: TensorShape) {
    self.init(shape: shape, scalars: [Scalar](repeating: value, count: shape.count))
  }

  /// A tensor of zeros.
  public init(zeros shape: TensorShape) {
    self.init(repeating: 0, shape: shape)
  }

  /// A tensor of ones.
  public init(ones shape: TensorShape) {
    self.init(repeating: 1, shape: shape)
  }

  /// The n×n identity matrix.
  public init(identity size: Int) {
    var scalars = [Scalar](repeating: 0, count: size * size)
    for i in 0..<size { scalars[i * size + i] = 1 }
    self.init(shape: [size, size], scalars: scalars)
  }

  /// Scalars drawn independently from N(mean, standardDeviation²), reproducibly from
  /// `generator` (Marsaglia's polar method, in Double, then rounded to `Scalar`).
  public init(
    randomNormal shape: TensorShape, mean: Scalar = 0, standardDeviation: Scalar = 1,
    using generator: inout SeededGenerator
  ) {
    let count = shape.count
    var scalars = [Scalar]()
    scalars.reserveCapacity(count)
    let m = Double(mean)
    let s = Double(standardDeviation)
    while scalars.count < count {
      let (a, b) = generator.normalPair()
      scalars.append(Scalar(m + s * a))
      if scalars.count < count { scalars.append(Scalar(m + s * b)) }
    }
    self.init(shape: shape, scalars: scalars)
  }

  /// Scalars drawn independently and uniformly from [lower, upper), reproducibly.
  public init(
    randomUniform shape: TensorShape, lower: Scalar = 0, upper: Scalar = 1,
    using generator: inout SeededGenerator
  ) {
    let (l, u) = (Double(lower), Double(upper))
    let scalars = (0..<shape.count).map { _ in Scalar(generator.uniform(in: l, u)) }
    self.init(shape: shape, scalars: scalars)
  }

  /// The same tensor with its scalars converted to another precision.
  public init<Other: TensorScalar>(converting other: Tensor<Other>) {
    self.init(shape: other.shape) { out in
      other.withUnsafeScalars { source in
        for i in 0..<source.count { out[i] = Scalar(source[i]) }
      }
    }
  }
}
