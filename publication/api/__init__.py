"""The REST API under /api/v1/: claims, notes, citations, speakers, sources, exports."""
