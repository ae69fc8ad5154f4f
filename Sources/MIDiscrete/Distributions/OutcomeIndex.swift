/// Steps through the outcomes of variables with alphabets of the given sizes in C order
/// (the last variable fastest): the order of every dense table in this module.
enum OutcomeIndex {
  /// Moves `index` to the next outcome; returns false (and wraps to all zeros) after the last.
  @discardableResult
  static func advance(_ index: inout [Int], sizes: [Int]) -> Bool {
    var axis = sizes.count - 1
    while axis >= 0 {
      index[axis] += 1
      if index[axis] < sizes[axis] { return true }
      index[axis] = 0
      axis -= 1
    }
    return false
  }
}
