"""The JSON API: token or session auth, the same selectors, services and permissions as the pages."""
