"""The CRM exporters by system name, like the formatters: adding a system adds one entry."""

from __future__ import annotations

from generator.crm import close, hubspot, pipedrive, salesforce
from generator.crm.common import Exporter

EXPORTERS: dict[str, Exporter] = {
    "close": close.export,
    "hubspot": hubspot.export,
    "pipedrive": pipedrive.export,
    "salesforce": salesforce.export,
}
