import Foundation
import MIDiscrete
import Testing

/// The CSV form of a probability table: labels of any kind, a last column `p` or
/// `probability`, errors that name the line.
@Suite struct ProbabilityTableFileTests {
  static func read(_ text: String, _ reader: ProbabilityTableFile = ProbabilityTableFile()) -> Result<JointDistribution, DiscreteDistributionError> {
    do throws(DiscreteDistributionError) {
      return .success(try reader.read(Array(text.utf8), source: "pmf.csv"))
    } catch {
      return .failure(error)
    }
  }

  static func failure(_ text: String) -> String {
    if case .failure(let error) = read(text) { return error.description }
    return "no error"
  }

  @Test func readsLabelsInTheOrderTheyAppear() throws {
    let d = try Self.read("outlook, windy, Probability\nsunny,no,0.25\nrain,yes,0.5\nsunny,yes,0.25\n").get()
    #expect(d.names == ["outlook", "windy"])
    #expect(d.variables[0].outcomes == ["sunny", "rain"])
    #expect(d.variables[1].outcomes == ["no", "yes"])
    #expect(d.denseProbabilities == [0.25, 0.25, 0, 0.5])
    // Six decimals are within the default tolerance.
    let thirds = try Self.read("X,p\na,0.333333\nb,0.333333\nc,0.333333\n").get()
    #expect(abs(thirds.entropy - log(3.0)) < 1e-12)
    // Weights with --normalize.
    let weights = try Self.read("X,p\na,2\nb,6\n", ProbabilityTableFile(normalizing: true)).get()
    #expect(weights.denseProbabilities == [0.25, 0.75])
  }

  @Test func badTablesNameTheLine() {
    #expect(Self.failure("X,Y,weight\n0,0,1\n").contains("the last column must hold the probabilities and be named p or probability"))
    #expect(Self.failure("p\n1\n").contains("no variable column"))
    #expect(Self.failure("X,p\n0,0.5\n1,0.5\n0,0\n").contains("line 4: the outcome (X=0) was already given on line 2"))
    #expect(Self.failure("X,p\n0,0.5\n1,-0.5\n").contains("line 3: the probability '-0.5' of (X=1) is not a finite number ≥ 0"))
    #expect(Self.failure("X,p\n0,0.5\n1,nan\n").contains("line 3"))
    #expect(Self.failure("X,p\n0,0.5\n1,abc\n").contains("line 3: the probability 'abc'"))
    #expect(Self.failure("X,p\n0,0.5\n1,0.4\n").contains("sum to 0.9"))
    #expect(Self.failure("X,p\n0,0\n1,0\n").contains("every probability is 0"))
    #expect(Self.failure("X,Y,p\n0,,0.5\n").contains("line 2"))
    #expect(Self.failure("X,Y,p\n0,1\n").contains("line 2: 2 fields, but the header has 3"))
  }
}
