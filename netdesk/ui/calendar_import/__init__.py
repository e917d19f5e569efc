"""File ▸ Import ▸ Calendar (.ics): meetings as interactions, with the preview first."""
