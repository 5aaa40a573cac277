#!/usr/bin/env python3
"""Reference values for Stepwise's BERT encoder, computed independently of the Swift code.

Writes, under Tests/StepwiseEngineTests/Reference/bert/:

- tiny-bert/: a tiny random BERT checkpoint (2 layers of width 6, 2 heads, a 30-token
  vocabulary; float64 safetensors written byte by byte here, with modules.json and
  1_Pooling/config.json for mean pooling + normalisation), a few KB;
- tiny-bert-expected.json: for two texts, the tokens and ids, and every intermediate value of
  the forward pass, keyed by the trace scope Stepwise records it under (model-spec.md "BERT
  specs" and docs/trace-format.md);
- minilm-expected.json (only when models/all-MiniLM-L6-v2 is there, see scripts/fetch-model):
  for two sentences, tokens, ids, every layer's attention weights, the hidden states (every
  8th feature, all tokens), the pooler output and the sentence embedding.

The forward pass is NumPy in float64, reading the raw safetensors bytes itself. Tokens come from
`transformers.BertTokenizer(do_lower_case=True)` (run with transformers 5.25, whose BertTokenizer
is the `tokenizers` library's BERT normaliser, pre-tokeniser and WordPiece); when `torch` is importable too, the NumPy pass
is checked against `transformers.BertModel` in float64 (hidden states, attentions, pooler) and
the script stops if they differ by more than 1e-12 (scaled by each tensor's largest value).

Run once after a change of contract, from the repository root, with a Python that has NumPy and
transformers (and, for the cross-check, the CPU torch wheel), e.g.

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy transformers /opt/wheels/torch-*.whl
    /tmp/ref/bin/python Tools/bert_reference.py
"""
import json
import math
import os
import struct
import sys

import numpy as np

OUT = "Tests/StepwiseEngineTests/Reference/bert"
MINILM = "models/all-MiniLM-L6-v2"
TINY_TEXTS = ["Hello, my dog is cute", "The unaffable dogs 狗 are cute!"]
MINILM_TEXTS = ["Hello, my dog is cute", "The unaffable 北京 naïve Café"]


# ---------------------------------------------------------------- safetensors, by hand

def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": "<f4", "F64": "<f8", "I64": "<i8"}[entry["dtype"]]
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(raw[start + begin:start + end], dtype=dtype).reshape(entry["shape"]).astype(np.float64)
    return tensors


def write_safetensors(path, tensors):
    header, offset, chunks = {}, 0, []
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


# ---------------------------------------------------------------- the forward pass in NumPy

def forward(weights, config, ids, pooling):
    """Every value of BERT's forward pass on one sentence, keyed by Stepwise's scope names."""
    p = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
    w = lambda name: weights[p + name]
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    size = config["hidden_size"] // heads
    T = len(ids)
    v = {}

    def layer_norm(x, module, at):
        mean = x.mean(axis=-1, keepdims=True)
        centered = x - mean
        variance = (centered ** 2).mean(axis=-1, keepdims=True)
        out = centered / np.sqrt(variance + eps) * w(module + ".weight") + w(module + ".bias")
        v[at + "/layer_norm/mean"] = mean
        v[at + "/layer_norm/normalized"] = centered / np.sqrt(variance + eps)
        v[at + "/layer_norm/shift"] = out
        return out

    def linear(x, module):
        return x @ w(module + ".weight").T + w(module + ".bias")

    word = w("embeddings.word_embeddings.weight")[ids][None]
    position = w("embeddings.position_embeddings.weight")[np.arange(T)][None]
    token_type = w("embeddings.token_type_embeddings.weight")[np.zeros(T, dtype=int)][None]
    v["embeddings/word"], v["embeddings/position"], v["embeddings/type"] = word, position, token_type
    v["embeddings/sum"] = word + token_type + position
    hidden = layer_norm(v["embeddings/sum"], "embeddings.LayerNorm", "embeddings")
    states, attentions = [hidden], []
    for layer in range(config["num_hidden_layers"]):
        at, m = f"encoder/layer{layer}", f"encoder.layer.{layer}."
        q = linear(hidden, m + "attention.self.query")
        k = linear(hidden, m + "attention.self.key")
        val = linear(hidden, m + "attention.self.value")
        v[at + "/attention/query"], v[at + "/attention/key"], v[at + "/attention/value"] = q, k, val
        contexts, layer_weights = [], []
        for h in range(heads):
            cols = slice(h * size, (h + 1) * size)
            scores = q[..., cols] @ k[..., cols].transpose(0, 2, 1) / math.sqrt(size)
            e = np.exp(scores - scores.max(axis=-1, keepdims=True))
            weights_h = e / e.sum(axis=-1, keepdims=True)
            context = weights_h @ val[..., cols]
            v[f"{at}/attention/head{h + 1}/scores"] = scores
            v[f"{at}/attention/head{h + 1}/weights"] = weights_h
            v[f"{at}/attention/head{h + 1}/context"] = context
            contexts.append(context)
            layer_weights.append(weights_h[0])
        attentions.append(np.stack(layer_weights))
        projected = linear(np.concatenate(contexts, axis=-1), m + "attention.output.dense")
        v[at + "/attention/output_dense"] = projected
        v[at + "/attention/residual"] = projected + hidden
        attended = layer_norm(projected + hidden, m + "attention.output.LayerNorm", at + "/attention")
        inner = linear(attended, m + "intermediate.dense")
        activated = 0.5 * inner * (1 + np.vectorize(math.erf)(inner / math.sqrt(2)))
        out = linear(activated, m + "output.dense")
        v[at + "/feed_forward/preactivation"], v[at + "/feed_forward/gelu"] = inner, activated
        v[at + "/feed_forward/output_dense"], v[at + "/feed_forward/residual"] = out, out + attended
        hidden = layer_norm(out + attended, m + "output.LayerNorm", at + "/feed_forward")
        states.append(hidden)
    result = {"values": v, "hidden_states": states, "attentions": attentions}
    if p + "pooler.dense.weight" in weights:
        result["pooler"] = np.tanh(linear(hidden[:, 0], "pooler.dense"))
        v["pooler/activation"] = result["pooler"]
    if pooling is not None:
        mean = hidden.sum(axis=1) / T
        v["sentence_embedding/mean"] = mean
        if pooling["normalize"]:
            mean = mean / np.sqrt((mean ** 2).sum(axis=-1, keepdims=True))
            v["sentence_embedding/normalized"] = mean
        result["sentence_embedding"] = mean
    return result


def pooling_of(folder):
    try:
        modules = json.load(open(os.path.join(folder, "modules.json")))
    except FileNotFoundError:
        return None
    types = [m["type"] for m in modules]
    pool = next(m for m in modules if m["type"].endswith(".Pooling"))
    config = json.load(open(os.path.join(folder, pool["path"], "config.json")))
    modes = [k for k, on in config.items() if k.startswith("pooling_mode_") and on is True]
    if modes != ["pooling_mode_mean_tokens"]:
        return None
    return {"normalize": any(t.endswith(".Normalize") for t in types)}


# ---------------------------------------------------------------- cross-check with transformers

def scaled_difference(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.abs(a - b).max() / max(1.0, np.abs(b).max()))


def check_with_torch(folder, ids, result):
    try:
        import torch
        from transformers import BertModel
    except ImportError:
        print("torch not importable: the NumPy pass is not cross-checked", file=sys.stderr)
        return
    model = BertModel.from_pretrained(folder, attn_implementation="eager").double().eval()
    with torch.no_grad():
        out = model(torch.tensor([ids]), output_hidden_states=True, output_attentions=True)
    worst = 0.0
    for mine, theirs in zip(result["hidden_states"], out.hidden_states):
        worst = max(worst, scaled_difference(mine, theirs.numpy()))
    for mine, theirs in zip(result["attentions"], out.attentions):
        worst = max(worst, scaled_difference(mine, theirs[0].numpy()))
    if "pooler" in result:
        worst = max(worst, scaled_difference(result["pooler"], out.pooler_output.numpy()))
    print(f"{folder}: NumPy vs transformers float64: largest scaled difference {worst:.2e}", file=sys.stderr)
    if worst > 1e-12:
        sys.exit("the NumPy forward pass disagrees with transformers")


# ---------------------------------------------------------------- the tiny checkpoint

TINY_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "!", ",", ".", "the", "my", "dog", "is", "are",
              "cute", "hello", "un", "##aff", "##able", "##s", "a", "##b", "cat", "狗", "##le", "##e",
              "hell", "##o", "do", "##g", "very"]


def build_tiny(folder):
    rng = np.random.default_rng(12)
    d, heads, inner, layers, positions, types = 6, 2, 10, 2, 12, 2
    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
              "vocab_size": len(TINY_VOCAB), "hidden_size": d, "num_hidden_layers": layers,
              "num_attention_heads": heads, "intermediate_size": inner, "max_position_embeddings": positions,
              "type_vocab_size": types, "layer_norm_eps": 1e-12, "hidden_dropout_prob": 0.0,
              "attention_probs_dropout_prob": 0.0}
    n = lambda *shape: rng.normal(0, 0.6, shape)
    t = {"embeddings.word_embeddings.weight": n(len(TINY_VOCAB), d),
         "embeddings.position_embeddings.weight": n(positions, d),
         "embeddings.token_type_embeddings.weight": n(types, d),
         "embeddings.LayerNorm.weight": 1 + n(d) / 3, "embeddings.LayerNorm.bias": n(d) / 3,
         "pooler.dense.weight": n(d, d), "pooler.dense.bias": n(d)}
    for layer in range(layers):
        m = f"encoder.layer.{layer}."
        for name, shape in [("attention.self.query", (d, d)), ("attention.self.key", (d, d)),
                            ("attention.self.value", (d, d)), ("attention.output.dense", (d, d)),
                            ("intermediate.dense", (inner, d)), ("output.dense", (d, inner))]:
            t[m + name + ".weight"], t[m + name + ".bias"] = n(*shape), n(shape[0])
        for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
            t[m + name + ".weight"], t[m + name + ".bias"] = 1 + n(d) / 3, n(d) / 3
    os.makedirs(os.path.join(folder, "1_Pooling"), exist_ok=True)
    json.dump(config, open(os.path.join(folder, "config.json"), "w"), indent=2)
    open(os.path.join(folder, "vocab.txt"), "w").write("\n".join(TINY_VOCAB) + "\n")
    write_safetensors(os.path.join(folder, "model.safetensors"), t)
    json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
              open(os.path.join(folder, "modules.json"), "w"), indent=2)
    json.dump({"word_embedding_dimension": d, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
               "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
              open(os.path.join(folder, "1_Pooling", "config.json"), "w"), indent=2)


def tensor(value):
    value = np.asarray(value, dtype=np.float64)
    return {"shape": list(value.shape), "data": [float(x) for x in value.reshape(-1)]}


def run(folder, texts, every_value):
    from transformers import BertTokenizer
    tokenizer = BertTokenizer(os.path.join(folder, "vocab.txt"), do_lower_case=True)
    config = json.load(open(os.path.join(folder, "config.json")))
    weights = read_safetensors(os.path.join(folder, "model.safetensors"))
    pooling = pooling_of(folder)
    cases = []
    for text in texts:
        ids = tokenizer(text)["input_ids"]
        result = forward(weights, config, ids, pooling)
        check_with_torch(folder, ids, result)
        case = {"text": text, "tokens": tokenizer.convert_ids_to_tokens(ids), "input_ids": ids}
        if every_value:
            case["values"] = {scope: tensor(value) for scope, value in sorted(result["values"].items())}
        else:
            case["hidden_states_every_8th_feature"] = [tensor(h[..., ::8]) for h in result["hidden_states"]]
            case["attentions"] = [tensor(a) for a in result["attentions"]]
            case["pooler"] = tensor(result["pooler"])
            case["sentence_embedding"] = tensor(result["sentence_embedding"])
        cases.append(case)
    return {"source": "Tools/bert_reference.py (NumPy float64 from the raw safetensors bytes; tokens by transformers.BertTokenizer)",
            "cases": cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    tiny = os.path.join(OUT, "tiny-bert")
    build_tiny(tiny)
    json.dump(run(tiny, TINY_TEXTS, every_value=True), open(os.path.join(OUT, "tiny-bert-expected.json"), "w"))
    if os.path.exists(os.path.join(MINILM, "model.safetensors")):
        json.dump(run(MINILM, MINILM_TEXTS, every_value=False), open(os.path.join(OUT, "minilm-expected.json"), "w"))
    else:
        print(f"{MINILM} missing (scripts/fetch-model): minilm-expected.json not written", file=sys.stderr)


if __name__ == "__main__":
    main()
