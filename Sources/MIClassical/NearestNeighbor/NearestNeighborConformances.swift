import MIEstimation

// The k-NN estimators of this module, for `Bootstrap`'s default subsampling.
extension KSGEstimator: NearestNeighborEstimator {}
extension KozachenkoLeonenkoEstimator: NearestNeighborEstimator {}
extension MixedKSGEstimator: NearestNeighborEstimator {}
extension RossEstimator: NearestNeighborEstimator {}
extension FrenzelPompeEstimator: NearestNeighborEstimator {}
