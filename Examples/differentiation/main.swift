import MutualInformation
import _Differentiation

let w = Tensor<Double>(rows: [[0.5, -1], [2, 0.1]])
let x = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
let (loss, dw) = valueWithGradient(at: w) { w in matmul(x, w).tanh().squared().mean() }
print(loss.scalar, dw.shape)   // a positive loss and [2, 2]
