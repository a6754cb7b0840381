"""Stage 4, model: one typed Playbook object built from a validated playbook."""
