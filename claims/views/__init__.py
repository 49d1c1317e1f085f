"""Desk views for speakers, sources, claims, figures and relations."""
