import Synchronization

/// The memory behind a tensor: a fixed-size, 64-byte-aligned buffer of scalars, shared by
/// copies of the tensor until one of them writes (copy-on-write, checked with
/// `isKnownUniquelyReferenced`). Its memory comes from and returns to `BufferCache`.
final class TensorStorage<Scalar: TensorScalar>: @unchecked Sendable {
  /// The first scalar.
  let base: UnsafeMutablePointer<Scalar>
  /// The number of scalars.
  let count: Int

  /// Uninitialized storage for `count` scalars (they are trivial types: no deinitialization).
  init(count: Int) {
    self.count = count
    base = BufferCache.shared.allocate(byteCount: count * MemoryLayout<Scalar>.stride)
      .bindMemory(to: Scalar.self, capacity: count)
  }

  /// A copy of `other`'s scalars.
  convenience init(copying other: TensorStorage) {
    self.init(count: other.count)
    base.update(from: other.base, count: count)
  }

  deinit {
    BufferCache.shared.deallocate(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Scalar>.stride)
  }
}

/// Keeps freed tensor buffers for reuse, keyed by exact size, like the caching allocators
/// of deep-learning frameworks.
///
/// A training step allocates and frees the same sizes over and over. Without a cache,
/// glibc serves each buffer of 128 KiB or more with a fresh `mmap`, and the kernel zeroes
/// every page again on first touch: on this project's benchmark machine that was 45% of a
/// separable InfoNCE step. Buffers under 64 KiB, which malloc serves from its heap
/// without page faults, bypass the cache; at most `capacity` bytes are kept (beyond that,
/// freed buffers go back to the system).
final class BufferCache: Sendable {
  /// The process's cache (one, like malloc's heap, so that buffers freed on any thread are
  /// reused on any other).
  static let shared = BufferCache(capacity: 1 << 30)

  /// Buffers smaller than this go straight to malloc.
  static let minimumCachedBytes = 64 << 10
  /// Alignment of every buffer: a cache line, and the widest SIMD register.
  static let alignment = 64

  private struct State {
    /// Free buffers by byte size, as addresses (plain integers, so the state is Sendable).
    var free: [Int: [UInt]] = [:]
    var cachedBytes = 0
  }

  private let capacity: Int
  private let state = Mutex(State())

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// A buffer of at least `byteCount` bytes, aligned to `alignment`.
  func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    let size = max(byteCount, 1)
    if size >= Self.minimumCachedBytes {
      let reused = state.withLock { state -> UInt? in
        guard let address = state.free[size]?.popLast() else { return nil }
        state.cachedBytes -= size
        return address
      }
      if let reused, let pointer = UnsafeMutableRawPointer(bitPattern: reused) { return pointer }
    }
    return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: Self.alignment)
  }

  /// Returns a buffer obtained from `allocate(byteCount:)` with the same `byteCount`.
  func deallocate(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
    let size = max(byteCount, 1)
    if size >= Self.minimumCachedBytes {
      let kept = state.withLock { state -> Bool in
        guard state.cachedBytes + size <= capacity else { return false }
        state.free[size, default: []].append(UInt(bitPattern: pointer))
        state.cachedBytes += size
        return true
      }
      if kept { return }
    }
    pointer.deallocate()
  }

  /// Frees every cached buffer.
  func releaseAll() {
    let buffers = state.withLock { state -> [UInt] in
      let all = state.free.values.flatMap { $0 }
      state = State()
      return all
    }
    for address in buffers { UnsafeMutableRawPointer(bitPattern: address)?.deallocate() }
  }

  /// The number of bytes held for reuse.
  var cachedBytes: Int { state.withLock { $0.cachedBytes } }
}

/// Control over the memory that tensors keep for reuse.
public enum TensorMemory {
  /// Returns every cached tensor buffer to the system (for example after training, before
  /// a long phase that needs the memory elsewhere).
  public static func releaseCachedBuffers() { BufferCache.shared.releaseAll() }

  /// The bytes currently held for reuse (at most 1 GiB).
  public static var cachedBytes: Int { BufferCache.shared.cachedBytes }
}
