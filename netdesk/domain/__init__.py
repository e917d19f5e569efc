"""Domain services: scores, contacts, matching, import/export. Plain Python, no Qt."""
