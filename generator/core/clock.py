"""The day a run happens on: SOURCE_DATE_EPOCH when set, so validation and builds reproduce."""

from __future__ import annotations

import datetime
import os


def today() -> datetime.date:
    """The day validation and builds run as: SOURCE_DATE_EPOCH when set, else the calendar's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()
