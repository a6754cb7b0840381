"""The consultant's tools: fmt, show, new and the JSON Schema export for editors."""
