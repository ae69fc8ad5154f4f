import Foundation
import MINumerics
import Testing
import _MIKernels

@Suite("Special functions")
struct SpecialFunctionTests {
  // Reference values from mpmath at 30 digits.
  @Test(arguments: [
    (1.0, -0.5772156649015329), (2.0, 0.42278433509846713), (0.5, -1.9635100260214235),
    (3.7, 1.1671535393615114), (10.0, 2.251752589066721), (1e6, 13.815510057964191), (0.01, -100.56088545786867),
  ])
  func digammaMatchesReference(x: Double, expected: Double) {
    #expect(abs(digamma(x) - expected) <= 1e-13 * max(1, abs(expected)), "ψ(\(x)) = \(digamma(x))")
  }

  @Test func digammaTableMatchesFunction() {
    let table = DigammaTable(count: 5000)
    for n in [1, 2, 3, 17, 100, 4999, 5000] {
      #expect(abs(table[n] - digamma(Double(n))) < 1e-12)
    }
    #expect(digamma(0) == -.infinity)
    #expect(digamma(-1).isNaN)
  }

  @Test func normalQuantileInvertsDistributionFunction() {
    #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) < 1e-14)
    #expect(abs(StandardNormal.quantile(0.5)) < 1e-16)
    #expect(abs(StandardNormal.quantile(1e-10) - -6.361340902404056) < 1e-11)
    for p in stride(from: 0.0005, to: 1, by: 0.0137) {
      #expect(abs(StandardNormal.cdf(StandardNormal.quantile(p)) - p) < 1e-14)
    }
    #expect(StandardNormal.quantile(0) == -.infinity)
    #expect(StandardNormal.quantile(1) == .infinity)
    #expect(StandardNormal.quantile(1.5).isNaN)
  }
}

@Suite("Seeded generator")
struct SeededGeneratorTests {
  @Test func sameSeedSameSequence() {
    var a = SeededGenerator(seed: 42)
    var b = SeededGenerator(seed: 42)
    var c = SeededGenerator(seed: 43)
    let first = (0..<10).map { _ in a.next() }
    #expect(first == (0..<10).map { _ in b.next() })
    #expect(first != (0..<10).map { _ in c.next() })
  }

  @Test func momentsOfUniformAndNormal() {
    var generator = SeededGenerator(seed: 1)
    let n = 200_000
    let uniforms = (0..<n).map { _ in generator.uniform() }
    let normals = (0..<n).map { _ in generator.normal() }
    let uniformMean = uniforms.reduce(0, +) / Double(n)
    let normalMean = normals.reduce(0, +) / Double(n)
    let normalVariance = normals.reduce(0) { $0 + $1 * $1 } / Double(n) - normalMean * normalMean
    #expect(abs(uniformMean - 0.5) < 0.003)
    #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(abs(normalMean) < 0.006)
    #expect(abs(normalVariance - 1) < 0.01)
  }

  @Test func integersAndPermutations() {
    var generator = SeededGenerator(seed: 3)
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<70_000 { counts[generator.integer(below: 7)] += 1 }
    #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    let permutation = generator.permutation(of: 100)
    #expect(permutation.sorted() == Array(0..<100))
    #expect(permutation != Array(0..<100))
  }
}

@Suite("Matrix and linear algebra")
struct MatrixTests {
  @Test func constructionAndSelection() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(m.rows == 2 && m.columns == 3)
    #expect(m[1, 2] == 6)
    #expect(m.column(1) == [2, 5])
    #expect(m.selecting(columns: [2, 0]) == Matrix([[3, 1], [6, 4]]))
    #expect(m.selecting(rows: [1, 1]) == Matrix([[4, 5, 6], [4, 5, 6]]))
    #expect(Matrix(columns: [[1, 4], [2, 5], [3, 6]]) == m)
    #expect(m.concatenatingColumns(Matrix(column: [7, 8])) == Matrix([[1, 2, 3, 7], [4, 5, 6, 8]]))
    #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
  }

  @Test func covarianceCholeskyAndLogDeterminant() {
    let data = Matrix([[1, 2], [2, 1], [3, 5], [4, 3]])
    let covariance = data.covariance()
    // Means 2.5 and 2.75; by hand: var x = 5/3, var y = 8.75/3, cov = 3.5/3.
    #expect(abs(covariance[0, 0] - 5.0 / 3) < 1e-14)
    #expect(abs(covariance[1, 1] - 8.75 / 3) < 1e-14)
    #expect(abs(covariance[0, 1] - 3.5 / 3) < 1e-14)
    let spd = Matrix([[4, 2, 0.4], [2, 3, 0.5], [0.4, 0.5, 2]])
    let l = spd.choleskyFactor()!
    let product = l.multiplied(by: l.transposed)
    for i in 0..<3 { for j in 0..<3 { #expect(abs(product[i, j] - spd[i, j]) < 1e-14) } }
    // det = 4(6 − 0.25) − 2(4 − 0.2) + 0.4(1 − 1.2) = 15.32
    #expect(abs(spd.logDeterminantSPD()! - log(15.32)) < 1e-13)
    #expect(Matrix([[1, 2], [2, 4]]).logDeterminantSPD() == nil)
    // Solving: spd · x = b, checked by multiplying back; the cross block of a 3×3 matrix.
    let b = Matrix([[1, 0], [2, -1], [0.5, 3]])
    let x = spd.solvingSPD(b)!
    let back = spd.multiplied(by: x)
    for i in 0..<3 { for j in 0..<2 { #expect(abs(back[i, j] - b[i, j]) < 1e-13) } }
    #expect(Matrix([[1, 2], [2, 4]]).solvingSPD(Matrix([[1], [1]])) == nil)
    #expect(spd.block(rows: 0..<2, columns: 1..<3) == Matrix([[2, 0.4], [3, 0.5]]))
  }
}

/// The one JSON writer: compact and spaced forms, escapes, integers and non-finite numbers,
/// and a parse of what it writes.
@Suite struct JSONValueTests {
  @Test func writesAndParses() throws {
    let value = JSONValue.object([
      ("name", .string("a \"quoted\"\nline\u{1}")), ("n", .integer(3)), ("x", .number(0.25)), ("inf", .number(.infinity)),
      ("list", .array([.bool(true), .null, .unsigned(UInt64.max)])),
    ])
    #expect(value.rendered() == #"{"name": "a \"quoted\"\nline\u0001", "n": 3, "x": 0.25, "inf": null, "list": [true, null, 18446744073709551615]}"#)
    #expect(value.rendered(compact: true).hasPrefix(#"{"name":"a \"quoted\"\nline\u0001","n":3,"#))
    let parsed = try JSONValue.parse(ArraySlice(JSONValue.object([("a", .array([.integer(1), .string("é")]))]).rendered().utf8))
    #expect(parsed == .object([("a", .array([.number(1, integer: 1), .string("é")]))]))
    #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(ArraySlice("{\"a\": }".utf8)) }
  }
}

/// Parallel loops use the cores the process may run on, not every core of the machine: a
/// thread restricted to one CPU (as by taskset or a Slurm allocation) sees one core.
@Suite struct UsableCoreTests {
  @Test func usableCoresFollowTheThreadsAffinity() {
    #expect(ProcessInfoCores.active >= 1 && ProcessInfoCores.active <= ProcessInfo.processInfo.processorCount)
    guard mi_pin_calling_thread(0) == 0 else { return }  // no thread affinity on this system
    let pinned = ProcessInfoCores.active
    #expect(mi_pin_calling_thread(1) == 0)
    #expect(pinned == 1)
  }
}
