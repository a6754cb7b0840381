"""Stage 2, resolve: merge a playbook with the templates it extends, one tree per client."""
