import Foundation
import MINumerics

/// Named collections of benchmark tasks.
public enum BenchmarkSuite {
  /// The 40 tasks of bmi's benchmark (Czyż et al. 2023; bmi 0.1.3's `BENCHMARK_TASKS`), with
  /// bmi's ids, titles, distributions and constants, in bmi's order.
  public static let bmi: [BenchmarkTask] = {
    let normal = bivariateNormal(correlation: 0.75)
    let uniformNormal = normal.transformed(prefix: "normal_cdf", title: "Normal CDF", x: .normalCDF, y: .normalCDF)
    var tasks = [
      normal, uniformNormal, additiveNoise(epsilon: 0.1), additiveNoise(epsilon: 0.75), bimodal(correlation: 0.75),
      normal.transformed(prefix: "wiggly", title: "Wiggly", x: .wigglyX, y: .wigglyY),
      normal.transformed(prefix: "half_cube", title: "Half-cube", x: .halfCube, y: .halfCube),
    ]
    let student1 = student(dimensionX: 1, dimensionY: 1, degreesOfFreedom: 1)
    tasks += [
      student1, student1.transformed(prefix: "asinh", title: "Asinh", x: .asinh, y: .asinh),
      uniformNormal.transformed(prefix: "swissroll_x", title: "Swiss roll", x: .swissRoll, fullTitle: "Swiss roll 2 × 1"),
    ]
    tasks += [2, 3, 5, 25, 50].map { denseGaussian(dimension: $0, correlation: 0.5) }
    tasks += [2, 3, 5, 25].map { sparseGaussian(dimension: $0, interacting: 2, strength: 2.0) }
    tasks += [(2, 1.0), (2, 2), (3, 2), (3, 3), (5, 2), (5, 3)].map { student(dimensionX: $0.0, dimensionY: $0.0, degreesOfFreedom: $0.1) }
    let sparse = [3, 5, 25].map { sparseGaussian(dimension: $0, interacting: 2, strength: 2.0) }
    tasks += sparse.map { $0.transformed(prefix: "normal_cdf", title: "Normal CDF", x: .normalCDF, y: .normalCDF) }
    tasks += sparse.map { $0.transformed(prefix: "half_cube", title: "Half-cube", x: .halfCube, y: .halfCube) }
    tasks += sparse.map(spiraled)
    tasks += sparse.map { spiraled($0.transformed(prefix: "normal_cdf", title: "Normal CDF", x: .normalCDF, y: .normalCDF)) }
    tasks += [(2, 1.0), (3, 2), (5, 2)].map {
      student(dimensionX: $0.0, dimensionY: $0.0, degreesOfFreedom: $0.1).transformed(prefix: "asinh", title: "Asinh", x: .asinh, y: .asinh)
    }
    return tasks
  }()

  /// bmi's bivariate normal, unit variances and correlation ρ: −½ log(1 − ρ²).
  public static func bivariateNormal(correlation rho: Double) -> BenchmarkTask {
    BenchmarkTask(
      id: "1v1-normal-\(rho)", title: "Bivariate normal 1 × 1", base: CorrelatedGaussian.bivariate(correlation: rho), baseDimensions: (1, 1),
      derivation: "Gaussian: I = −½ log(1 − ρ²).")
  }

  /// bmi's additive noise: X ~ U(0, 1), Y = X + U(−ε, ε).
  public static func additiveNoise(epsilon: Double) -> BenchmarkTask {
    BenchmarkTask(
      id: "1v1-additive-\(epsilon)", title: "Uniform 1 × 1 (additive noise=\(epsilon))", base: AdditiveUniformNoise(width: 2 * epsilon),
      baseDimensions: (1, 1), derivation: "h(Y) − h(Y | X) with h(Y | X) = log 2ε: ε − log 2ε for ε ≤ ½, 1/(4ε) beyond.")
  }

  /// bmi's bimodal task: a bivariate normal made uniform by Φ, then given the margins of
  /// the mixtures 0.3 N(0, 1) + 0.7 N(5, 1) (X) and ½ N(−1, 1) + ½ N(3, 1) (Y) by their
  /// inverse CDFs.
  public static func bimodal(correlation rho: Double) -> BenchmarkTask {
    let base = bivariateNormal(correlation: rho)
    return BenchmarkTask(
      id: "1v1-bimodal-\(rho)", title: "Bimodal 1 × 1", base: base.base, baseDimensions: (1, 1),
      transformsX: [.normalCDF, .inverseMixtureCDF(weights: [0.3, 0.7], means: [0, 5])],
      transformsY: [.normalCDF, .inverseMixtureCDF(weights: [0.5, 0.5], means: [-1, 3])], derivation: base.derivation)
  }

  /// bmi's Student-t with identity dispersion and ν degrees of freedom.
  public static func student(dimensionX m: Int, dimensionY n: Int, degreesOfFreedom nu: Double) -> BenchmarkTask {
    let dof = nu == nu.rounded() ? "\(Int(nu))" : "\(nu)"
    return BenchmarkTask(
      id: "student-identity-\(m)-\(n)-\(dof)", title: "Student-t \(m) × \(n) (dof=\(dof))",
      base: StudentT(dimensionX: m, dimensionY: n, degreesOfFreedom: nu), baseDimensions: (m, n),
      derivation: "Multivariate t: I = h(m) + h(n) − h(m + n) from the entropies of identity-dispersion t distributions.")
  }

  /// bmi's dense Gaussian: unit variances, every pair of the m + m coordinates correlated ρ.
  public static func denseGaussian(dimension m: Int, correlation rho: Double) -> BenchmarkTask {
    BenchmarkTask(
      id: "multinormal-dense-\(m)-\(m)-\(rho)", title: "Multinormal \(m) × \(m) (dense)",
      base: CorrelatedGaussian.dense(dimensionX: m, dimensionY: m, correlation: rho), baseDimensions: (m, m),
      derivation: "Gaussian: I = ½(log det Σ_X + log det Σ_Y − log det Σ).")
  }

  /// bmi's sparse Gaussian: the correlation matrix of its latent-variable model with
  /// λ = `strength` (Xᵢ = λZᵢ + Eᵢ and Yᵢ = λZᵢ + Fᵢ for the first k pairs, all latents
  /// standard normal): unit variances, the k pairs correlated λ²/(λ² + 1), 0.8 at λ = 2.
  public static func sparseGaussian(dimension m: Int, interacting k: Int, strength lambda: Double) -> BenchmarkTask {
    let rho = lambda * lambda / (lambda * lambda + 1)
    return BenchmarkTask(
      id: "multinormal-sparse-\(m)-\(m)-\(k)-\(lambda)", title: "Multinormal \(m) × \(m) (2-pair)",
      base: CorrelatedGaussian.sparse(dimensionX: m, dimensionY: m, interacting: k, correlation: rho), baseDimensions: (m, m),
      derivation: "Gaussian with \(k) correlated pairs: I = −(k/2) log(1 − ρ²), ρ = λ²/(λ² + 1).")
  }

  /// bmi's spiral of a task: X rotated in the plane of its coordinates (0, 1) and Y in that of
  /// (1, 2), by the angle ‖v‖²/d (speed 1, normalized by the dimension d).
  static func spiraled(_ task: BenchmarkTask) -> BenchmarkTask {
    task.transformed(
      prefix: "spiral", title: "Spiral", x: .spiral(plane: 0, 1, speed: 1 / Double(task.dimensionX)),
      y: .spiral(plane: 1, 2, speed: 1 / Double(task.dimensionY)))
  }

  /// Mutual-information tasks bmi lacks, with exact truth: discrete data (binary symmetric
  /// channels, a 4 × 4 table), tied data (integer sums of binomials, a bivariate normal
  /// rounded to a grid) and discrete–continuous mixtures, where continuous estimators meet
  /// ties and discrete ones meet continuous values.
  public static let extra: [BenchmarkTask] = {
    let table: [[Double]] = [
      [0.16, 0.04, 0.02, 0.02], [0.03, 0.14, 0.05, 0.02], [0.02, 0.04, 0.13, 0.05], [0.02, 0.02, 0.04, 0.20],
    ]
    return [
      BenchmarkTask(
        id: "discrete-bsc-0.1-0.5", title: "Binary symmetric channel (flip 0.1, input ½)",
        base: BinarySymmetricChannel(flip: 0.1, input: 0.5), baseDimensions: (1, 1),
        derivation: "Exact: I = h(p(1 − ε) + (1 − p)ε) − h(ε), h the binary entropy."),
      BenchmarkTask(
        id: "discrete-bsc-0.01-0.2", title: "Binary symmetric channel (flip 0.01, input 0.2)",
        base: BinarySymmetricChannel(flip: 0.01, input: 0.2), baseDimensions: (1, 1),
        derivation: "Exact: I = h(p(1 − ε) + (1 − p)ε) − h(ε), h the binary entropy."),
      BenchmarkTask(
        id: "discrete-table-4x4", title: "Discrete 4 × 4 table (diagonal-heavy)", base: DiscreteJointDistribution(probabilities: table),
        baseDimensions: (1, 1), derivation: "Exact: I = Σ p(x, y) log(p(x, y) / (p(x) p(y))) over the table."),
      BenchmarkTask(
        id: "mixed-categorical-4", title: "Categorical X (4) with uniform Y | X", base: DiscreteContinuousMixture(categories: 4),
        baseDimensions: (1, 1), derivation: "X ~ Cat(m), Y | X ~ U(X, X + 2): I = log m − ((m − 1)/m) log 2."),
      BenchmarkTask(
        id: "mixed-categorical-16", title: "Categorical X (16) with uniform Y | X", base: DiscreteContinuousMixture(categories: 16),
        baseDimensions: (1, 1), derivation: "X ~ Cat(m), Y | X ~ U(X, X + 2): I = log m − ((m − 1)/m) log 2."),
      tiedBinomial(trials: 10, addedTrials: 10), tiedBinomial(trials: 40, addedTrials: 20),
      roundedNormal(correlation: 0.75, step: 1.0), roundedNormal(correlation: 0.9, step: 0.25),
    ]
  }()

  /// X ~ Binomial(m, ½), Y = X + Binomial(n, ½): integers with many ties.
  public static func tiedBinomial(trials m: Int, addedTrials n: Int) -> BenchmarkTask {
    BenchmarkTask(
      id: "tied-binomial-\(m)-\(n)", title: "Tied: Binomial(\(m)) + Binomial(\(n))",
      base: DiscreteJointDistribution.binomialSum(trials: m, addedTrials: n), baseDimensions: (1, 1),
      derivation: "Exact: I = H(Y) − H(Binomial(n, ½)), summed over the finite table of (X, Y).")
  }

  /// A bivariate normal with correlation ρ rounded to a grid of width `step`: tied data
  /// from continuous data of finite resolution.
  public static func roundedNormal(correlation rho: Double, step: Double) -> BenchmarkTask {
    BenchmarkTask(
      id: "tied-rounded-normal-\(rho)-\(step)", title: "Tied: bivariate normal (ρ = \(rho)) rounded to \(step)",
      base: DiscreteJointDistribution.roundedBivariateNormal(correlation: rho, step: step), baseDimensions: (1, 1),
      derivation: "Exact up to quadrature (1e-14): each cell's probability is ∫ φ(x)[Φ((b − ρx)/s) − Φ((a − ρx)/s)] dx by Gauss–Legendre, s = √(1 − ρ²); I summed over the table.")
  }

  /// Conditional-MI tasks, I(X;Y|Z) known: Gaussian chains (X → Z → Y, zero; with a
  /// direct edge, positive), a collider (independent X and Y made dependent by their
  /// effect Z), dense Gaussians, their half-cube transforms, and noisy parity (discrete,
  /// pairwise independent).
  public static let conditional: [ConditionalBenchmarkTask] = {
    func chain(_ a: Double, _ b: Double, _ c: Double) -> ConditionalBenchmarkTask {
      let base = GaussianChain(a: a, b: b, c: c)
      return ConditionalBenchmarkTask(
        id: "cmi-\(base.name)", title: c == 0 ? "Chain X ← Z → Y (a=\(a), b=\(b))" : "Chain with direct edge (a=\(a), b=\(b), c=\(c))",
        base: base, baseDimensions: (1, 1, 1),
        derivation: "Z ~ N(0, 1), X = aZ + ε, Y = bZ + cX + ε′: I(X;Y|Z) = −½ log(1 − ρ²) for the partial correlation ρ of X and Y given Z (zero when c = 0).")
    }
    func dense(_ m: Int, _ rho: Double) -> ConditionalBenchmarkTask {
      let base = ConditionalGaussian.dense(dimensions: (m, m, m), correlation: rho)
      return ConditionalBenchmarkTask(
        id: "cmi-\(base.name)", title: "Multinormal \(m) × \(m) given \(m) (dense)", base: base, baseDimensions: (m, m, m),
        derivation: "Gaussian: I(X;Y|Z) = ½(log det Σ_XZ + log det Σ_YZ − log det Σ − log det Σ_Z).")
    }
    let collider = ConditionalGaussian.collider(noise: 1.0)
    let dense2 = dense(2, 0.5)
    let parity = NoisyParity(flip: 0.1)
    return [
      chain(1, 1, 0), chain(1, 1, 0.5), dense2, dense(5, 0.5),
      ConditionalBenchmarkTask(
        id: "cmi-\(collider.name)", title: "Collider X → Z ← Y (noise 1.0)", base: collider, baseDimensions: (1, 1, 1),
        derivation: "X, Y ~ N(0, 1) independent, Z = X + Y + σε: partial correlation −1/(1 + σ²), I(X;Y|Z) = −½ log(1 − 1/(1 + σ²)²)."),
      dense2.transformed(prefix: "half_cube", title: "Half-cube", by: .halfCube),
      ConditionalBenchmarkTask(
        id: "cmi-\(parity.name)", title: "Noisy parity: X, Y fair bits, Z = X ⊕ Y ⊕ Bernoulli(0.1)", base: parity, baseDimensions: (1, 1, 1),
        derivation: "Exact: I(X;Y|Z) = log 2 − h(ε), h the binary entropy, while I(X;Y) = 0."),
    ]
  }()

  /// Total-correlation tasks: dense Gaussians of 3, 5 and 10 variables, a half-cube
  /// transform, and noisy parity (pairwise independent bits with TC = log 2 − h(ε)).
  public static let totalCorrelation: [TotalCorrelationBenchmarkTask] = {
    func dense(_ m: Int, _ rho: Double) -> TotalCorrelationBenchmarkTask {
      var covariance = Matrix(rows: m, columns: m, repeating: rho)
      for i in 0..<m { covariance[i, i] = 1 }
      return TotalCorrelationBenchmarkTask(
        id: "tc-multinormal-dense-\(m)-\(rho)", title: "Multinormal, \(m) variables (dense)",
        base: MultivariateNormal(covariance: covariance, groupSizes: Array(repeating: 1, count: m)),
        derivation: "Gaussian: TC = −½ log det R for the correlation matrix R = (1 − ρ)I + ρ11ᵀ.")
    }
    let five = dense(5, 0.5)
    return [
      dense(3, 0.5), five, dense(10, 0.3), five.transformed(prefix: "half_cube", title: "Half-cube", by: .halfCube),
      TotalCorrelationBenchmarkTask(
        id: "tc-noisy-parity-0.1", title: "Noisy parity: three bits, X₃ = X₁ ⊕ X₂ ⊕ Bernoulli(0.1)", base: NoisyParity(flip: 0.1),
        derivation: "Exact: TC = 3 log 2 − H(X₁, X₂, X₃) = log 2 − h(ε); every pair is independent."),
    ]
  }()

  /// Every task: bmi's, the extra MI tasks, the conditional ones and the total correlations.
  public static let all: [any GroundTruthTask] = bmi + extra + conditional + totalCorrelation

  /// The suites by name, for a command line: "bmi", "extra", "cmi", "tc" and "all".
  public static let named: [(name: String, tasks: [any GroundTruthTask])] = [
    ("bmi", bmi), ("extra", extra), ("cmi", conditional), ("tc", totalCorrelation), ("all", all),
  ]

  /// The task with this id in any suite, nil if there is none.
  public static func task(id: String) -> (any GroundTruthTask)? { byIdentifier[id] }

  private static let byIdentifier: [String: any GroundTruthTask] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
}
