"""Dialogs: they take values, give values back, and touch no database."""
