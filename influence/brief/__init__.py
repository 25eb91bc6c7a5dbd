"""Briefs: annotations drawn on the map, comparisons of two periods, and decks of several stamped views."""
