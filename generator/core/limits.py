"""Limits on input, so hostile or broken files end in a diagnostic instead of exhausting memory."""

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest YAML file read; a playbook document is rarely over 100 KB."""

MAX_NODES = 1_000_000
"""Most values one file may hold, aliases expanded."""

MAX_ALIAS_NODES = 10_000
"""Most values that aliases may add by expansion; stops 'billion laughs' alias bombs."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists."""

MAX_STRING_CHARS = 100_000
"""Longest single string value."""

MAX_FILES = 200
"""Most YAML files in one playbook folder."""
