"""The one map composition: basemap, layer context, legend, offline assets, HTML escaping."""
