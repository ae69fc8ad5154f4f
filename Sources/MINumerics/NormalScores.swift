extension Matrix {
  /// Each column replaced by its normal scores Φ⁻¹(r/(N + 1)), r the column's (average, for
  /// ties) rank from 1 to N: the empirical Gaussian copula transform. A strictly increasing
  /// map of each column leaves mutual information unchanged, so estimators may work on the
  /// scores instead of heavy-tailed or oddly scaled values (Ince et al., "A statistical
  /// framework for neuroimaging data analysis based on mutual information estimated via a
  /// Gaussian copula", Hum. Brain Mapp. 38, 2017).
  public func normalScores() -> Matrix {
    var result = self
    let n = rows
    for j in 0..<columns {
      let values = column(j)
      let order = (0..<n).sorted { values[$0] < values[$1] }
      var start = 0
      while start < n {
        var end = start + 1
        while end < n && values[order[end]] == values[order[start]] { end += 1 }
        let rank = Double(start + end + 1) / 2  // average of ranks start+1 … end
        let score = StandardNormal.quantile(rank / Double(n + 1))
        for position in start..<end { result[order[position], j] = score }
        start = end
      }
    }
    return result
  }
}
