// The estimation contract (Estimate, the estimator protocols, errors, the permutation test
// and the bootstrap) comes with the neural estimators.
@_exported import MIEstimation
