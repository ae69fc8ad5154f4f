"""Writes dit_fixtures.json: exact measures of small distributions computed with dit
(https://github.com/dit/dit, BSD-3-Clause), against which MIDiscrete is tested (issue 13).
Run from the repository root with dit installed (pip install dit; dit 2.3 made the
committed file): python3 Tests/MIDiscreteTests/Fixtures/make_dit_fixtures.py
Every value is in nats (dit's bits times log 2)."""
import itertools
import json
import math
import os

import dit
import numpy as np
from dit.multivariate import coinformation, dual_total_correlation, entropy, total_correlation
from dit.shannon import conditional_entropy, mutual_information


def dense(names, alphabets, pmf):
    """A dit Distribution from a dense C-order table over the given alphabets."""
    outcomes, probabilities = [], []
    for index, p in zip(itertools.product(*[range(len(a)) for a in alphabets]), pmf):
        if p > 0:
            outcomes.append(tuple(alphabets[v][i] for v, i in enumerated(index)))
            probabilities.append(p)
    d = dit.Distribution(outcomes, probabilities)
    d.set_rv_names(names)
    return d


def enumerated(index):
    return list(enumerate(index))


def case(label, names, alphabets, pmf):
    pmf = [float(p) for p in pmf]
    d = dense(names, alphabets, pmf)
    nats = math.log(2)
    n = len(names)
    pairs = []
    for i, j in itertools.combinations(range(n), 2):
        rest = [names[k] for k in range(n) if k not in (i, j)]
        pairs.append({
            "first": names[i], "second": names[j],
            "mi": mutual_information(d, [names[i]], [names[j]]) * nats,
            "cmi": (dit.multivariate.coinformation(d, [[names[i]], [names[j]]], rest) if rest
                    else mutual_information(d, [names[i]], [names[j]])) * nats,
        })
    return {
        "label": label, "names": names, "alphabets": alphabets, "pmf": pmf,
        "entropies": [entropy(d, [name]) * nats for name in names],
        "joint_entropy": entropy(d) * nats,
        "conditional_entropy_first_given_rest": conditional_entropy(d, [names[0]], names[1:]) * nats,
        "pairs": pairs,
        "total_correlation": total_correlation(d) * nats,
        "dual_total_correlation": dual_total_correlation(d) * nats,
        "coinformation": coinformation(d) * nats,
    }


rng = np.random.default_rng(13)
bits = ["0", "1"]
cases = [
    case("xor", ["X", "Y", "Z"], [bits] * 3, [0.25 if (x ^ y) == z else 0 for x, y, z in itertools.product([0, 1], repeat=3)]),
    case("and", ["X", "Y", "Z"], [bits] * 3, [0.25 if (x & y) == z else 0 for x, y, z in itertools.product([0, 1], repeat=3)]),
    case("copy of a three-valued variable", ["A", "B"], [["a", "b", "c"]] * 2, [0.5, 0, 0, 0, 0.3, 0, 0, 0, 0.2]),
    case("independent", ["X", "Y"], [bits, ["lo", "mid", "hi"]], list(np.outer([0.3, 0.7], [0.2, 0.3, 0.5]).ravel())),
]
p = rng.dirichlet(np.ones(12))
p[3] = 0
cases.append(case("random 2x3x2 with a zero", ["U", "V", "W"], [bits, ["r", "g", "b"], bits], list(p / p.sum())))
cases.append(case("random four bits", ["A", "B", "C", "D"], [bits] * 4, list(rng.dirichlet(np.ones(16) * 0.5))))
cases.append(case("weather", ["outlook", "windy", "play"], [["sunny", "overcast", "rain"], ["no", "yes"], ["no", "yes"]],
                  list(rng.dirichlet(np.ones(12)))))
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "dit_fixtures.json"), "w") as f:
    json.dump({"generator": f"dit {dit.__version__}", "unit": "nats", "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases with dit {dit.__version__}")
