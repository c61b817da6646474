"""Reads of the search app: sources and documents as a user may see them, and what the sweepers pick up."""
