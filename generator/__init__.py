"""playbook: turn a revenue playbook written as YAML into a documentation site the client owns."""

__version__ = "0.1.0"

DISTRIBUTION = "revenue-playbook"
"""The name the tool is installed by (`pip install revenue-playbook`); the command is `playbook`."""
