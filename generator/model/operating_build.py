"""Build the typed operating system from the optional documents of a validated playbook."""

from __future__ import annotations

from typing import Any

from generator.model.operating import (
    DOCUMENTS,
    AgendaItem,
    Audit,
    Capacity,
    Checkpoint,
    Compensation,
    Decision,
    Evidence,
    Finding,
    Input,
    Level,
    Meeting,
    Metric,
    OperatingSystem,
    Quota,
    Rejection,
    RoleDetail,
    RoleHandoff,
    Shadowing,
    SixtyDayItem,
    Successor,
    Transfer,
)
from generator.schema.metric_library import INHERITED, effective_metrics, inputs, load_library


def as_tuple(items: Any) -> tuple[Any, ...]:
    """A YAML list, or nothing, as a tuple: the model is immutable."""
    return tuple(items or ())


def _levels(metric: dict[str, Any]) -> tuple[Level, ...]:
    levels = []
    if "target" in metric:
        t = metric["target"]
        levels.append(Level(t["value"], t.get("green"), t.get("red")))
    for t in metric.get("segment_targets", ()):
        levels.append(Level(t["value"], t.get("green"), t.get("red"), t["segment"]))
    return tuple(levels)


def _metric(m: dict[str, Any], defaults: frozenset[str] = frozenset()) -> Metric:
    return Metric(
        m["id"],
        m["name"],
        m.get("definition", ""),
        m["unit"],
        m["direction"],
        m.get("formula", ""),
        m.get("population", ""),
        m.get("window", ""),
        m.get("cadence", ""),
        m.get("owner", ""),
        m.get("reviewed_in", ""),
        m.get("library", ""),
        _levels(m),
        defaults,
    )


def _metrics(doc: dict[str, Any]) -> tuple[tuple[Metric, ...], tuple[Input, ...]]:
    library = load_library()
    written = doc.get("metrics", [])
    metrics = tuple(
        _metric(m, frozenset(k for k in INHERITED if k in m and k not in raw))
        for raw, m in zip(written, effective_metrics(doc, library), strict=True)
    )
    declared = {i["id"] for i in doc.get("inputs", ())}
    used = {n for m in metrics for n in m.formula_names} - {m.id for m in metrics}
    shown = [
        Input(
            i["id"],
            i["name"],
            i["definition"],
            i.get("unit", ""),
            i.get("source", ""),
            i["id"] not in declared,
        )
        for i in inputs(doc, library).values()
        if i["id"] in declared or i["id"] in used
    ]
    return metrics, tuple(sorted(shown, key=lambda i: i.name.lower()))


def _meeting(m: dict[str, Any]) -> Meeting:
    return Meeting(
        m["id"],
        m["name"],
        m["purpose"],
        m["frequency"],
        m["day"],
        m.get("week"),
        m.get("time", ""),
        m.get("minutes"),
        m["owner"],
        as_tuple(m.get("attendees")),
        as_tuple(m.get("inspects")),
        m.get("preparation", ""),
        tuple(AgendaItem(a["item"], a.get("minutes"), a.get("every_weeks")) for a in m.get("agenda", ())),
        as_tuple(m.get("decisions")),
    )


def _quota(raw: dict[str, Any] | None) -> Quota | None:
    return Quota(raw["measure"], raw["amount"], raw["period"]) if raw else None


def _compensation(raw: dict[str, Any] | None) -> Compensation | None:
    if not raw:
        return None
    return Compensation(raw["base"], raw["variable"], raw.get("on_target_earnings"), raw.get("paid_on", ""))


def _capacity(raw: dict[str, Any] | None) -> Capacity | None:
    return Capacity(raw["value"], raw["measure"]) if raw else None


def _rejection(raw: dict[str, Any] | None) -> Rejection | None:
    return Rejection(raw["returns_to"], raw["action"]) if raw else None


def _roles(
    doc: dict[str, Any],
) -> tuple[tuple[RoleDetail, ...], tuple[RoleHandoff, ...], tuple[Decision, ...]]:
    details = tuple(
        RoleDetail(
            r["role"],
            r["mission"],
            as_tuple(r.get("sells_to")),
            _quota(r.get("quota")),
            _compensation(r.get("compensation")),
            _capacity(r.get("capacity")),
        )
        for r in doc.get("roles", ())
    )
    handoffs = tuple(
        RoleHandoff(
            h["id"],
            h["name"],
            h["from"],
            h["to"],
            h["trigger"],
            h.get("sla_hours"),
            as_tuple(h.get("artefacts")),
            as_tuple(h.get("acceptance")),
            _rejection(h.get("rejection")),
        )
        for h in doc.get("handoffs", ())
    )
    decisions = tuple(
        Decision(
            d["id"],
            d["decision"],
            d.get("meeting", ""),
            as_tuple(d["responsible"]),
            d["accountable"],
            as_tuple(d.get("consulted")),
            as_tuple(d.get("informed")),
        )
        for d in doc.get("raci", ())
    )
    return details, handoffs, decisions


def _audit(doc: dict[str, Any]) -> Audit:
    findings = tuple(
        Finding(
            f["id"],
            f["title"],
            f["layer"],
            f["severity"],
            f["symptom"],
            Evidence(f["evidence"]["source"], f["evidence"]["sample"], f["evidence"]["period"]),
            f["root_cause"],
            f.get("impact", ""),
            f.get("moves", ""),
            f.get("fixed_by", ""),
        )
        for f in doc["findings"]
    )
    scope = doc.get("scope", {})
    return Audit(doc.get("summary", ""), scope.get("period", ""), as_tuple(scope.get("sources")), findings)


def _transfer(doc: dict[str, Any]) -> Transfer:
    successors = tuple(
        Successor(
            s["role"],
            as_tuple(s["inherits"].get("meetings")),
            as_tuple(s["inherits"].get("deliverables")),
            as_tuple(s["inherits"].get("decisions")),
            as_tuple(s["inherits"].get("metrics")),
            tuple(
                Shadowing(p["id"], p["activity"], p["mode"], p["start_day"], p["end_day"])
                for p in s.get("shadowing", ())
            ),
        )
        for s in doc["successors"]
    )
    checkpoints = tuple(
        Checkpoint(c["id"], c["days_after_exit"], as_tuple(c.get("with")), c["review"])
        for c in doc.get("checkpoints", ())
    )
    test = doc["sixty_day_test"]
    sixty = tuple(
        SixtyDayItem(kind, e[kind], e["runs_it"], e["evidence"], e["status"])
        for kind in ("meeting", "deliverable")
        for e in test.get(f"{kind}s", ())
    )
    return Transfer(doc["summary"], successors, checkpoints, sixty)


def build_operating(docs: dict[str, dict[str, Any]], role_order: list[str]) -> OperatingSystem:
    """The operating system of a validated playbook's documents; `role_order` orders the RACI columns."""
    metrics, shown_inputs = _metrics(docs["metrics"]) if "metrics" in docs else ((), ())
    details, handoffs, decisions = _roles(docs["roles"]) if "roles" in docs else ((), (), ())
    in_raci = {r for d in decisions for r in d.roles}
    return OperatingSystem(
        documents=frozenset(name for name in DOCUMENTS if name in docs),
        metrics=metrics,
        inputs=shown_inputs,
        meetings=tuple(map(_meeting, docs.get("cadence", {}).get("meetings", ()))),
        role_details=details,
        handoffs=handoffs,
        decisions=decisions,
        audit=_audit(docs["audit"]) if "audit" in docs else None,
        transfer=_transfer(docs["transfer"]) if "transfer" in docs else None,
        raci_roles=tuple(r for r in role_order if r in in_raci),
    )
