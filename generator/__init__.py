"""playbook: turn a revenue playbook written as YAML into a documentation site the client owns."""

__version__ = "0.1.0"

# The name on the package registry (`pip install revenue-playbook`); the command stays `playbook`.
# Every install instruction the tool writes uses this constant; pyproject.toml's name must match it.
DISTRIBUTION = "revenue-playbook"
