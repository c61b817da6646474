"""extract(): raw article in, cleaned text with every sentence scored, typed and attributed out."""

from __future__ import annotations

from . import features
from .attribution import attribute
from .cleaning import clean_text
from .language import detect_language
from .model import load_model
from .scoring import add_context, classify, score_features
from .segmentation import split_sentences
from .types import ExtractedSentence, Extraction


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
    speakers = [attribution.name for attribution in attributions]
    found = [features.compute(sentence) for sentence in texts]
    sentences = []
    for index, ((start, end), sentence) in enumerate(zip(spans, texts, strict=True)):
        sentence_found = dict(found[index])
        if speakers[index]:
            sentence_found["attribution"] = (1.0, speakers[index])
        add_context(sentence_found, found[max(index - 1, 0) : index] + found[index + 1 : index + 2])
        score, reasons = score_features(sentence, sentence_found, model)
        sentences.append(
            ExtractedSentence(
                text=sentence,
                start=start,
                end=end,
                score=score,
                claim_type=classify(sentence, sentence_found),
                reasons=reasons,
                attribution=speakers[index],
                attribution_text=attributions[index].text,
            )
        )
    return Extraction(
        title=(title if title is not None else headline) or "",
        text=text,
        language=detect_language(text),
        sentences=tuple(sentences),
    )
