"""Offline geodata (boundaries, places, sites) and the gazetteer that geocodes place names."""
