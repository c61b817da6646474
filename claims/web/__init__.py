"""Workbench pages: each module one subject; reads through selectors, writes through services."""
