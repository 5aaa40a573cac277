#!/usr/bin/env python3
"""Keras reference generator for Stepwise's engine tests.

For every model spec in Tests/StepwiseEngineTests/Reference/specs/*.json this script
builds the equivalent Keras model in float64, loads the spec's explicit weights, runs
the spec's training steps with a manual tf.GradientTape loop (the same update Keras's
own train_step makes: data loss + sum(model.losses), one optimizer instance across all
steps) and writes Tests/StepwiseEngineTests/Reference/expected/<same name>.json with,
per step, the loss, every layer's output, every parameter's value before the update,
its gradient and its value after, and d(loss)/d(input).

Its output is the source of truth for the engine's reference tests: when the engine
and these files disagree, the engine is wrong (or the contract in model-spec.md is).
Do not edit the expected files by hand; change a spec and rerun the script.

Run from anywhere:    python3 Tools/keras_reference.py [SPEC_NAME ...]
Generated with TensorFlow 2.21.0 and Keras 3.15.1 (CPU, TensorFlow backend). The
versions actually used are written into every expected file's "source" field.

The run is deterministic (float64, one CPU thread, oneDNN off, op determinism on,
no randomness anywhere: every weight comes from the spec), so rerunning regenerates
byte-identical files. Specs with train.shuffle true, or with a parameterised layer
lacking any of its weights, are refused: their result would depend on Stepwise's own RNG.

Where stock Keras 3 (floatx float64) departs from the contract's "float64 throughout",
this script steps around it with Keras's own code, and says so where it does it:
  * ops.cast() of a Python float goes through float32, which rounds SGD's momentum,
    Adam's beta_1/beta_2 (in the bias-correction powers), the L1L2 factors and the
    attention scale 1/sqrt(key_dim). They are handed to Keras as numpy float64 instead.
  * Embedding gradients are IndexedSlices (one slice per token occurrence); Keras's Adam
    would square the slices before summing repeated tokens. They are densified first.
Left as Keras does it (identical numbers on these specs): crossentropy on a softmax /
sigmoid output is computed from the pre-activation logits, without the 1e-7 clip.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ["KERAS_BACKEND"] = "tensorflow"

import glob  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()
keras.config.set_floatx("float64")
keras.utils.set_random_seed(0)  # only feeds Keras's throw-away initialisers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF_DIR = os.path.join(ROOT, "Tests", "StepwiseEngineTests", "Reference")
SPEC_DIR = os.path.join(REF_DIR, "specs")
OUT_DIR = os.path.join(REF_DIR, "expected")
SOURCE = "Tools/keras_reference.py (Keras %s, TensorFlow %s, float64)" % (
    keras.__version__, tf.__version__)

ACTIVATIONS = {"linear", "sigmoid", "tanh", "relu", "softmax"}


class SpecError(Exception):
    pass


class PositionalEncoding(keras.layers.Layer):
    """Adds the sinusoidal table pe[t, 2i] = sin(t / 10000^(2i/d)), pe[t, 2i+1] = cos(...)."""

    def __init__(self, steps, d_model, **kwargs):
        super().__init__(**kwargs)
        table = np.zeros((steps, d_model), dtype=np.float64)
        for t in range(steps):
            for j in range(d_model):
                angle = t / math.pow(10000.0, (2 * (j // 2)) / d_model)
                table[t, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
        self.table = table

    def call(self, x):
        return x + tf.constant(self.table, dtype=x.dtype)


# --- spec -> Keras -------------------------------------------------------------

def spec_layout(layer_type, param, kshape):
    """The spec's shape for a parameter whose Keras variable has shape kshape.

    Identical except for attention, where Keras splits the heads out:
    wq/wk/wv [d, H, K] -> [d, H*K], bq/bk/bv [H, K] -> [H*K], wo [H, K, d] -> [H*K, d].
    Spec and Keras layouts are the same numbers in the same row-major order, so
    converting is a reshape (head h owns spec columns h*K ..< (h+1)*K).
    """
    if layer_type != "multi_head_attention":
        return tuple(kshape)
    if param in ("wq", "wk", "wv"):
        return (kshape[0], kshape[1] * kshape[2])
    if param in ("bq", "bk", "bv"):
        return (kshape[0] * kshape[1],)
    if param == "wo":
        return (kshape[0] * kshape[1], kshape[2])
    return tuple(kshape)


def expect_keys(layer, name, required, optional=()):
    allowed = {"type", "name"} | set(required) | set(optional)
    for k in required:
        if k not in layer:
            raise SpecError("layer %s: missing field %r" % (name, k))
    for k in layer:
        if k not in allowed:
            raise SpecError("layer %s: unsupported field %r" % (name, k))


def regularizer_of(layer, name):
    r = layer.get("regularizer")
    if r is None:
        return None
    if set(r) - {"l1", "l2"}:
        raise SpecError("layer %s: regularizer takes only l1 and l2" % name)
    reg = keras.regularizers.L1L2(l1=float(r.get("l1", 0.0)), l2=float(r.get("l2", 0.0)))
    # L1L2 ops.cast()s its Python-float factors through float32 (0.01 would become
    # 0.009999999776482582); store them as float64 so the penalty is exact.
    reg.l1, reg.l2 = np.float64(reg.l1), np.float64(reg.l2)
    return reg


def activation_of(layer, name):
    a = layer.get("activation", "linear")
    if a not in ACTIVATIONS:
        raise SpecError("layer %s: unsupported activation %r" % (name, a))
    return a


def build_model(spec):
    """Returns (model, layer_records, is_integer_input).

    layer_records: list of (spec_name, keras_layer, [(param, variable, to_keras, to_spec)]).
    """
    layers = spec["layers"]
    if not layers:
        raise SpecError("spec has no layers")
    integer_input = layers[0]["type"] == "embedding"
    inp = keras.Input(shape=tuple(spec["input_shape"]),
                      dtype="int32" if integer_input else "float64", name="input")
    x = inp
    records = []
    names = set()
    outputs = []
    for index, layer in enumerate(layers):
        t = layer.get("type")
        name = layer.get("name", "%s%d" % (t, index))
        if name in names:
            raise SpecError("duplicate layer name %r" % name)
        names.add(name)
        kname = "L%d_%s" % (index, t)
        shape_in = tuple(x.shape[1:])
        params = []  # (param, getter, spec_shape)

        if t == "dense":
            expect_keys(layer, name, ["units", "weights"], ["activation", "regularizer"])
            kl = keras.layers.Dense(int(layer["units"]), activation=activation_of(layer, name),
                                    kernel_regularizer=regularizer_of(layer, name), name=kname)
            x = kl(x)
            params = [("kernel", lambda l: l.kernel), ("bias", lambda l: l.bias)]
        elif t == "conv2d":
            expect_keys(layer, name, ["filters", "kernel_size", "weights"],
                        ["strides", "padding", "activation", "regularizer"])
            padding = layer.get("padding", "valid")
            if padding not in ("valid", "same"):
                raise SpecError("layer %s: padding must be valid or same" % name)
            kl = keras.layers.Conv2D(int(layer["filters"]), tuple(layer["kernel_size"]),
                                     strides=tuple(layer.get("strides", [1, 1])),
                                     padding=padding, activation=activation_of(layer, name),
                                     kernel_regularizer=regularizer_of(layer, name), name=kname)
            x = kl(x)
            params = [("kernel", lambda l: l.kernel), ("bias", lambda l: l.bias)]
        elif t in ("max_pool2d", "avg_pool2d"):
            expect_keys(layer, name, ["pool_size"], ["strides", "padding"])
            if layer.get("padding", "valid") != "valid":
                raise SpecError("layer %s: pooling supports padding valid only" % name)
            cls = keras.layers.MaxPooling2D if t == "max_pool2d" else keras.layers.AveragePooling2D
            pool = tuple(layer["pool_size"])
            kl = cls(pool_size=pool, strides=tuple(layer.get("strides", pool)),
                     padding="valid", name=kname)
            x = kl(x)
        elif t == "flatten":
            expect_keys(layer, name, [])
            kl = keras.layers.Flatten(name=kname)
            x = kl(x)
        elif t == "lstm":
            expect_keys(layer, name, ["units", "weights"], ["return_sequences", "regularizer"])
            kl = keras.layers.LSTM(int(layer["units"]),
                                   return_sequences=bool(layer.get("return_sequences", False)),
                                   kernel_regularizer=regularizer_of(layer, name), name=kname)
            x = kl(x)
            params = [("kernel", lambda l: l.cell.kernel),
                      ("recurrent_kernel", lambda l: l.cell.recurrent_kernel),
                      ("bias", lambda l: l.cell.bias)]
        elif t == "multi_head_attention":
            expect_keys(layer, name, ["num_heads", "key_dim", "weights"], ["causal"])
            kl = keras.layers.MultiHeadAttention(int(layer["num_heads"]), int(layer["key_dim"]),
                                                 name=kname)
            x = kl(x, x, use_causal_mask=bool(layer.get("causal", False)))
            # Keras keeps 1/sqrt(key_dim) as a Python float and tf.cast()s it, which
            # rounds it to float32 first; hand it a float64 so the scale is exact.
            kl._inverse_sqrt_key_dim = np.float64(1.0 / math.sqrt(float(layer["key_dim"])))
            params = [("wq", lambda l: l._query_dense.kernel), ("bq", lambda l: l._query_dense.bias),
                      ("wk", lambda l: l._key_dense.kernel), ("bk", lambda l: l._key_dense.bias),
                      ("wv", lambda l: l._value_dense.kernel), ("bv", lambda l: l._value_dense.bias),
                      ("wo", lambda l: l._output_dense.kernel), ("bo", lambda l: l._output_dense.bias)]
        elif t == "positional_encoding":
            expect_keys(layer, name, [])
            if len(shape_in) != 2:
                raise SpecError("layer %s: positional_encoding needs input [T, d_model]" % name)
            kl = PositionalEncoding(shape_in[0], shape_in[1], name=kname)
            x = kl(x)
        elif t == "layer_norm":
            expect_keys(layer, name, ["weights"], ["epsilon"])
            kl = keras.layers.LayerNormalization(axis=-1, epsilon=float(layer.get("epsilon", 1e-3)),
                                                 name=kname)
            x = kl(x)
            params = [("gamma", lambda l: l.gamma), ("beta", lambda l: l.beta)]
        elif t == "embedding":
            if index != 0:
                raise SpecError("layer %s: embedding must be the first layer" % name)
            expect_keys(layer, name, ["input_dim", "output_dim", "weights"])
            kl = keras.layers.Embedding(int(layer["input_dim"]), int(layer["output_dim"]), name=kname)
            x = kl(x)
            params = [("embeddings", lambda l: l.embeddings)]
        else:
            raise SpecError("layer %s: unsupported type %r" % (name, t))

        outputs.append(x)
        bound = []
        given = layer.get("weights")
        if params:
            if not isinstance(given, dict):
                raise SpecError("layer %s has no explicit weights; reference specs must give "
                                "every weight" % name)
            missing = [p for p, _ in params if p not in given]
            extra = sorted(set(given) - {p for p, _ in params})
            if missing or extra:
                raise SpecError("layer %s: weights missing %s / unexpected %s"
                                % (name, missing, extra))
            for p, getter in params:
                var = getter(kl)
                kshape = tuple(var.shape)
                value = np.asarray(given[p], dtype=np.float64)
                spec_shape = spec_layout(t, p, kshape)
                if value.shape != spec_shape:
                    raise SpecError("layer %s: %s has shape %s, expected %s"
                                    % (name, p, list(value.shape), list(spec_shape)))
                var.assign(value.reshape(kshape))
                bound.append((p, var, spec_shape))
        elif given:
            raise SpecError("layer %s (%s) takes no weights" % (name, t))
        records.append((name, kl, bound))

    model = keras.Model(inp, outputs, name="reference")
    ours = {id(v) for _, _, b in records for _, v, _ in b}
    theirs = {id(v) for v in model.trainable_variables}
    if ours != theirs:
        raise SpecError("internal: Keras has trainable variables the spec does not name")
    return model, records, integer_input


def make_loss(name):
    table = {
        "mse": keras.losses.MeanSquaredError,
        "binary_crossentropy": keras.losses.BinaryCrossentropy,
        "cross_entropy": keras.losses.CategoricalCrossentropy,
        "sparse_categorical_crossentropy": keras.losses.SparseCategoricalCrossentropy,
    }
    if name not in table:
        raise SpecError("unsupported loss %r" % name)
    return table[name]()


def make_optimizer(o):
    # Hyperparameters are passed as numpy float64: Keras ops.cast()s Python floats
    # through float32 (SGD's momentum, Adam's beta powers), which would round e.g.
    # 0.9 to 0.8999999761581421. The contract says float64 throughout.
    f = np.float64
    t = o.get("type")
    if t == "sgd":
        if set(o) - {"type", "learning_rate", "momentum", "nesterov"}:
            raise SpecError("unsupported sgd field in %s" % sorted(o))
        return keras.optimizers.SGD(learning_rate=f(o["learning_rate"]),
                                    momentum=f(o.get("momentum", 0.0)),
                                    nesterov=bool(o.get("nesterov", False)))
    if t == "adam":
        if set(o) - {"type", "learning_rate", "beta_1", "beta_2", "epsilon"}:
            raise SpecError("unsupported adam field in %s" % sorted(o))
        return keras.optimizers.Adam(learning_rate=f(o["learning_rate"]),
                                     beta_1=f(o.get("beta_1", 0.9)),
                                     beta_2=f(o.get("beta_2", 0.999)),
                                     epsilon=f(o.get("epsilon", 1e-7)))
    raise SpecError("unsupported optimizer %r" % t)


# --- running -------------------------------------------------------------------

def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise SpecError("non-finite number in result")
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def dense_grad(g):
    if isinstance(g, tf.IndexedSlices):
        return tf.convert_to_tensor(g)
    return g


def run(spec, spec_file):
    train = spec.get("train", {})
    if set(train) - {"steps", "batch_size", "shuffle"}:
        raise SpecError("unsupported train field in %s" % sorted(train))
    if train.get("shuffle", False):
        raise SpecError("train.shuffle is true; reference specs must not shuffle "
                        "(the order would come from Stepwise's RNG)")
    if "data" not in spec or "inputs" not in spec["data"] or "targets" not in spec["data"]:
        raise SpecError("reference specs must carry data.inputs and data.targets")

    model, records, integer_input = build_model(spec)
    loss_fn = make_loss(spec["loss"])
    optimizer = make_optimizer(spec["optimizer"])

    x_all = np.asarray(spec["data"]["inputs"], dtype=np.int32 if integer_input else np.float64)
    sparse = spec["loss"] == "sparse_categorical_crossentropy"
    y_all = np.asarray(spec["data"]["targets"], dtype=np.int32 if sparse else np.float64)
    n = x_all.shape[0]
    if y_all.shape[0] != n:
        raise SpecError("inputs and targets disagree on the number of samples")
    if tuple(x_all.shape[1:]) != tuple(spec["input_shape"]):
        raise SpecError("data.inputs samples have shape %s, input_shape is %s"
                        % (list(x_all.shape[1:]), spec["input_shape"]))
    if integer_input:
        vocab = int(spec["layers"][0]["input_dim"])
        if x_all.min() < 0 or x_all.max() >= vocab:
            raise SpecError("token id outside [0, input_dim)")
    batch = int(train.get("batch_size", n))
    steps = int(train.get("steps", 1))
    n_batches = -(-n // batch)

    variables = [v for _, _, b in records for _, v, _ in b]
    result_steps = []
    for k in range(1, steps + 1):
        b = (k - 1) % n_batches
        xb = tf.constant(x_all[b * batch:(b + 1) * batch])
        yb = tf.constant(y_all[b * batch:(b + 1) * batch])
        before = [v.numpy().copy() for v in variables]
        with tf.GradientTape() as tape:
            if not integer_input:
                tape.watch(xb)
            outs = model(xb, training=True)
            if not isinstance(outs, (list, tuple)):
                outs = [outs]
            # Keras Trainer.compute_loss: ops.sum([data_loss, *model.losses]).
            losses = [loss_fn(yb, outs[-1])] + list(model.losses)
            total = losses[0] if len(losses) == 1 else keras.ops.sum(losses)
        targets = variables + ([] if integer_input else [xb])
        grads = tape.gradient(total, targets)
        var_grads = grads[:len(variables)]
        if any(g is None for g in var_grads):
            raise SpecError("internal: a parameter has no gradient")
        # Embedding gradients arrive as IndexedSlices with one slice per token
        # occurrence; Keras's Adam would square those slices before summing repeated
        # tokens (v += sum of g_i^2 instead of (sum g_i)^2). Densify first so every
        # optimizer sees the plain gradient tensor, as the contract's update rule says.
        var_grads = [dense_grad(g) for g in var_grads]
        optimizer.apply_gradients(zip(var_grads, variables))

        step = {"step": k, "loss": float(total.numpy()), "outputs": {}, "params": {},
                "input_grad": None if integer_input else tensor(grads[-1].numpy())}
        i = 0
        for (name, _, bound), out in zip(records, outs):
            step["outputs"][name] = tensor(out.numpy())
            for p, var, spec_shape in bound:
                step["params"]["%s/%s" % (name, p)] = {
                    "before": tensor(before[i].reshape(spec_shape)),
                    "grad": tensor(var_grads[i].numpy().reshape(spec_shape)),
                    "after": tensor(var.numpy().reshape(spec_shape)),
                }
                i += 1
        result_steps.append(step)

    return {"source": SOURCE, "spec": spec_file, "steps": result_steps}


def main(argv, spec_dir=SPEC_DIR, out_dir=OUT_DIR, run=run):
    """Runs `run(spec, file name)` on every spec in spec_dir (or those named in argv) and writes
    each result to out_dir under the spec's name. keras_gan_reference.py shares it."""
    wanted = set(a[:-5] if a.endswith(".json") else a for a in argv[1:])
    files = sorted(glob.glob(os.path.join(spec_dir, "*.json")))
    if not files:
        sys.exit("no specs in %s" % spec_dir)
    os.makedirs(out_dir, exist_ok=True)
    failed = False
    for path in files:
        base = os.path.basename(path)
        if wanted and base[:-5] not in wanted:
            continue
        with open(path) as f:
            spec = json.load(f)
        try:
            result = run(spec, base)
        except SpecError as e:
            print("refused %s: %s" % (base, e), file=sys.stderr)
            failed = True
            continue
        keras.backend.clear_session()
        out = os.path.join(out_dir, base)
        text = json.dumps(result, sort_keys=True, indent=1, allow_nan=False) + "\n"
        with open(out, "w") as f:
            f.write(text)
        print("wrote %s (%d bytes)" % (os.path.relpath(out, ROOT), len(text)))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv)
