"""From events.csv bytes to the enriched events frame: CSV reading, validation, locations, the dataset."""
