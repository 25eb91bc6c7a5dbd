"""Real data in: publishers' layouts (ACLED, UCDP GED, any CSV) converted to the events contract.

The presets (presets/*.toml) and the actor registry (actors.toml) are data; these modules only read them:
registry (actors, aliases, dated ties), preset (column and value mappings), dates, record (one source row to
one contract row), source (streaming a source file), conversion (a whole file, chunk by chunk, with a summary).
"""
