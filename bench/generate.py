"""Generate valid playbooks of any size by replicating the example's items under new IDs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.load.sources import find_client
from generator.resolve.merge import resolve
from generator.schema.schemas import load_schemas


def _suffix(item: dict[str, Any], key: str, k: int) -> dict[str, Any]:
    item = copy.deepcopy(item)
    item[key] = f"{item[key]}-x{k}"
    return item


def scaled_documents(factor: int, client: str = "fernhill") -> dict[str, dict[str, Any]]:
    """The example's resolved documents with every collection repeated `factor` times."""
    resolved = resolve(find_client(client, Path("playbooks")), load_schemas())
    docs = {name: copy.deepcopy(doc.data) for name, doc in resolved.documents.items()}
    manifest = docs["playbook"]
    manifest.pop("extends", None)
    manifest.pop("brand", None)  # generated repositories have no brand files: the neutral brand applies
    roles = list(manifest["roles"])
    icp = docs["icp"]
    icp["segments"] = [_suffix(s, "id", k) if k else s for k in range(factor) for s in icp["segments"]]

    stages = docs["stages"]["stages"]
    open_stages = [s for s in stages if s["category"] == "open"]
    closed = [s for s in stages if s["category"] != "open"]
    copies = [_suffix(s, "id", k) if k else s for k in range(factor) for s in open_stages]
    for i, stage in enumerate(copies):
        stage["probability"] = round((i + 1) / (len(copies) + 2), 6)
    docs["stages"]["stages"] = copies + closed

    plans = []
    for k in range(factor):
        for plan in docs["ramp"]["plans"]:
            if k:
                plan = _suffix(plan, "role", k)
                base = next(r for r in roles if r["id"] == plan["role"].rsplit("-x", 1)[0])
                roles.append({**base, "id": plan["role"], "title": f"{base['title']} {k}"})
                for period in plan["periods"]:
                    period["certifications"] = [_suffix(c, "id", k) for c in period.get("certifications", [])]
            plans.append(plan)
    docs["ramp"]["plans"] = plans
    manifest["roles"] = roles

    for phase in docs["milestones"]["phases"]:
        milestones = []
        for k in range(factor):
            for m in phase["milestones"]:
                if k:
                    m = _suffix(m, "id", k)
                    m["depends_on"] = [f"{d}-x{k}" for d in m.get("depends_on", [])]
                    m["deliverables"] = [_suffix(d, "id", k) for d in m.get("deliverables", [])]
                milestones.append(m)
        phase["milestones"] = milestones

    modes = docs["failure_modes"]["failure_modes"]
    docs["failure_modes"]["failure_modes"] = [
        _suffix(m, "id", k) if k else m for k in range(factor) for m in modes
    ]
    return docs


def write_playbook(docs: dict[str, dict[str, Any]], folder: Path) -> int:
    """Write the documents as a playbook folder named like its slug; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    docs["playbook"]["client"]["slug"] = folder.name
    total = 0
    for name, data in docs.items():
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total
