"""Desk views for the dashboard, the claim list, context notes, verdicts, corrections, history."""
