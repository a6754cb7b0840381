"""Stage 3, validate: Cerberus schemas, then the semantic rules; diagnostics, never exceptions."""
