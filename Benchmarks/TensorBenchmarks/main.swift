// Tensor-engine benchmarks: matrix multiplication and full InfoNCE training steps.
// Prints one JSON object per measurement (median of the repeats) on standard output.
// Run through Benchmarks/run-tensor-peers.sh, which times NumPy and PyTorch in the same run.
import Dispatch
import MINumerics
import MITensor

func arguments() -> [String: String] {
  var result: [String: String] = [:]
  var iterator = CommandLine.arguments.dropFirst().makeIterator()
  while let key = iterator.next() {
    guard key.hasPrefix("--"), let value = iterator.next() else { continue }
    result[String(key.dropFirst(2))] = value
  }
  return result
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Times C = A·B (Float32) for each "MxKxN" shape: `repeats` samples, each the mean of
/// enough back-to-back products to last about 20 ms.
func benchmarkGEMM(_ shapes: [String], repeats: Int) {
  for text in shapes {
    let parts = text.split(separator: "x").compactMap { Int($0) }
    guard parts.count == 3 else { fatalError("shape \(text) is not MxKxN") }
    let (m, k, n) = (parts[0], parts[1], parts[2])
    var generator = SeededGenerator(seed: 1)
    let a = Tensor<Float>(randomNormal: [m, k], using: &generator)
    let b = Tensor<Float>(randomNormal: [k, n], using: &generator)
    var sink: Float = 0
    let once = seconds { sink += matmul(a, b).scalars[0] }
    let inner = max(1, Int(0.02 / max(once, 1e-6)))
    var samples: [Double] = []
    for _ in 0..<repeats {
      let t = seconds {
        for _ in 0..<inner { sink += matmul(a, b).scalars[0] }
      }
      samples.append(t / Double(inner))
    }
    let time = median(samples)
    let gflops = 2 * Double(m) * Double(n) * Double(k) / time / 1e9
    print("{\"tool\": \"swift\", \"bench\": \"gemm\", \"shape\": \"\(text)\", \"seconds\": \(time), \"gflops\": \(gflops), \"checksum\": \(sink.isFinite ? 1 : 0)}")
  }
}

let options = arguments()
let repeats = Int(options["repeats"] ?? "15") ?? 15
switch options["bench"] ?? "gemm" {
case "gemm":
  benchmarkGEMM((options["shapes"] ?? "256x256x256,512x512x512,1024x1024x1024,256x128x256").split(separator: ",").map(String.init), repeats: repeats)
default:
  fatalError("unknown --bench \(options["bench"] ?? "")")
}
