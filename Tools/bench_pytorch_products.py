#!/usr/bin/env python3
"""Times, with PyTorch (torch.mm, float64), the matrix products `stepwise bench --products` times.

The same twelve products of one CIFAR-shaped CNN training step at batch 4, or at --batch (each
convolution's forward, kernel gradient and patch gradient; the first dense layer's three),
transposed operands passed as transposed views as the engine reads them, so the two tables
compare kernel with kernel.
Needs `torch` (a CPU build is enough). One thread unless --threads says otherwise.
Usage: python3 Tools/bench_pytorch_products.py [--seconds 0.5] [--threads 1] [--batch 4]
"""
import argparse
import time

import torch


def products(batch: int):
    """(name, m, k, n, transpose_a, transpose_b), as MatrixProductBenchmark.cifarCNNProducts lists them."""
    result = []
    for name, positions, depth, filters in [("convolution 1", 30 * 30, 27, 32),
                                            ("convolution 2", 13 * 13, 288, 64),
                                            ("convolution 3", 4 * 4, 576, 64)]:
        rows = batch * positions
        result += [(f"{name}, forward", rows, depth, filters, False, False),
                   (f"{name}, kernel gradient", depth, rows, filters, True, False),
                   (f"{name}, patch gradient", rows, filters, depth, False, True)]
    return result + [("dense 1, forward", batch, 1024, 64, False, False),
                     ("dense 1, weight gradient", 1024, batch, 64, True, False),
                     ("dense 1, input gradient", batch, 64, 1024, False, True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="timing budget of each product")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=4, help="the step's batch size, as stepwise bench --batch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(1)
    print(f"PyTorch {torch.__version__}, float64, {args.threads} thread(s)\n")
    print(f"| matrix product of a CIFAR CNN step, batch {args.batch} (PyTorch) | ms | GFLOP/s |\n| --- | --- | --- |")
    total = 0.0
    for name, m, k, n, transpose_a, transpose_b in products(args.batch):
        a = torch.rand(k, m, dtype=torch.float64, generator=generator).t() if transpose_a \
            else torch.rand(m, k, dtype=torch.float64, generator=generator)
        b = torch.rand(n, k, dtype=torch.float64, generator=generator).t() if transpose_b \
            else torch.rand(k, n, dtype=torch.float64, generator=generator)
        for _ in range(3):
            torch.mm(a, b)
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            torch.mm(a, b)
            count += 1
        milliseconds = (time.perf_counter() - start) * 1000 / count
        total += milliseconds
        print(f"| {name}: {m} × {k} · {k} × {n} | {milliseconds:.3g} | {2 * m * k * n / milliseconds / 1e6:.1f} |")
    print(f"| all of them | {total:.3g} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
