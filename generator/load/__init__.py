"""Stage 1, load: find playbook folders and read their YAML with a position for every value."""
