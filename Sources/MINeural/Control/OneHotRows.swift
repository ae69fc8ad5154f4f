import MITensor

/// Rows of concatenated one-hot blocks: row r has a 1 at `blocks[j].indices[r]` within the
/// j-th block of `blocks[j].count` columns (the networks' encoding of states, skills and time).
enum OneHotRows {
  static func make(_ blocks: [(indices: [Int], count: Int)]) -> Tensor<Float> {
    let rows = blocks[0].indices.count
    let width = blocks.reduce(0) { $0 + $1.count }
    var scalars = [Float](repeating: 0, count: rows * width)
    var offset = 0
    for block in blocks {
      for (row, index) in block.indices.enumerated() { scalars[row * width + offset + index] = 1 }
      offset += block.count
    }
    return Tensor(shape: [rows, width], scalars: scalars)
  }
}
