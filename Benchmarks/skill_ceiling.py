"""What 8 skills can reach in the empowerment recipe's world (docs/Discrete.md).

The two-room gridworld with slip 0.1, 4 steps from the doorway: the best I(Z; S_4) of 8
skills that each play one fixed (open-loop) sequence of 4 actions, p(z) uniform, by local
search (swap one sequence at a time, 20 random starts). The slips keep it below log 8; a
closed-loop policy can correct a slip and do a little better.

    Benchmarks/.venv/bin/python Benchmarks/skill_ceiling.py
"""
import random

import numpy as np

WORLD = ["###########", "#....#....#", "#....#....#", "#.........#", "#....#....#", "#....#....#", "###########"]
SLIP, STEPS, SKILLS = 0.1, 4, 8
MOVES = [(0, -1), (0, 1), (-1, 0), (1, 0), (0, 0)]  # up, down, left, right, stay (Gridworld.Action)

free = [(x, y) for y in range(len(WORLD)) for x in range(len(WORLD[0])) if WORLD[y][x] != "#"]
index = {cell: i for i, cell in enumerate(free)}
n = len(free)
transition = np.zeros((n, 5, n))
for s, (x, y) in enumerate(free):
    def destination(move):
        return index.get((x + MOVES[move][0], y + MOVES[move][1]), s)
    for a in range(5):
        transition[s, a, destination(a)] += 1 - SLIP
        for b in range(5):
            transition[s, a, destination(b)] += SLIP / 5

rows = [np.eye(n)[index[(5, 3)]]]
for _ in range(STEPS):
    rows = [row @ transition[:, a, :] for row in rows for a in range(5)]
channel = np.array(rows)  # 5^4 sequences → final cell


def information(chosen):
    r = channel[chosen]
    q = r.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, r * np.log(r / q), 0.0)
    return terms.sum() / len(chosen)


rng = random.Random(0)
best = 0.0
for _ in range(20):
    chosen = rng.sample(range(len(channel)), SKILLS)
    value = information(chosen)
    improved = True
    while improved:
        improved = False
        for i in range(SKILLS):
            for candidate in range(len(channel)):
                if candidate in chosen:
                    continue
                trial = chosen.copy()
                trial[i] = candidate
                v = information(trial)
                if v > value + 1e-12:
                    chosen, value, improved = trial, v, True
    best = max(best, value)
print(f"best I(Z; S_4) of {SKILLS} open-loop skills: {best:.4f} nats (log {SKILLS} = {np.log(SKILLS):.4f})")
