"""The Brief page: annotate a view, compare two periods, assemble saved views into a deck."""
