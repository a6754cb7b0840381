"""The semantic diff of two playbooks, in playbook terms, with the site pages each change touches."""
