"""The staff pages of the search app (sources)."""
