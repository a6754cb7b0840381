"""playbook: turn a revenue playbook written as YAML into a documentation site the client owns."""

__version__ = "0.1.0"
