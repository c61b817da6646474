"""The index as Elasticsearch stores it: analysis settings, the strict mapping, and each document's source."""

from __future__ import annotations

from .. import embeddings, ranking
from .base import IndexableDocument

INDEX_SETTINGS = {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "analysis": {
        "filter": {"english_stop": {"type": "stop", "stopwords": "_english_"}},
        "analyzer": {
            # English analysis; the stemmer and possessive filters come from the project's analysis plugin
            # (services/elasticsearch), because the distribution on Maven Central ships without analysis-common.
            "english_text": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "workbench_english_possessive",
                    "lowercase",
                    "workbench_asciifolding",
                    "english_stop",
                    "workbench_english_stem",
                ],
            },
            "exact_text": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "workbench_asciifolding"],
            },
        },
    },
}

# Cosine similarity over unit vectors; HNSW so the semantic candidates come from the whole index. Float
# vectors, not 8.14's default int8 quantisation: its rounding reorders near-identical documents.
EMBEDDING_MAPPING = {
    "type": "dense_vector",
    "dims": embeddings.DIMS,
    "index": True,
    "similarity": "cosine",
    "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
}


# Each passage of a document (search/passages.py) as a nested document: searched by words and by its vector,
# so a long report is found by the passage that answers the claim, wherever it is in the report.
PASSAGES_MAPPING = {
    "type": "nested",
    "properties": {
        "start": {"type": "integer", "index": False},
        "end": {"type": "integer", "index": False},
        "text": {"type": "text", "analyzer": "english_text"},
        "embedding": EMBEDDING_MAPPING,
    },
}


INDEX_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "title": {
            "type": "text",
            "analyzer": "english_text",
            "fields": {
                "exact": {"type": "text", "analyzer": "exact_text"},
                "keyword": {"type": "keyword", "ignore_above": 512},
            },
        },
        "body": {
            "type": "text",
            "analyzer": "english_text",
            "fields": {"exact": {"type": "text", "analyzer": "exact_text"}},
        },
        "url": {"type": "keyword"},
        "source_id": {"type": "long"},
        "source_name": {"type": "keyword"},
        "source_kind": {"type": "keyword"},
        "reliability": {"type": "float"},
        "reliability_boost": {"type": "float"},
        "published_at": {"type": "date"},
        "language": {"type": "keyword"},
        "external_key": {"type": "keyword"},
        "embedding": EMBEDDING_MAPPING,
        "passages": PASSAGES_MAPPING,
    },
    # The passages' text and vectors are indexed, not kept: the body holds the text and the database rebuilds.
    # Vectors are searched, never read back: kept out of _source they no longer double the index's size.
    "_source": {"excludes": ["embedding", "passages.text", "passages.embedding"]},
}


def document_source(doc: IndexableDocument) -> dict:
    return {
        "title": doc.title,
        "body": doc.body,
        "url": doc.url,
        "source_id": doc.source_id,
        "source_name": doc.source_name,
        "source_kind": doc.source_kind,
        "reliability": doc.reliability,
        "reliability_boost": ranking.RELIABILITY_BASE + doc.reliability,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "language": doc.language,
        "external_key": doc.external_key,
        **({"embedding": list(doc.embedding)} if doc.embedding else {}),
        "passages": [
            {
                "start": start,
                "end": end,
                "text": doc.body[start:end],
                **({"embedding": list(doc.passage_embeddings[n])} if n < len(doc.passage_embeddings) else {}),
            }
            for n, (start, end) in enumerate(doc.spans() if doc.by_passage else ())
        ],
    }
