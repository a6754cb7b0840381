"""Stage 7, publish: swap built sites into place, versions, the hand-off archive, PDF, preview."""
