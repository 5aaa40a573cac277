#!/usr/bin/env python3
"""Builds the primer's two Keras models and writes their per-layer parameter counts.

The primer shows the classic Keras code for a CIFAR-10 CNN (its section 4.2) and a stacked
LSTM (section 4.3). The course shows the same networks as Stepwise specs with their
`stepwise-summary` tables; `PrimerKerasModelTests` checks that the course's summary of the
equivalent specs (lessons/examples/cifar-cnn.yaml, lessons/examples/primer-lstm.yaml) gives
these counts, layer by layer. This file is the source of truth for that test: do not edit
Tests/StepwiseLessonsTests/Reference/primer-keras-models.json by hand, rerun this script.

Run from anywhere (needs TensorFlow 2.21 / Keras 3; no training, no data, no randomness that
reaches the output, so a rerun writes identical bytes):

    python3 Tools/keras_primer_models.py
"""

import json
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ["KERAS_BACKEND"] = "tensorflow"
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers, models  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "StepwiseLessonsTests",
                   "Reference", "primer-keras-models.json")


def primer_cnn():
    """The primer's CNN (section 4.2), line for line as the lesson shows it."""
    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation='relu'))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation='relu'))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation='relu'))
    model.add(layers.Dense(10))
    return model


def primer_lstm():
    """The primer's stacked LSTM (section 4.3): sequences of any length, 10 features a step."""
    model = models.Sequential()
    model.add(layers.LSTM(50, return_sequences=True, input_shape=(None, 10)))
    model.add(layers.LSTM(50))
    model.add(layers.Dense(1))
    return model


def describe(model):
    """One entry per layer: its Keras class, output shape (None for any size) and parameter count."""
    return {
        "layers": [
            {"class": layer.__class__.__name__,
             "output_shape": list(layer.output.shape),
             "params": int(layer.count_params())}
            for layer in model.layers
        ],
        "total_params": int(model.count_params()),
    }


def main():
    result = {
        "source": f"Tools/keras_primer_models.py with TensorFlow {tf.__version__}, Keras {keras.__version__}",
        "models": {"primer-cnn": describe(primer_cnn()), "primer-lstm": describe(primer_lstm())},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
