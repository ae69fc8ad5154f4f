/// An estimator built on k-nearest-neighbour distances (KSG, Kozachenko–Leonenko, mixed,
/// Ross, Frenzel–Pompe). Repeated rows are zero-distance neighbours to it, so
/// ``Bootstrap`` draws subsamples without replacement for it by default.
public protocol NearestNeighborEstimator {}
