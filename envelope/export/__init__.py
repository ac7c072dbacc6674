"""Writing results: GeoJSON, KML and GeoPackage files, all written whole or not at all.

Modules: ``properties`` (what every feature carries), ``geojson``, ``kml``, ``gpkg`` and
``write`` (atomic file writes and the one I/O error path). Nothing heavy loads on import.
"""
