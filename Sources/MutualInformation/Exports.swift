// The umbrella module: `import MutualInformation` brings in the whole public API.
@_exported import MIClassical
@_exported import MIEstimation
@_exported import MIData
@_exported import MIDiscrete
@_exported import MIDistributions
@_exported import MINumerics
@_exported import MINetworks
@_exported import MITensor
@_exported import MINeural
