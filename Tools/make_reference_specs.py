#!/usr/bin/env python3
"""Writes the reference model specs used by Stepwise's Keras reference tests.

Each spec lands in Tests/StepwiseEngineTests/Reference/specs/<name>.json with every
weight written out as a literal number (values drawn once from a seeded numpy RNG
and rounded to 4 decimals, so the files are readable and parse to the same Double
everywhere). Tools/keras_reference.py then turns each spec into the expected trace.

Run from the repository root:  python3 Tools/make_reference_specs.py
Only needed when adding or changing a reference spec; the spec files are the
checked-in inputs, this script just documents how their numbers were chosen.
"""

import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC_DIR = os.path.join(ROOT, "Tests", "StepwiseEngineTests", "Reference", "specs")


class Gen:
    """Seeded source of moderate, rounded numbers for one spec."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def u(self, shape, lo=-0.5, hi=0.5):
        return np.round(self.rng.uniform(lo, hi, shape), 4).tolist()

    def ints(self, shape, n):
        return self.rng.integers(0, n, shape).tolist()

    def one_hot(self, n, classes):
        idx = self.rng.integers(0, classes, n)
        return np.eye(classes)[idx].tolist()


# --- layer helpers (weights in the spec's Keras layouts) ---------------------

def dense(g, n_in, units, activation, name=None, regularizer=None):
    layer = {"type": "dense"}
    if name:
        layer["name"] = name
    layer.update({"units": units, "activation": activation})
    if regularizer:
        layer["regularizer"] = regularizer
    layer["weights"] = {"kernel": g.u((n_in, units)), "bias": g.u((units,), -0.2, 0.2)}
    return layer


def conv2d(g, in_ch, filters, kernel_size, activation, strides=(1, 1), padding="valid",
           regularizer=None, bias_range=(-0.2, 0.2)):
    layer = {"type": "conv2d", "filters": filters, "kernel_size": list(kernel_size),
             "strides": list(strides), "padding": padding, "activation": activation}
    if regularizer:
        layer["regularizer"] = regularizer
    layer["weights"] = {"kernel": g.u(tuple(kernel_size) + (in_ch, filters)),
                        "bias": g.u((filters,), *bias_range)}
    return layer


def lstm(g, n_in, units, return_sequences=False):
    return {"type": "lstm", "units": units, "return_sequences": return_sequences,
            "weights": {"kernel": g.u((n_in, 4 * units)),
                        "recurrent_kernel": g.u((units, 4 * units)),
                        "bias": g.u((4 * units,), -0.2, 0.2)}}


def mha(g, d_model, heads, key_dim, causal, name=None):
    hk = heads * key_dim
    layer = {"type": "multi_head_attention"}
    if name:
        layer["name"] = name
    layer.update({"num_heads": heads, "key_dim": key_dim, "causal": causal})
    layer["weights"] = {
        "wq": g.u((d_model, hk)), "bq": g.u((hk,), -0.2, 0.2),
        "wk": g.u((d_model, hk)), "bk": g.u((hk,), -0.2, 0.2),
        "wv": g.u((d_model, hk)), "bv": g.u((hk,), -0.2, 0.2),
        "wo": g.u((hk, d_model)), "bo": g.u((d_model,), -0.2, 0.2),
    }
    return layer


def layer_norm(g, d, epsilon=None, name=None):
    layer = {"type": "layer_norm"}
    if name:
        layer["name"] = name
    if epsilon is not None:
        layer["epsilon"] = epsilon
    layer["weights"] = {"gamma": g.u((d,), 0.5, 1.5), "beta": g.u((d,), -0.3, 0.3)}
    return layer


def spec(name, input_shape, layers, loss, optimizer, inputs, targets, train=None):
    s = {"name": name, "seed": 1, "input_shape": list(input_shape), "layers": layers,
         "loss": loss, "optimizer": optimizer, "data": {"inputs": inputs, "targets": targets}}
    if train is not None:
        s["train"] = train
    return s


# --- the reference specs -----------------------------------------------------

def build_specs():
    specs = []

    # Matt Mazur's "A Step by Step Backpropagation Example" (2015).
    specs.append(spec(
        "dense-mazur", [2],
        [{"type": "dense", "name": "hidden", "units": 2, "activation": "sigmoid",
          "weights": {"kernel": [[0.15, 0.25], [0.20, 0.30]], "bias": [0.35, 0.35]}},
         {"type": "dense", "name": "output", "units": 2, "activation": "sigmoid",
          "weights": {"kernel": [[0.40, 0.50], [0.45, 0.55]], "bias": [0.60, 0.60]}}],
        "mse", {"type": "sgd", "learning_rate": 0.5},
        [[0.05, 0.10]], [[0.01, 0.99]]))

    g = Gen(101)
    specs.append(spec(
        "dense-tanh-softmax-momentum", [3],
        [dense(g, 3, 4, "tanh"), dense(g, 4, 3, "softmax")],
        "cross_entropy", {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9},
        g.u((4, 3), -1, 1), g.one_hot(4, 3), {"steps": 3, "batch_size": 2}))

    g = Gen(102)
    hidden = dense(g, 2, 3, "relu", regularizer={"l1": 0.0, "l2": 0.01})
    hidden["weights"]["bias"] = g.u((3,), 0.0, 0.2)
    specs.append(spec(
        "dense-bce-nesterov-l2", [2],
        [hidden, dense(g, 3, 1, "sigmoid")],
        "binary_crossentropy",
        {"type": "sgd", "learning_rate": 0.2, "momentum": 0.8, "nesterov": True},
        g.u((4, 2), -1, 1), [[0.0], [1.0], [1.0], [0.0]], {"steps": 4}))

    g = Gen(103)
    hidden = dense(g, 4, 5, "relu", regularizer={"l1": 0.001, "l2": 0.002})
    hidden["weights"]["bias"] = g.u((5,), 0.0, 0.2)
    specs.append(spec(
        "dense-sparse-adam-l1l2", [4],
        [hidden, dense(g, 5, 3, "softmax")],
        "sparse_categorical_crossentropy", {"type": "adam", "learning_rate": 0.01},
        g.u((5, 4), -1, 1), [0, 2, 1, 2, 0], {"steps": 5, "batch_size": 3}))

    g = Gen(104)
    specs.append(spec(
        "dense-mse-adam-linear", [3],
        [dense(g, 3, 4, "tanh"), dense(g, 4, 2, "linear")],
        "mse",
        {"type": "adam", "learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6},
        g.u((3, 3), -1, 1), g.u((3, 2), -1, 1), {"steps": 3}))

    # --- conv ---
    g = Gen(201)
    specs.append(spec(
        "conv-valid-stride1", [5, 5, 2],
        [conv2d(g, 2, 3, (3, 3), "relu", padding="valid", bias_range=(0.0, 0.2)),
         {"type": "flatten"},
         dense(g, 27, 2, "softmax")],
        "cross_entropy", {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9},
        g.u((4, 5, 5, 2), -1, 1), g.one_hot(4, 2), {"steps": 2, "batch_size": 2}))

    g = Gen(202)
    # conv output 4x3x2 (ceil(7/2) x ceil(5/2)); a 2x2 valid max pool fits (-> 2x1x2).
    specs.append(spec(
        "conv-same-stride2-odd", [7, 5, 1],
        [conv2d(g, 1, 2, (3, 2), "tanh", strides=(2, 2), padding="same"),
         {"type": "max_pool2d", "pool_size": [2, 2], "strides": [2, 2], "padding": "valid"},
         {"type": "flatten"},
         dense(g, 4, 1, "linear")],
        "mse", {"type": "adam", "learning_rate": 0.01},
        g.u((3, 7, 5, 1), -1, 1), g.u((3, 1), -1, 1), {"steps": 2, "batch_size": 2}))

    g = Gen(203)
    specs.append(spec(
        "conv-same-stride1-pools", [6, 6, 2],
        [conv2d(g, 2, 2, (3, 3), "relu", padding="same",
                regularizer={"l1": 0.0, "l2": 0.01}, bias_range=(0.0, 0.2)),
         {"type": "max_pool2d", "pool_size": [2, 2], "strides": [2, 2], "padding": "valid"},
         conv2d(g, 2, 3, (2, 2), "sigmoid", padding="valid"),
         {"type": "avg_pool2d", "pool_size": [2, 2], "strides": [2, 2], "padding": "valid"},
         {"type": "flatten"},
         dense(g, 3, 3, "softmax")],
        "sparse_categorical_crossentropy", {"type": "adam", "learning_rate": 0.01},
        g.u((6, 6, 6, 2), -1, 1), [0, 1, 2, 2, 1, 0], {"steps": 2, "batch_size": 3}))

    # --- lstm ---
    g = Gen(301)
    specs.append(spec(
        "lstm-single", [4, 3],
        [lstm(g, 3, 5), dense(g, 5, 1, "linear")],
        "mse", {"type": "sgd", "learning_rate": 0.1},
        g.u((3, 4, 3), -1, 1), g.u((3, 1), -1, 1), {"steps": 2, "batch_size": 2}))

    g = Gen(302)
    specs.append(spec(
        "lstm-stacked", [5, 2],
        [lstm(g, 2, 4, return_sequences=True), lstm(g, 4, 3), dense(g, 3, 2, "softmax")],
        "cross_entropy", {"type": "adam", "learning_rate": 0.01},
        g.u((4, 5, 2), -1, 1), g.one_hot(4, 2), {"steps": 2, "batch_size": 2}))

    g = Gen(303)
    specs.append(spec(
        "lstm-sequences-out", [3, 2],
        [lstm(g, 2, 3, return_sequences=True), dense(g, 3, 1, "sigmoid")],
        "binary_crossentropy", {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9},
        g.u((2, 3, 2), -1, 1), [[[1.0], [0.0], [1.0]], [[0.0], [0.0], [1.0]]], {"steps": 2}))

    # --- attention ---
    g = Gen(401)
    specs.append(spec(
        "attention-basic", [4, 6],
        [{"type": "positional_encoding"}, mha(g, 6, 2, 3, False), {"type": "flatten"},
         dense(g, 24, 2, "softmax")],
        "cross_entropy", {"type": "adam", "learning_rate": 0.01},
        g.u((4, 4, 6), -1, 1), g.one_hot(4, 2), {"steps": 2, "batch_size": 2}))

    g = Gen(402)
    specs.append(spec(
        "attention-causal-uneven", [5, 4],
        [mha(g, 4, 3, 2, True), layer_norm(g, 4), {"type": "flatten"},
         dense(g, 20, 1, "linear")],
        "mse", {"type": "sgd", "learning_rate": 0.05, "momentum": 0.9},
        g.u((3, 5, 4), -1, 1), g.u((3, 1), -1, 1), {"steps": 2, "batch_size": 2}))

    g = Gen(403)
    emb = {"type": "embedding", "name": "tokens", "input_dim": 7, "output_dim": 4,
           "weights": {"embeddings": g.u((7, 4))}}
    # Token 6 never occurs, so its embedding row only moves through Adam's state.
    tokens = [[0, 3, 1, 5, 2], [4, 4, 0, 1, 3], [2, 5, 5, 3, 0], [1, 0, 4, 2, 2]]
    specs.append(spec(
        "embedding-attention", [5],
        [emb, {"type": "positional_encoding", "name": "pos"},
         mha(g, 4, 2, 2, True, name="attn"), layer_norm(g, 4, epsilon=1e-5, name="norm"),
         {"type": "flatten", "name": "flat"}, dense(g, 20, 3, "softmax", name="classifier")],
        "sparse_categorical_crossentropy", {"type": "adam", "learning_rate": 0.01},
        tokens, [0, 2, 1, 2], {"steps": 2, "batch_size": 2}))

    return specs


# --- compact, readable JSON (numeric arrays on one line) ---------------------

def _numeric(v):
    if isinstance(v, list):
        return all(_numeric(x) for x in v)
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt(v, indent=0):
    pad = "  " * (indent + 1)
    if isinstance(v, dict):
        if not v:
            return "{}"
        if all(not isinstance(x, (dict, list)) for x in v.values()) and len(v) <= 6:
            return json.dumps(v)
        items = [pad + json.dumps(k) + ": " + fmt(x, indent + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(v, list) and not _numeric(v):
        items = [pad + fmt(x, indent + 1) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    return json.dumps(v)


def main(argv):
    os.makedirs(SPEC_DIR, exist_ok=True)
    wanted = set(argv[1:])
    for s in build_specs():
        if wanted and s["name"] not in wanted:
            continue
        path = os.path.join(SPEC_DIR, s["name"] + ".json")
        text = fmt(s) + "\n"
        assert json.loads(text) == s
        with open(path, "w") as f:
            f.write(text)
        print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main(sys.argv)
