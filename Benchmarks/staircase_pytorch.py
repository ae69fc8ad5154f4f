"""The MI staircase in PyTorch, the reference side of Benchmarks/run-staircase.sh.

Written for this benchmark from the papers (Poole et al. 2019; Song & Ermon 2020; Belghazi
et al. 2018; Cheng et al. 2020), in the form their public reference code uses:
the concat critic tiles all K² pairs [xᵢ, yⱼ] through its MLP, as the reference does.
Same task, critics (PyTorch default initialization), bounds, batch, learning rate and
steps as ours. Writes step,true_mi,estimate rows and prints one JSON line with the median
seconds per step.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn

D = 20
LEVELS = [2.0, 4.0, 6.0, 8.0, 10.0]


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class SeparableCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.g = mlp([D, 256, 256, 32])
        self.h = mlp([D, 256, 256, 32])

    def forward(self, x, y):
        return self.g(x) @ self.h(y).T


class ConcatCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = mlp([2 * D, 256, 256, 1])

    def forward(self, x, y):
        k = x.shape[0]
        pairs = torch.cat([x[:, None, :].expand(k, k, D), y[None, :, :].expand(k, k, D)], dim=2)
        return self.f(pairs.reshape(k * k, 2 * D)).reshape(k, k)


def off_diagonal_log_mean_exp(s):
    k = s.shape[0]
    masked = s - torch.diag(torch.full((k,), float("inf")))
    return torch.logsumexp(masked.reshape(-1), 0) - math.log(k * (k - 1))


def off_diagonal_mean(v):
    k = v.shape[0]
    return (v.sum() - v.diagonal().sum()) / (k * (k - 1))


def js_objective(s):
    return -nn.functional.softplus(-s.diagonal()).mean() - off_diagonal_mean(nn.functional.softplus(s))


class Bound:
    """objective(s) is maximized; value(s) is reported."""

    def __init__(self, name):
        self.name = name
        self.moving_average = None

    def objective(self, s):
        k = s.shape[0]
        if self.name == "infonce":
            return s.diagonal().mean() - torch.logsumexp(s, 1).mean() + math.log(k)
        if self.name == "nwj":
            return s.diagonal().mean() - torch.exp(off_diagonal_log_mean_exp(s) - 1)
        if self.name in ("js", "smile"):
            return js_objective(s)
        if self.name == "mine":
            lme = off_diagonal_log_mean_exp(s)
            current = float(torch.exp(lme.detach()))
            denominator = self.moving_average if self.moving_average is not None else current
            return s.diagonal().mean() - torch.exp(lme) / denominator
        raise ValueError(self.name)

    @torch.no_grad()
    def value(self, s):
        if self.name == "infonce":
            return float(self.objective(s))
        if self.name == "nwj":
            return float(self.objective(s))
        if self.name == "js":
            return float(s.diagonal().mean() + 1 - torch.exp(off_diagonal_log_mean_exp(s)))
        if self.name == "smile":
            return float(s.diagonal().mean() - off_diagonal_log_mean_exp(s.clamp(-5, 5)))
        if self.name == "mine":
            return float(s.diagonal().mean() - off_diagonal_log_mean_exp(s))
        raise ValueError(self.name)

    @torch.no_grad()
    def observe(self, s):
        if self.name == "mine":
            batch = float(torch.exp(off_diagonal_log_mean_exp(s)))
            self.moving_average = batch if self.moving_average is None else 0.9 * self.moving_average + 0.1 * batch


class GaussianConditional(nn.Module):
    def __init__(self):
        super().__init__()
        self.mean = mlp([D, 256, 256, D])
        self.log_variance = mlp([D, 256, 256, D])

    def log_densities(self, x, y):
        mu = self.mean(x)
        v = self.log_variance(x).clamp(-12, 12)
        # L[i, j] = log q(y_j | x_i)
        diff = y[None, :, :] - mu[:, None, :]
        return -0.5 * ((diff ** 2) * torch.exp(-v)[:, None, :] + v[:, None, :] + math.log(2 * math.pi)).sum(-1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bound", required=True)
    parser.add_argument("--critic", default="separable")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--per-level", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rows = ["step,true_mi,estimate"]
    times = []
    step = 0
    if args.bound == "club":
        model = GaussianConditional()
    else:
        model = SeparableCritic() if args.critic == "separable" else ConcatCritic()
        bound = Bound(args.bound)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
    for mi in LEVELS:
        rho = math.sqrt(1 - math.exp(-2 * mi / D))
        for _ in range(args.per_level):
            x = torch.randn(args.batch, D)
            y = rho * x + math.sqrt(1 - rho * rho) * torch.randn(args.batch, D)
            start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            if args.bound == "club":
                log_q = model.log_densities(x, y)
                loss = -log_q.diagonal().mean()
                loss.backward()
                optimizer.step()
                with torch.no_grad():
                    value = float(log_q.diagonal().mean() - log_q.mean())
            else:
                scores = model(x, y)
                loss = -bound.objective(scores)
                loss.backward()
                optimizer.step()
                value = bound.value(scores.detach())
                bound.observe(scores.detach())
            times.append(time.perf_counter() - start)
            rows.append(f"{step},{mi},{value}")
            step += 1
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(rows) + "\n")
    t = statistics.median(times[10:])
    print(json.dumps({"tool": "pytorch", "bench": "staircase", "bound": args.bound,
                      "critic": "gaussian" if args.bound == "club" else args.critic, "batch": args.batch,
                      "steps": len(times), "seconds_per_step": t, "steps_per_second": 1 / t}), flush=True)


if __name__ == "__main__":
    main()
