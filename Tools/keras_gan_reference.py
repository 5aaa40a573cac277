#!/usr/bin/env python3
"""Keras reference generator for Stepwise's GAN tests.

For every GAN spec in Tests/StepwiseEngineTests/Reference/gan/specs/*.json this script builds
the generator and the discriminator as Keras Dense layers in float64, loads the spec's explicit
weights, and runs the spec's steps with a manual tf.GradientTape loop that follows the "GAN
specs" section of model-spec.md:

  one step = discriminator_steps discriminator updates, then one generator update;
  a discriminator update takes the next real batch (data order, wrapping around) and the next
  noise batch z, runs the discriminator on [real; G(z)] (G(z) held constant) with targets 1
  then 0, binary cross-entropy averaged over the 2*batch rows;
  the generator update reuses the last z, runs G(z) through the updated discriminator, and
  minimises binary cross-entropy against targets 1 (-mean log D(G(z)));
  each network has its own optimizer instance (its own state and iteration count).

The loss is the contract's binary cross-entropy written out with Keras ops: the probability
clipped to [1e-7, 1 - 1e-7] (Keras's epsilon), then -(t log y + (1 - t) log(1 - y)), averaged.
(Keras's own BinaryCrossentropy on a sigmoid output would use the logits instead; the two agree
unless an output saturates, which these specs avoid.)

It writes Tests/StepwiseEngineTests/Reference/gan/expected/<same name>.json with one record per
update, in order: step, phase, loss, every layer's output (keys generator/<layer>,
discriminator/<layer>), the updated network's parameters before, gradient and after (keys
<network>/<layer>/<param>), and input_grad (dL/d(discriminator input) [2*batch, ...] in a
discriminator update, dL/dz [batch, latent_dim] in a generator update).

Its output is the source of truth for GANReferenceTests: when the engine and these files
disagree, the engine is wrong (or the contract is). Do not edit the expected files by hand.
The specs' weights and noise are fixed numbers (drawn once from Python's random.Random(13),
rounded to 3 decimals); every weight and every noise batch is explicit, nothing depends on
Stepwise's RNG. Layers: dense only (the other layer types are covered by keras_reference.py).

Run:  /tmp/gan-tf/bin/python Tools/keras_gan_reference.py [SPEC_NAME ...]
(a venv with `pip install tensorflow-cpu`). The Keras and TensorFlow versions used are written
into every expected file's "source" field. Shares keras_reference.py's float64 settings and
optimizer construction (hyperparameters handed to Keras as numpy float64).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_reference as kr  # noqa: E402  (sets float64, one thread, determinism)

np, tf, keras = kr.np, kr.tf, kr.keras

REF_DIR = os.path.join(kr.REF_DIR, "gan")
SPEC_DIR = os.path.join(REF_DIR, "specs")
OUT_DIR = os.path.join(REF_DIR, "expected")
SOURCE = "Tools/keras_gan_reference.py (Keras %s, TensorFlow %s, float64)" % (keras.__version__, tf.__version__)
EPSILON = 1e-7


def build_network(network, prefix, input_dim):
    """Keras Dense layers with the spec's weights: [(name, layer)], in order."""
    layers = []
    width = input_dim
    for index, layer in enumerate(network["layers"]):
        if layer.get("type") != "dense":
            raise kr.SpecError("%s: only dense layers are supported" % prefix)
        name = layer.get("name", "dense%d" % index)
        kr.expect_keys(layer, name, ["units", "weights"], ["activation"])
        dense = keras.layers.Dense(int(layer["units"]), activation=kr.activation_of(layer, name),
                                   name="%s_%d" % (prefix, index))
        dense.build((None, width))
        kernel = np.asarray(layer["weights"]["kernel"], dtype=np.float64)
        bias = np.asarray(layer["weights"]["bias"], dtype=np.float64)
        if kernel.shape != tuple(dense.kernel.shape) or bias.shape != tuple(dense.bias.shape):
            raise kr.SpecError("%s/%s: weights of the wrong shape" % (prefix, name))
        dense.kernel.assign(kernel)
        dense.bias.assign(bias)
        layers.append((name, dense))
        width = int(layer["units"])
    return layers


def forward(layers, x):
    """Every layer's output, in order."""
    outputs = []
    for _, layer in layers:
        x = layer(x)
        outputs.append(x)
    return outputs


def bce(probabilities, targets):
    y = keras.ops.clip(probabilities, EPSILON, 1 - EPSILON)
    return keras.ops.mean(-(targets * keras.ops.log(y) + (1 - targets) * keras.ops.log(1 - y)))


def variables(layers):
    return [(name, p, v) for name, layer in layers for p, v in (("kernel", layer.kernel), ("bias", layer.bias))]


def record(step, phase, loss, outputs, trained_prefix, trained_vars, before, grads, input_grad):
    params = {}
    for (name, p, var), b, g in zip(trained_vars, before, grads):
        params["%s/%s/%s" % (trained_prefix, name, p)] = {
            "before": kr.tensor(b), "grad": kr.tensor(g.numpy()), "after": kr.tensor(var.numpy())}
    return {"step": step, "phase": phase, "loss": float(loss.numpy()), "outputs": outputs,
            "params": params, "input_grad": kr.tensor(input_grad.numpy())}


def named_outputs(prefix, layers, values):
    return {"%s/%s" % (prefix, name): kr.tensor(v.numpy()) for (name, _), v in zip(layers, values)}


def run(spec, spec_file):
    if spec.get("kind") != "gan":
        raise kr.SpecError("not a GAN spec")
    train = spec.get("train", {})
    if train.get("shuffle", False):
        raise kr.SpecError("train.shuffle is true; the order would come from Stepwise's RNG")
    latent = int(spec["latent_dim"])
    generator = build_network(spec["generator"], "generator", latent)
    real_all = np.asarray(spec["data"]["inputs"], dtype=np.float64)
    discriminator = build_network(spec["discriminator"], "discriminator", real_all.shape[1])
    shared = spec.get("optimizer")
    g_opt = kr.make_optimizer(spec.get("generator_optimizer", shared))
    d_opt = kr.make_optimizer(spec.get("discriminator_optimizer", shared))
    if "noise" not in spec["data"]:
        raise kr.SpecError("reference specs must give data.noise")
    noise_all = np.asarray(spec["data"]["noise"], dtype=np.float64)
    n = real_all.shape[0]
    batch = min(int(train.get("batch_size", n)), n)
    steps = int(train.get("steps", 1))
    d_steps = int(train.get("discriminator_steps", 1))
    n_batches = -(-n // batch)
    g_vars, d_vars = variables(generator), variables(discriminator)

    updates = []
    u = 0
    for k in range(1, steps + 1):
        for _ in range(d_steps):
            b = u % n_batches
            real = real_all[b * batch:(b + 1) * batch]
            rows = real.shape[0]
            z = tf.constant(noise_all[u][:rows])
            u += 1
            g_outs = forward(generator, z)
            x = tf.constant(np.concatenate([real, g_outs[-1].numpy()], axis=0))
            targets = tf.constant(np.concatenate([np.ones((rows, 1)), np.zeros((rows, 1))]))
            before = [v.numpy().copy() for _, _, v in d_vars]
            with tf.GradientTape() as tape:
                tape.watch(x)
                d_outs = forward(discriminator, x)
                loss = bce(d_outs[-1], targets)
            grads = tape.gradient(loss, [v for _, _, v in d_vars] + [x])
            d_opt.apply_gradients(zip(grads[:-1], [v for _, _, v in d_vars]))
            outputs = named_outputs("generator", generator, g_outs)
            outputs.update(named_outputs("discriminator", discriminator, d_outs))
            updates.append(record(k, "discriminator", loss, outputs, "discriminator", d_vars, before,
                                  grads[:-1], grads[-1]))
        before = [v.numpy().copy() for _, _, v in g_vars]
        with tf.GradientTape() as tape:
            tape.watch(z)
            g_outs = forward(generator, z)
            d_outs = forward(discriminator, g_outs[-1])
            loss = bce(d_outs[-1], tf.ones_like(d_outs[-1]))
        grads = tape.gradient(loss, [v for _, _, v in g_vars] + [z])
        g_opt.apply_gradients(zip(grads[:-1], [v for _, _, v in g_vars]))
        outputs = named_outputs("generator", generator, g_outs)
        outputs.update(named_outputs("discriminator", discriminator, d_outs))
        updates.append(record(k, "generator", loss, outputs, "generator", g_vars, before, grads[:-1], grads[-1]))
    return {"source": SOURCE, "spec": spec_file, "steps": updates}


if __name__ == "__main__":
    kr.main(sys.argv, spec_dir=SPEC_DIR, out_dir=OUT_DIR, run=run)
