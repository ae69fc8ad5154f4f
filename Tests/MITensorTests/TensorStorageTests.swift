import MITensor
import Testing

/// Copy-on-write storage and the buffer cache behind it.
@Suite struct TensorStorageTests {
  @Test func copiesAreIndependentAfterAWrite() {
    let original = Tensor<Float>(ones: [300, 300])  // large enough for the cache
    var copy = original
    copy.withUnsafeMutableScalars { $0[5] = 7 }
    #expect(original.scalars[5] == 1)
    #expect(copy.scalars[5] == 7)
    var unique = Tensor<Float>(zeros: [4])
    unique.withUnsafeMutableScalars { $0[0] = 2 }
    #expect(unique.scalars == [2, 0, 0, 0])
  }

  @Test func freedLargeBuffersAreReusedAndCanBeReleased() {
    TensorMemory.releaseCachedBuffers()
    do {
      let large = Tensor<Float>(zeros: [512, 512])
      #expect(large.scalarCount == 262_144)
    }
    #expect(TensorMemory.cachedBytes >= 512 * 512 * 4)
    let reused = Tensor<Float>(repeating: 3, shape: [512, 512])
    #expect(reused.scalars.allSatisfy { $0 == 3 })
    // (Other suites run concurrently and share the cache, so the count after a release is
    // not asserted exactly.)
    TensorMemory.releaseCachedBuffers()
  }
}
