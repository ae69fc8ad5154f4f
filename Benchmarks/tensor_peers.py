"""Peers for the tensor-engine benchmarks, timed in the same run as ours.

GEMM: NumPy (OpenBLAS) float32 matrix products at the same shapes.
Training: PyTorch on the CPU, the same InfoNCE training step (forward, backward, Adam)
with the same architectures, batch, threads and -- loaded from the safetensors file that
our benchmark exports -- the same initial weights and first batch, so the first losses of
the two implementations must agree (a correctness check of our whole pipeline).

Objectives (issue 11): one step of supervised contrastive learning with logit adjustment
and of InfoNCE with a momentum key encoder and a queue, written here in PyTorch as the
library computes them (same formulas, weights, batches and labels, from the export).

Min-max objectives (issue 12): one step of the adversarial game (three adversary steps on
the frozen representation, then encoder and head on CE(task) - CE(adversary)) and of a
classifier penalized by CLUB on a Gaussian q(a|z) with a full covariance (five likelihood
steps of q, then encoder and head on CE + CLUB), as the library computes them.
"""
import argparse
import json
import statistics
import time

import numpy as np


def exported_mlp(state, prefix, depth=3):
    """The ReLU MLP `prefix` of an exported safetensors state (`prefix.layers.i.weight|bias`)."""
    import torch

    layers = []
    for i in range(depth):
        w = state[f"{prefix}.layers.{i}.weight"]
        linear = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.copy_(state[f"{prefix}.layers.{i}.bias"])
        layers.append(linear)
        if i < depth - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def gemm(shapes, repeats):
    for text in shapes:
        m, k, n = (int(v) for v in text.split("x"))
        rng = np.random.default_rng(1)
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        warm = time.perf_counter()
        while time.perf_counter() - warm < 0.1:  # warm up for about 0.1 s, as ours does
            a @ b
        t0 = time.perf_counter()
        a @ b
        once = time.perf_counter() - t0
        inner = max(1, int(0.02 / max(once, 1e-6)))
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(inner):
                a @ b
            samples.append((time.perf_counter() - t0) / inner)
        t = statistics.median(samples)
        print(json.dumps({"tool": "numpy", "bench": "gemm", "shape": text, "seconds": t,
                          "gflops": 2 * m * n * k / t / 1e9}), flush=True)


def training(kind, exported, steps, warmup, threads, split_first_layer=True):
    import torch
    from safetensors.torch import load_file

    torch.set_num_threads(threads)
    state = load_file(exported)
    x0, y0 = state["x"], state["y"]
    batch = x0.shape[0]

    def mlp(prefix):
        return exported_mlp(state, prefix)

    def linear(prefix):
        w = state[f"{prefix}.weight"]
        layer = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            layer.weight.copy_(w)
            layer.bias.copy_(state[f"{prefix}.bias"])
        return layer

    if kind == "separable":
        g, h = mlp("g"), mlp("h")
        params = list(g.parameters()) + list(h.parameters())

        def scores(x, y):
            return g(x) @ h(y).T
    else:
        f0, f1, f2 = linear("f.0"), linear("f.1"), linear("f.2")
        params = list(f0.parameters()) + list(f1.parameters()) + list(f2.parameters())
        dx = x0.shape[1]

        def scores(x, y):
            k = x.shape[0]
            if split_first_layer:
                a = x @ f0.weight[:, :dx].T
                b = y @ f0.weight[:, dx:].T
                hidden = torch.relu(a[:, None, :] + b[None, :, :] + f0.bias).reshape(k * k, -1)
            else:
                pairs = torch.cat([x.repeat_interleave(k, 0), y.repeat(k, 1)], dim=1)
                hidden = torch.relu(f0(pairs))
            return f2(torch.relu(f1(hidden))).reshape(k, k)

    optimizer = torch.optim.Adam(params, lr=1e-3)
    # The same 8 batches as ours: batch 0 comes from the export; the others are drawn
    # here (timing does not depend on the values).
    gen = torch.Generator().manual_seed(7)
    batches = [(x0, y0)]
    for _ in range(7):
        x = torch.randn(batch, 20, generator=gen)
        batches.append((x, 0.5 * x + 0.75 ** 0.5 * torch.randn(batch, 20, generator=gen)))
    losses, times = [], []
    for step in range(warmup + steps):
        x, y = batches[step % len(batches)]
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        s = scores(x, y)
        loss = torch.logsumexp(s, dim=1).mean() - s.diagonal().mean()
        loss.backward()
        optimizer.step()
        elapsed = time.perf_counter() - t0
        losses.append(loss.item())
        if step >= warmup:
            times.append(elapsed)
    t = statistics.median(times)
    name = f"infonce-{kind}" + ("" if kind == "separable" or split_first_layer else "-tiled")
    print(json.dumps({"tool": "pytorch", "bench": name, "batch": batch, "seconds_per_step": t,
                      "steps_per_second": 1 / t, "first_losses": losses[:1],
                      "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)


def objective(kind, exported, steps, warmup, threads, queue_length):
    import math

    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file

    torch.set_num_threads(threads)
    state = load_file(exported)
    batches = [(state[f"x.{i}"], state[f"y.{i}"], state[f"labels.{i}"].long()) for i in range(8)]
    batch = batches[0][0].shape[0]

    def mlp(prefix):
        return exported_mlp(state, prefix)

    if kind == "supcon":
        encoder = mlp("encoder")
        prototypes = torch.nn.Parameter(state["prototypes"].clone())
        params = list(encoder.parameters()) + [prototypes]
        tau, log_prior = 0.1, torch.full((1, prototypes.shape[0]), math.log(0.1))
        eye = torch.eye(batch, dtype=torch.bool)
        entropy = math.log(prototypes.shape[0])

        def loss_of(x, y, labels):
            z, w = F.normalize(encoder(x), dim=1), F.normalize(prototypes, dim=1)
            s = (z @ z.T / tau).masked_fill(eye, -math.inf)
            positives = (labels[:, None] == labels[None, :]) & ~eye
            counts = positives.sum(1)
            contrastive = (torch.logsumexp(s, 1) * counts - s.masked_fill(~positives, 0).sum(1)).sum() / counts.sum().clamp(min=1)
            logits = z @ w.T / tau + log_prior
            loss = contrastive + F.cross_entropy(logits, labels)
            with torch.no_grad():  # the reported I(Z; Y) bound, as the library's step computes it
                torch.log_softmax(logits, 1).gather(1, labels[:, None]).mean() + entropy
            return loss

        after = None
    else:
        query, key = mlp("query"), mlp("key")
        momentum_key = mlp("key")
        for p in momentum_key.parameters():
            p.requires_grad_(False)
        params = list(query.parameters()) + list(key.parameters())
        queue = torch.empty(0, 128)

        def loss_of(x, y, labels):
            gx = query(x)
            s = gx @ key(y).T
            if queue.shape[0] > 0:
                s = torch.cat([s, gx @ queue.T], dim=1)
            return -(s.diagonal().mean() - torch.logsumexp(s, 1).mean() + math.log(s.shape[1]))

        def after(y):
            nonlocal queue
            with torch.no_grad():
                for pm, p in zip(momentum_key.parameters(), key.parameters()):
                    pm.mul_(0.99).add_(p, alpha=0.01)
                queue = torch.cat([queue, momentum_key(y)])[-queue_length:]

    optimizer = torch.optim.Adam(params, lr=1e-3)
    losses, times = [], []
    for step in range(warmup + steps):
        x, y, labels = batches[step % 8]
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_of(x, y, labels)
        loss.backward()
        optimizer.step()
        if after:
            after(y)
        elapsed = time.perf_counter() - t0
        losses.append(loss.item())
        if step >= warmup:
            times.append(elapsed)
    t = statistics.median(times)
    print(json.dumps({"tool": "pytorch", "bench": kind, "batch": batch, "queue": queue_length if kind == "momentum" else 0,
                      "seconds_per_step": t, "steps_per_second": 1 / t, "first_losses": losses[:5], "last_loss": losses[-1],
                      "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)


def minimax(kind, exported, steps, warmup, threads):
    import math

    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file

    torch.set_num_threads(threads)
    state = load_file(exported)
    batches = [(state[f"x.{i}"], state[f"y.{i}"], state[f"labels.{i}"].long(), state[f"attribute.{i}"].long()) for i in range(8)]
    batch = batches[0][0].shape[0]
    encoder, head = exported_mlp(state, "encoder"), exported_mlp(state, "head", depth=2)
    encoder_optimizer = torch.optim.Adam(encoder.parameters(), lr=1e-3)
    head_optimizer = torch.optim.Adam(head.parameters(), lr=1e-3)

    if kind == "minimax-adversary":
        adversary = exported_mlp(state, "adversary", depth=2)
        adversary_optimizer = torch.optim.Adam(adversary.parameters(), lr=1e-3)

        def step(x, y, labels, attribute):
            with torch.no_grad():
                frozen = encoder(x)
            for _ in range(3):
                adversary_optimizer.zero_grad(set_to_none=True)
                F.cross_entropy(adversary(frozen), attribute).backward()
                adversary_optimizer.step()
            for p in adversary.parameters():
                p.requires_grad_(False)
            encoder_optimizer.zero_grad(set_to_none=True)
            head_optimizer.zero_grad(set_to_none=True)
            z = encoder(x)
            loss = F.cross_entropy(head(z), labels) - F.cross_entropy(adversary(z), attribute)
            loss.backward()
            encoder_optimizer.step()
            head_optimizer.step()
            for p in adversary.parameters():
                p.requires_grad_(True)
            return loss.item()
    else:
        linear = torch.nn.Linear(128, 4)
        with torch.no_grad():
            linear.weight.copy_(state["q.linear_mean.weight"])
            linear.bias.copy_(state["q.linear_mean.bias"])
        mean, log_variance = exported_mlp(state, "q.mean", depth=2), exported_mlp(state, "q.log_variance", depth=2)
        coupling = torch.nn.Parameter(state["q.coupling"].clone())
        q_parameters = list(linear.parameters()) + list(mean.parameters()) + list(log_variance.parameters()) + [coupling]
        q_optimizer = torch.optim.Adam(q_parameters, lr=1e-3)
        mask = torch.tril(torch.ones(4, 4), diagonal=-1)
        log_2pi = math.log(2 * math.pi)

        def decorrelated(v):
            return v + v @ (coupling * mask).T

        def negative_log_likelihood(z, a):
            residual = decorrelated(a - (linear(z) + mean(z)))
            v = log_variance(z).clamp(-12, 12)
            return 0.5 * ((residual ** 2 * torch.exp(-v) + v).sum() / z.shape[0] + 4 * log_2pi)

        def club(z, a):
            mu, t = decorrelated(mean(z) + linear(z)), decorrelated(a)
            v = log_variance(z).clamp(-12, 12)
            precision = torch.exp(-v)
            scores = -0.5 * (precision @ (t ** 2).T - 2 * (mu * precision) @ t.T + ((mu ** 2 * precision) + v).sum(1, keepdim=True) + 4 * log_2pi)
            return scores.diagonal().mean() - scores.mean()

        def step(x, y, labels, attribute):
            a = y[:, :4]
            with torch.no_grad():
                frozen = encoder(x)
            for _ in range(5):
                q_optimizer.zero_grad(set_to_none=True)
                negative_log_likelihood(frozen, a).backward()
                q_optimizer.step()
            for p in q_parameters:
                p.requires_grad_(False)
            encoder_optimizer.zero_grad(set_to_none=True)
            head_optimizer.zero_grad(set_to_none=True)
            z = encoder(x)
            loss = F.cross_entropy(head(z), labels) + club(z, a)
            loss.backward()
            encoder_optimizer.step()
            head_optimizer.step()
            for p in q_parameters:
                p.requires_grad_(True)
            return loss.item()

    losses, times = [], []
    for index in range(warmup + steps):
        x, y, labels, attribute = batches[index % 8]
        t0 = time.perf_counter()
        loss = step(x, y, labels, attribute)
        elapsed = time.perf_counter() - t0
        losses.append(loss)
        if index >= warmup:
            times.append(elapsed)
    t = statistics.median(times)
    print(json.dumps({"tool": "pytorch", "bench": kind, "batch": batch, "seconds_per_step": t, "steps_per_second": 1 / t,
                      "first_losses": losses[:5], "last_loss": losses[-1], "torch": torch.__version__,
                      "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--shapes", default="256x256x256,512x512x512,1024x1024x1024,256x128x256")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--export")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queue", type=int, default=4096)
    parser.add_argument("--tiled", action="store_true", help="concat critic: tile all pairs instead of splitting")
    args = parser.parse_args()
    if args.bench == "gemm":
        gemm(args.shapes.split(","), args.repeats)
    elif args.bench in ("supcon", "momentum"):
        objective(args.bench, args.export, args.steps, args.warmup, args.threads, args.queue)
    elif args.bench in ("minimax-adversary", "minimax-club"):
        minimax(args.bench, args.export, args.steps, args.warmup, args.threads)
    else:
        training(args.bench, args.export, args.steps, args.warmup, args.threads, not args.tiled)
