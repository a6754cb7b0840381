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

MAX_LIST_ITEMS = 1_000
"""Most items in one list (stages, milestones, the stages a ramp period names…)."""

MAX_FILES = 200
"""Most YAML files in one playbook folder."""

MAX_NUMBER = 10**15
"""Largest magnitude of a number in YAML; no playbook quantity comes near it, and floats stay exact."""

MAX_NUMBER_CHARS = 64
"""Longest plain scalar read as a number; Python refuses to parse integers of over 4,300 digits."""

MAX_MONEY = 10**12
"""Largest amount of money (a trillion in the playbook's currency)."""

MAX_NAV_CHILDREN = 100
"""Most pages a navigation section lists; a longer section lists only its index page."""

MAX_CSV_BYTES = 2 * 1024**3
"""Largest CSV export `playbook actuals` reads (ten million opportunities are about 1.3 GB)."""

MAX_CSV_LINE_BYTES = 1024 * 1024
"""Longest record of a CSV export; a longer one is a broken quote or a hostile file."""

MAX_CSV_COLUMNS = 1_000
"""Most columns of a CSV export (Salesforce reports stop at a few hundred)."""
