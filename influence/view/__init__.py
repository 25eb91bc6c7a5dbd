"""What the analyst looks at: filters and query, time windows, timeline counts, links and view files."""
