// swift-tools-version: 6.0
//
// MutualInformation: estimating, maximizing and minimizing mutual information.
//
// Module order (each depends only on the ones above it):
//   _MIKernels      C kernels Swift cannot express portably (AVX2/FMA GEMM, the worker pool);
//                   not API
//   MINumerics      special functions, linear algebra helpers, seeded random numbers
//   MIData          matrices, named data tables, CSV/TSV/NPY readers, column selection
//   MIEstimation    the estimation contract: Estimate, estimator protocols, errors, parameters,
//                   units, roles, the permutation test and the bootstrap
//   MIClassical     classical (non-neural) estimators
//   MIDistributions ground-truth samplers with analytic mutual information
//   MIDiscrete      exact discrete information theory: joint probability tables and their
//                   entropies, MI, multi-information, co-information; channel capacity,
//                   empowerment, Markov random fields and belief propagation
//   MITensor        dense tensors with reverse-mode differentiation (`_Differentiation`)
//   MINetworks      layers, initialization, optimizers, schedules, safetensors checkpoints
//   MINeural        critics, neural MI bounds (InfoNCE, NWJ, MINE, CLUB, …), training
//                   objectives and the trainer, the learned empowerment bound and skill
//                   discovery (depends on MIEstimation and MIDiscrete, not MIClassical)
//   MutualInformation  umbrella module that re-exports the public API, and the estimator
//                   registry that spans the classical and neural estimators
//   MICommandLine   the `mi` command's implementation (a library so tests can call it)
//   mi              the executable, a thin `main`
//
// Build setting: define `MI_INTERNAL_CHECKS` (swift build -Xswiftc -DMI_INTERNAL_CHECKS)
// to compile in the k-d tree's `_checkInvariants()` calls.
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
]

/// Every Swift example of README.md and docs/*.md, as a user copies it: Examples/NAME/main.swift
/// holds the block exactly (a test checks that each block has its file and runs each program).
let documentationExamples = [
  "readme-library", "readme-training", "ground-truth", "neural-loss-terms", "tensors", "differentiation",
  "custom-primitive", "safetensors", "score-layouts", "trainer",
  "recipe-clustering", "recipe-long-tail", "recipe-two-modalities",
  "recipe-digits", "recipe-hard-negatives", "recipe-batch-effects", "recipe-momentum-queue",
  "recipe-fair-representation", "recipe-fair-club", "recipe-parallel-embeddings", "recipe-information-plane", "recipe-disentanglement", "recipe-fair-generation",
  "discrete-exact", "empowerment-map", "multi-information", "recipe-bethe", "recipe-empowerment",
]

let package = Package(
  name: "MutualInformation",
  products: [
    .library(name: "MutualInformation", targets: ["MutualInformation"]),
    // One product per module, so that a user of the classical estimators alone does not
    // compile the tensor engine.
    .library(name: "MINumerics", targets: ["MINumerics"]),
    .library(name: "MIData", targets: ["MIData"]),
    .library(name: "MIEstimation", targets: ["MIEstimation"]),
    .library(name: "MIClassical", targets: ["MIClassical"]),
    .library(name: "MIDistributions", targets: ["MIDistributions"]),
    .library(name: "MIDiscrete", targets: ["MIDiscrete"]),
    .library(name: "MITensor", targets: ["MITensor"]),
    .library(name: "MINetworks", targets: ["MINetworks"]),
    .library(name: "MINeural", targets: ["MINeural"]),
    .executable(name: "mi", targets: ["mi"]),
  ],
  dependencies: [
    // The only dependency: the command-line interface's argument parsing.
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    .target(name: "MINumerics", dependencies: ["_MIKernels"], swiftSettings: strictSettings),
    .target(name: "MIData", dependencies: ["MINumerics"], swiftSettings: strictSettings),
    .target(name: "MIEstimation", dependencies: ["MINumerics"], swiftSettings: strictSettings),
    .target(name: "MIClassical", dependencies: ["MINumerics", "MIData", "MIEstimation"], swiftSettings: strictSettings),
    .target(name: "MIDistributions", dependencies: ["MINumerics", "MIData"], swiftSettings: strictSettings),
    .target(name: "MIDiscrete", dependencies: ["MINumerics", "MIData", "_MIKernels"], swiftSettings: strictSettings),
    .target(name: "_MIKernels"),
    .target(name: "MITensor", dependencies: ["MINumerics", "_MIKernels"], swiftSettings: strictSettings),
    .target(name: "MINetworks", dependencies: ["MINumerics", "MITensor"], swiftSettings: strictSettings),
    .target(
      name: "MINeural", dependencies: ["MINumerics", "MIEstimation", "MIDiscrete", "MITensor", "MINetworks"], swiftSettings: strictSettings),
    .target(
      name: "MutualInformation",
      dependencies: ["MINumerics", "MIData", "MIEstimation", "MIClassical", "MIDistributions", "MIDiscrete", "MITensor", "MINetworks", "MINeural"],
      swiftSettings: strictSettings),
    .target(
      name: "MICommandLine",
      dependencies: [
        "MutualInformation",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings),
    .executableTarget(name: "mi", dependencies: ["MICommandLine"], swiftSettings: strictSettings),
    // Benchmarks of the tensor engine (run by Benchmarks/run-tensor-peers.sh); not a product.
    .executableTarget(
      name: "tensor-benchmarks", dependencies: ["MIClassical", "MIDistributions", "MIDiscrete", "MINeural", "MINetworks", "MITensor", "MINumerics", "_MIKernels"], path: "Benchmarks/TensorBenchmarks",
      swiftSettings: strictSettings),

    // What the test targets share: finite-difference gradient checks and analytic densities.
    .target(name: "MITestSupport", dependencies: ["MINumerics", "MITensor", "MINetworks"], path: "Tests/MITestSupport"),
    .testTarget(name: "MINumericsTests", dependencies: ["MINumerics", "_MIKernels"]),
    .testTarget(name: "MIDataTests", dependencies: ["MIData"], exclude: ["Fixtures"]),
    .testTarget(name: "MIEstimationTests", dependencies: ["MIEstimation", "MINumerics"]),
    .testTarget(name: "MIClassicalTests", dependencies: ["MIClassical", "MIDistributions", "MIData"], exclude: ["Fixtures"]),
    .testTarget(name: "MIDistributionsTests", dependencies: ["MIDistributions", "MIClassical"], exclude: ["Fixtures"]),
    .testTarget(name: "MIDiscreteTests", dependencies: ["MIDiscrete", "_MIKernels"], exclude: ["Fixtures"]),
    .testTarget(name: "MICommandLineTests", dependencies: ["MICommandLine", "mi"]),
    .testTarget(name: "MITensorTests", dependencies: ["MITensor", "MINumerics", "MITestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "MINetworksTests", dependencies: ["MINetworks", "MITensor", "MINumerics", "MITestSupport"]),
    .testTarget(
      name: "MINeuralTests",
      dependencies: ["MINeural", "MINetworks", "MITensor", "MINumerics", "MIClassical", "MIDistributions", "MIDiscrete", "MITestSupport"]),
    .testTarget(
      name: "MutualInformationTests", dependencies: ["MutualInformation"] + documentationExamples.map { .target(name: "example-\($0)") }),
  ] + documentationExamples.map { name in
    .executableTarget(name: "example-\(name)", dependencies: ["MutualInformation"], path: "Examples/\(name)")
  },
  swiftLanguageModes: [.v6]
)
