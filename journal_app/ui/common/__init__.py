"""Widgets, services and helpers for all of the UI; nothing here imports a page, window or shell."""
