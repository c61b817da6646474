"""extract(): raw article in, cleaned text with every sentence scored, typed and attributed out."""

from __future__ import annotations

from . import features
from .attribution import attribute
from .cleaning import clean_text
from .language import detect_language
from .model import load_model
from .reported import reported_content
from .scoring import add_context, classify, score_features
from .segmentation import split_sentences
from .types import ExtractedSentence, Extraction
from .vectors import sentence_vectors


def extract(raw: str, *, title: str | None = None, html: bool | None = None) -> Extraction:
    """Clean `raw` (plain text or HTML; `html=None` detects it), split it into sentences and score each.

    The headline becomes the title unless `title` is given. Offsets index the cleaned text.
    Raises ValueError for empty, whitespace-only or binary input.
    """
    headline, text = clean_text(raw, html=html)
    if title is not None and headline and headline.strip().lower() != title.strip().lower():
        text = f"{headline}\n\n{text}"  # the caller's title replaces the headline, which stays in the body
    model = load_model()
    spans = split_sentences(text)
    texts = [text[start:end] for start, end in spans]
    attributions = attribute(texts)
    reported = [reported_content(sentence) for sentence in texts]
    claims = [item.content if item else sentence for item, sentence in zip(reported, texts, strict=True)]
    found = [features.compute(claim) for claim in claims]
    vectors = sentence_vectors(claims)
    sentences = []
    for index, ((start, end), sentence) in enumerate(zip(spans, texts, strict=True)):
        claim, item, attribution = claims[index], reported[index], attributions[index]
        claim_found = dict(found[index])
        speaker = attribution.name or (item.reporter if item and not attribution.text else None)
        if speaker:
            # the reason quotes the words naming the source, if the claim holds them
            quoted = attribution.text if attribution.text and attribution.text in claim else ""
            claim_found["attribution"] = (1.0, quoted)
        add_context(claim_found, found[max(index - 1, 0) : index] + found[index + 1 : index + 2])
        score, reasons = score_features(claim, claim_found, model, vectors[index] if vectors else None)
        if speaker:
            reasons = _naming(reasons, speaker)
        sentences.append(
            ExtractedSentence(
                text=sentence,
                start=start,
                end=end,
                score=score,
                claim_type=classify(claim, claim_found),
                reasons=reasons,
                attribution=speaker,
                attribution_text=attribution.text or (item.reporter if speaker and item else None),
                claim_text=claim if item else None,
                claim_start=start + item.start if item else None,
            )
        )
    return Extraction(
        title=(title if title is not None else headline) or "",
        text=text,
        language=detect_language(text),
        sentences=tuple(sentences),
    )


def _naming(reasons: tuple[dict, ...], speaker: str) -> tuple[dict, ...]:
    """The attribution reason names the source when the claim itself does not quote it (it was named in
    the sentences around it): "Attributed to a named source" alone left the reader to guess who."""
    return tuple(
        {**reason, "label": f"Attributed to {speaker}, named in the text around it"}
        if reason["code"] == "attribution" and not reason["match"]
        else reason
        for reason in reasons
    )
