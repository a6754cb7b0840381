"""CRM configuration from the playbook: one module per system, files only (no network)."""
