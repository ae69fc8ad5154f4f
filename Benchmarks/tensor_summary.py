"""Summarizes Benchmarks/data/tensor-results.jsonl (written by run-tensor-peers.sh):
medians over rounds, ratios, and the check that both implementations start from the same
loss (same weights and batch)."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
gemm = defaultdict(list)
steps = defaultdict(list)
first = {}
for r in rows:
    if r["bench"] == "gemm":
        gemm[(r["shape"], r["tool"])].append(r["seconds"])
    else:
        steps[(r["bench"], r["tool"])].append(r["seconds_per_step"])
        first.setdefault((r["bench"], r["tool"]), r["first_losses"][0])

if gemm:
    print("\nfloat32 GEMM, median over rounds (each round: median of 15 samples)")
    print(f"{'shape (MxKxN)':>16} {'ours ms':>9} {'GFLOP/s':>8} {'NumPy ms':>9} {'GFLOP/s':>8} {'ours/NumPy':>11}")
for shape in dict.fromkeys(s for s, _ in gemm):
    m, k, n = (int(v) for v in shape.split("x"))
    flops = 2 * m * n * k
    ours = statistics.median(gemm[(shape, "swift")])
    numpy = statistics.median(gemm[(shape, "numpy")])
    print(f"{shape:>16} {ours * 1e3:9.3f} {flops / ours / 1e9:8.1f} {numpy * 1e3:9.3f} {flops / numpy / 1e9:8.1f} {numpy / ours:10.2f}x")

print("\nTraining step (forward + backward + Adam), batch 256, median over rounds")
print(f"{'critic':>24} {'tool':>8} {'ms/step':>9} {'steps/s':>8} {'first loss':>11}")
for bench, tool in steps:
    t = statistics.median(steps[(bench, tool)])
    print(f"{bench:>24} {tool:>8} {t * 1e3:9.2f} {1 / t:8.1f} {first[(bench, tool)]:11.6f}")
for bench in ("infonce-separable", "infonce-concat", "supcon", "momentum", "minimax-adversary", "minimax-club"):
    if (bench, "swift") in steps and (bench, "pytorch") in steps:
        ours = statistics.median(steps[(bench, "swift")])
        torch = statistics.median(steps[(bench, "pytorch")])
        print(f"{bench}: ours {torch / ours:.2f}x PyTorch's steps per second")
if ("infonce-separable-objective", "swift") in steps and ("infonce-separable", "pytorch") in steps:
    ours = statistics.median(steps[("infonce-separable-objective", "swift")])
    torch = statistics.median(steps[("infonce-separable", "pytorch")])
    print(f"infonce-separable through the library's CriticObjective.step: ours {torch / ours:.2f}x PyTorch")
if ("infonce-separable-in-turn", "swift") in steps and ("infonce-separable", "pytorch") in steps:
    ours = statistics.median(steps[("infonce-separable-in-turn", "swift")])
    torch = statistics.median(steps[("infonce-separable", "pytorch")])
    print(f"infonce-separable with the towers in turn (no applyConcurrently): ours {torch / ours:.2f}x PyTorch")
if ("infonce-concat-tiled", "pytorch") in steps and ("infonce-concat", "swift") in steps:
    ours = statistics.median(steps[("infonce-concat", "swift")])
    tiled = statistics.median(steps[("infonce-concat-tiled", "pytorch")])
    print(f"infonce-concat: ours {tiled / ours:.2f}x PyTorch with a naively tiled first layer")
