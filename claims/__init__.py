"""Articles, claims, the review workflow, verdicts and citations."""
