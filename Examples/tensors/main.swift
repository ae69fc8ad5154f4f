import MutualInformation

var generator = SeededGenerator(seed: 7)
let a = Tensor<Float>(randomNormal: [256, 20], using: &generator)   // N(0, 1)
let u = Tensor<Float>(randomUniform: [3], lower: -1, upper: 1, using: &generator)
let m = Tensor<Double>(rows: [[1, 2], [3, 4]])
let z = Tensor<Float>(zeros: [4, 4]), i = Tensor<Float>(identity: 4), s = Tensor<Float>(2.5)
let (shuffled, permutation) = a.shufflingRows(using: &generator)
print(m.shape, m.scalars[3], m[1, 0], s.scalar)   // [2, 2] 4.0 3.0 2.5
