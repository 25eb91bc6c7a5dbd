"""Plain-data core of the Syria influence map: loading, validation, geocoding, querying, composition, export, storage."""
