"""From located mentions to claims, map layers and exports.

The stages, each a module: :mod:`geo.factions` (the faction registry),
:mod:`geo.claims` (claims from sentences), :mod:`geo.pipeline` (documents in,
mentions and claims out), :mod:`geo.layers` and :mod:`geo.frontline` (GeoDataFrames),
:mod:`geo.export` (GeoJSON, GeoPackage), :mod:`geo.webmap` (the folium map) and
:mod:`geo.batch` (Dask). Nothing is imported here: each stage loads what it needs.
"""
