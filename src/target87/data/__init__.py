"""Reference and seed data files; each names its source."""
