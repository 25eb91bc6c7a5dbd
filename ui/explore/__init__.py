"""The Explore page: the live map, its sidebar filters, playback, timeline, events table and export panel."""
