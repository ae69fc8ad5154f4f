import MutualInformation

// Data with known MI: a bivariate normal with correlation 0.8 has I = −½ log(1 − 0.64).
let sampler = CorrelatedGaussian.bivariate(correlation: 0.8)
let (x, y) = sampler.sample(count: 5000, seed: 1)

let estimate = try KSGEstimator(algorithm: .first, k: 3).estimate(x, y)
print(estimate.value, sampler.mutualInformation)       // ≈ 0.51 and 0.5108 nats
print(estimate.kind, estimate.parameters, estimate.preprocessing)

// Is it significant? How uncertain? (k-NN estimators get subsampling intervals.)
let test = try PermutationTest(permutations: 200, seed: 7).run(KSGEstimator(), x, y)
let interval = try Bootstrap(resamples: 200, seed: 7).run(KSGEstimator(), x, y)
print(test.pValue, interval.lower, interval.upper)     // 1/201, and about [0.48, 0.55]

// Conditional MI and total correlation
let chain = GaussianChain(a: 1, b: 1, c: 0.5)
let (cx, cy, cz) = chain.sample(count: 3000, seed: 2)
let cmi = try FrenzelPompeEstimator().estimate(cx, cy, given: cz)
let tc = try GaussianEstimator().totalCorrelation([cx, cy, cz])
print(cmi.value, chain.conditionalMutualInformation, tc.value)

// Your own data: reading and selecting columns throw errors that say what and where.
do {
  let table = try DataLoader.load(path: "data.csv")
  let columns = ColumnSelection(columnNames: table.columnNames)
  let a = table.matrix(columns: try columns.indices(for: "x1,x2", role: "--x"))
  let b = table.matrix(columns: try columns.indices(for: "y", role: "--y"))
  print(try KSGEstimator().estimate(a, b).value)
} catch {
  print("cannot estimate on data.csv:", error)          // e.g. cannot read 'data.csv': no such file
}
