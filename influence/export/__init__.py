"""Snapshots (PNG, PDF, HTML) through headless Chromium, stamps, data exports and file names."""
