"""Settings package: base (zero-setup defaults), production (hardened) and test."""
