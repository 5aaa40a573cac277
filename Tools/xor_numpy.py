#!/usr/bin/env python3
"""Runs the NumPy XOR loop of lessons/xor from the engine's initial weights and checks that
it computes the same loss as the engine at every step. The loop body must stay the lesson's,
line for line (RunnablePythonTests checks it).

Usage:
  stepwise trace lessons/examples/xor.yaml --record summary --out /tmp/xor.json --resolved-spec /tmp/xor-spec.json
  python3 Tools/xor_numpy.py /tmp/xor-spec.json /tmp/xor.json

Needs NumPy. Prints the largest relative difference and exits 1 if any step differs by more
than 1e-12 (the loop is the lesson's, with its random start replaced by the spec's weights).
"""
import json
import sys

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    spec = json.load(open(sys.argv[1]))
    trace = json.load(open(sys.argv[2]))
    hidden, output = spec["layers"]
    X = np.array(spec["data"]["inputs"], dtype=float)
    t = np.array(spec["data"]["targets"], dtype=float)
    W1 = np.array(hidden["weights"]["kernel"], dtype=float)
    b1 = np.array(hidden["weights"]["bias"], dtype=float)
    W2 = np.array(output["weights"]["kernel"], dtype=float)
    b2 = np.array(output["weights"]["bias"], dtype=float)
    lr = spec["optimizer"]["learning_rate"]
    engine = {step["step"]: step["loss"] for step in trace["steps"]}
    worst = 0.0
    for step in range(1, spec["train"]["steps"] + 1):
        h = np.tanh(X @ W1 + b1)
        y = sigmoid(h @ W2 + b2)
        loss = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
        dz2 = (y - t) / len(X)
        dW2 = h.T @ dz2
        db2 = dz2.sum(axis=0)
        dz1 = (dz2 @ W2.T) * (1 - h**2)
        dW1 = X.T @ dz1
        db1 = dz1.sum(axis=0)
        W1 -= lr * dW1; b1 -= lr * db1
        W2 -= lr * dW2; b2 -= lr * db2
        if step in engine:
            worst = max(worst, abs(loss - engine[step]) / abs(engine[step]))
    print(f"{len(engine)} steps compared, largest relative difference {worst:.3g}")
    sys.exit(0 if worst <= 1e-12 else 1)


if __name__ == "__main__":
    main()
