"""Rules on the manifest: what kind of playbook it is, its dates and its versions."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from generator.schema.types import semver_key
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule


@rule(
    "manifest-kind",
    ERROR,
    ("playbook",),
    "A client playbook has `client` (and `engagement` when a CRO runs one); a template has `template` and neither.",
    "A template describes a method, a client playbook a company; mixing them hides which is which.",
)
def manifest_kind(ctx: Context) -> Iterator[Finding]:
    manifest = ctx.doc("playbook")
    if ctx.playbook.folder.is_template:
        if "template" not in manifest:
            yield Finding("playbook", (), "a template's manifest needs a `template` block")
        for name in ("client", "engagement"):
            if name in manifest:
                yield Finding(
                    "playbook",
                    (name,),
                    f"a template has no `{name}`; that belongs to a client playbook",
                    True,
                )
        return
    if "client" not in manifest:
        yield Finding("playbook", (), "a client playbook needs a `client` block")
    if "template" in manifest:
        yield Finding(
            "playbook", ("template",), "a client playbook has no `template` block; use `extends`", True
        )


@rule(
    "manifest-slug",
    ERROR,
    ("playbook",),
    "The client's slug is the name of its folder.",
    "The slug names the site folder and the git tags; a mismatch publishes under the wrong name.",
)
def manifest_slug(ctx: Context) -> Iterator[Finding]:
    client = ctx.doc("playbook").get("client")
    folder = ctx.playbook.folder.name
    if client and not ctx.playbook.folder.is_template and client["slug"] != folder:
        yield Finding(
            "playbook", ("client", "slug"), f"slug `{client['slug']}` differs from the folder name `{folder}`"
        )


@rule(
    "engagement-dates",
    ERROR,
    ("playbook",),
    "The engagement ends after it starts.",
    "Every day-numbered milestone is counted from the start; a reversed range makes the plan meaningless.",
)
def engagement_dates(ctx: Context) -> Iterator[Finding]:
    engagement = ctx.doc("playbook").get("engagement")
    if engagement and engagement["end"] <= engagement["start"]:
        yield Finding(
            "playbook",
            ("engagement", "end"),
            f"engagement ends ({engagement['end']}) before it starts ({engagement['start']})",
        )


@rule(
    "changelog-version",
    ERROR,
    ("playbook",),
    "The changelog is newest first and its newest entry is the playbook's version.",
    "The team reads the changelog to learn what changed; an entry missing for the current version hides it.",
)
def changelog_version(ctx: Context) -> Iterator[Finding]:
    manifest = ctx.doc("playbook")
    changelog = manifest.get("changelog", [])
    if not changelog:
        return
    for i in range(1, len(changelog)):
        if semver_key(changelog[i]["version"]) >= semver_key(changelog[i - 1]["version"]):
            previous = changelog[i - 1]["version"]
            yield Finding(
                "playbook",
                ("changelog", i, "version"),
                f"changelog is not newest first: {changelog[i]['version']} follows {previous}",
            )
        elif changelog[i]["date"] > changelog[i - 1]["date"]:
            yield Finding(
                "playbook", ("changelog", i, "date"), "changelog dates must not rise as versions fall"
            )
    if changelog[0]["version"] != manifest["version"]:
        yield Finding(
            "playbook",
            ("version",),
            f"version {manifest['version']} has no changelog entry; the newest is {changelog[0]['version']}",
        )


@rule(
    "review-overdue",
    ADVICE,
    ("playbook",),
    "A document whose owner has not reviewed it within its review interval.",
    "A playbook nobody reviews drifts from how the team really sells within a quarter.",
)
def review_overdue(ctx: Context) -> Iterator[Finding]:
    if ctx.playbook.folder.is_template:
        return  # a template is reviewed where it is used, in each client's copy
    for name in sorted(ctx.valid):
        doc = ctx.doc(name)
        interval, last = doc.get("review_interval_days"), doc.get("last_reviewed")
        if interval and last:
            due = datetime.date.fromisoformat(last) + datetime.timedelta(days=interval)
            if due < ctx.today:
                late = (ctx.today - due).days
                yield Finding(
                    name,
                    ("last_reviewed",),
                    f"review overdue by {late} days (last reviewed {last}, every {interval} days)",
                )
