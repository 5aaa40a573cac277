#!/usr/bin/env python3
"""Stepwise against PyTorch on the primer's CIFAR-shaped CNN, side by side in one run.

For each batch size (4 and 32) and each of --repeats rounds, times one PyTorch float64 training
step (forward, sparse categorical cross-entropy, backward, Adam update; the same layers as
`lessons/examples/cifar-cnn.yaml`) and then runs `stepwise bench builtin:cifar-cnn-bN --json`
(untraced and traced steps), so both see the same machine load. Prints every round, then the
medians and the ratio Stepwise / PyTorch (below 1: Stepwise is faster), with the load average.

Both use --threads threads (default 1: PyTorch's OpenMP threads spin at barriers, so on a machine
busy with other work two of them can be many times slower than one, which would flatter Stepwise).

Needs `torch` (a CPU build is enough): e.g. a venv with `pip install torch`.
Usage: python3 Tools/bench_pytorch.py [--stepwise .build/release/stepwise] [--repeats 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
from torch import nn


def cifar_cnn() -> nn.Module:
    """32×32×3 → conv 32 3×3 relu → pool 2 → conv 64 3×3 relu → pool 2 → conv 64 3×3 relu
    → flatten → dense 64 relu → dense 10 (softmax folded into the loss)."""
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10),
    ).double()


def pytorch_ms_per_step(batch: int, seconds: float) -> float:
    """Mean milliseconds per training step over `seconds`, after a warm-up of 10 steps."""
    torch.manual_seed(1)
    model = cifar_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_function = nn.CrossEntropyLoss()
    images = torch.randn(batch, 3, 32, 32, dtype=torch.float64)
    labels = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()

    for _ in range(10):
        step()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10):
            step()
        count += 10
    return (time.perf_counter() - start) * 1000 / count


def stepwise_ms_per_step(binary: str, batch: int, seconds: float, threads: int) -> tuple[float, float]:
    """(untraced, traced) milliseconds per step from `stepwise bench --json`."""
    environment = dict(os.environ, STEPWISE_THREADS=str(threads))
    output = subprocess.run(
        [binary, "bench", f"builtin:cifar-cnn-b{batch}", "--json", "--seconds", str(seconds)],
        check=True, capture_output=True, text=True, env=environment).stdout
    results = json.loads(output)["results"]
    untraced = next(r["ms_per_step"] for r in results if not r["traced"])
    traced = next(r["ms_per_step"] for r in results if r["traced"])
    return untraced, traced


def build_summary(binary: str) -> str:
    output = subprocess.run([binary, "bench", "builtin:xor-2-2-1", "--json", "--seconds", "0.01"],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)["build"]["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stepwise", default=".build/release/stepwise")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="timing budget of each case")
    parser.add_argument("--batches", type=int, nargs="+", default=[4, 32])
    parser.add_argument("--threads", type=int, choices=[1, 2], default=1, help="threads of each (1 or 2)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if not os.access(args.stepwise, os.X_OK):
        print(f"bench_pytorch: {args.stepwise}: no such executable (build it with scripts/build-site)", file=sys.stderr)
        return 1
    print(f"Stepwise: {args.stepwise}, built for {build_summary(args.stepwise)}")
    print(f"PyTorch {torch.__version__}, float64; {args.threads} thread(s) each; "
          f"load average before: {os.getloadavg()[0]:.1f}")
    medians = {}
    for batch in args.batches:
        rounds = []
        for round_number in range(1, args.repeats + 1):
            pytorch = pytorch_ms_per_step(batch, args.seconds)
            untraced, traced = stepwise_ms_per_step(args.stepwise, batch, args.seconds, args.threads)
            rounds.append((pytorch, untraced, traced))
            print(f"batch {batch:>2}, round {round_number}: PyTorch {pytorch:.2f} ms, Stepwise untraced {untraced:.2f} ms, "
                  f"traced {traced:.2f} ms, traced / PyTorch {traced / pytorch:.2f} (load {os.getloadavg()[0]:.1f})")
        medians[batch] = tuple(statistics.median(r[i] for r in rounds) for i in range(3)) + (
            statistics.median(r[1] / r[0] for r in rounds), statistics.median(r[2] / r[0] for r in rounds))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print()
    print("| CIFAR-shaped CNN, float64 | PyTorch ms/step | Stepwise untraced ms/step | Stepwise traced ms/step | traced / PyTorch |")
    print("| --- | --- | --- | --- | --- |")
    for batch, (pytorch, untraced, traced, _, traced_ratio) in medians.items():
        print(f"| batch {batch} | {pytorch:.2f} | {untraced:.2f} | {traced:.2f} | {traced_ratio:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
