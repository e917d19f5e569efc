"""Panes of the main window; each owns its widgets and talks to models and services."""
