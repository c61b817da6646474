"""The text pipeline: a raw article in, ranked, checkable claims out. Pure Python, no Django."""

from .cleaning import clean_text
from .pipeline import extract
from .scoring import score_lines, score_sentence
from .segmentation import split_sentences
from .types import ClaimType, ExtractedSentence, Extraction

__all__ = [
    "ClaimType",
    "ExtractedSentence",
    "Extraction",
    "clean_text",
    "extract",
    "score_lines",
    "score_sentence",
    "split_sentences",
]
