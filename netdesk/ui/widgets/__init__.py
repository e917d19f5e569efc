"""Small reusable widgets: score bars, the score chart, editors for lists, tags and contacts."""
