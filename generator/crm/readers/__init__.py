"""Readers of saved CRM configurations: each system's files in one neutral form, with their origins."""
