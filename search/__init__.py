"""Sources, documents, the search index and evidence retrieval."""
