import MIDistributions
import MIEstimation
import MINeural
import MINumerics
import Testing

/// The recommended critic preset sizes itself to the data (`NeuralPreset.sizesCriticToData`):
/// 64, 64 at 10⁻³ where X and Y have at most 5 columns each, 256, 256 at 10⁻⁴ otherwise;
/// presets given explicitly are trained as given.
@Suite struct PresetSizingTests {
  @Test func recommendedCriticPresetIsSizedByTheLargerDimension() {
    let preset = NeuralPreset.recommended(for: .infonce)
    #expect(preset.sizesCriticToData)
    for (dx, dy) in [(1, 1), (5, 5), (1, 5), (5, 2)] {
      let sized = preset.sized(xDimension: dx, yDimension: dy)
      #expect(sized.hidden == [64, 64] && sized.learningRate == 1e-3, "\(dx) × \(dy)")
      #expect(!sized.sizesCriticToData)
      // Everything but the widths and the rate stays.
      #expect(sized.batchSize == preset.batchSize && sized.steps == preset.steps && sized.patience == preset.patience)
    }
    for (dx, dy) in [(6, 1), (1, 6), (25, 25)] {
      let sized = preset.sized(xDimension: dx, yDimension: dy)
      #expect(sized.hidden == [256, 256] && sized.learningRate == 1e-4, "\(dx) × \(dy)")
    }
  }

  @Test func explicitAndDensityPresetsAreNotResized() {
    let explicit = NeuralPreset(hidden: [256, 256], learningRate: 1e-4)
    #expect(!explicit.sizesCriticToData)
    #expect(explicit.sized(xDimension: 1, yDimension: 1) == explicit)
    let density = NeuralPreset.recommended(for: .club)
    #expect(!density.sizesCriticToData)
    #expect(density.sized(xDimension: 1, yDimension: 1) == density)
  }

  /// What an estimate trains and reports: the compact critic on 2 × 2 data unless a preset
  /// is given, and the default widths on 6 × 6 data.
  @Test func estimatesReportTheWidthsTheyTrained() throws {
    func hidden(_ estimate: Estimate) -> String? {
      if case .text(let value)? = estimate.parameters.first(where: { $0.name == "hidden" })?.value { return value }
      return nil
    }
    func rate(_ estimate: Estimate) -> Double? {
      if case .real(let value)? = estimate.parameters.first(where: { $0.name == "learning rate" })?.value { return value }
      return nil
    }
    let (sx, sy) = CorrelatedGaussian.sparse(dimensionX: 2, dimensionY: 2, interacting: 2, correlation: 0.6).sample(count: 600, seed: 1)
    var sized = NeuralEstimator(bound: .infonce, seed: 2)
    sized.preset.steps = 20
    let compact = try sized.estimate(sx, sy)
    #expect(hidden(compact) == "64,64" && rate(compact) == 1e-3)

    let given = NeuralEstimator(bound: .infonce, preset: NeuralPreset(hidden: [16], steps: 20), seed: 2)
    let asGiven = try given.estimate(sx, sy)
    #expect(hidden(asGiven) == "16" && rate(asGiven) == 1e-4)

    let (wx, wy) = CorrelatedGaussian.sparse(dimensionX: 6, dimensionY: 6, interacting: 2, correlation: 0.6).sample(count: 600, seed: 3)
    let defaultWidths = try sized.estimate(wx, wy)
    #expect(hidden(defaultWidths) == "256,256" && rate(defaultWidths) == 1e-4)
  }
}
