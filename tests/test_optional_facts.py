"""What real handbooks leave out stays out: a ramp without quota fractions, certifications without
an assessor, pass mark or rubric, a buying committee without titles — valid, shown as written, and
listed on the health page instead of invented."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import yaml

from generator.load.sources import PlaybookFolder
from generator.publish.client import build_client
from tests.conftest import ROOT


def _text(page: Path) -> str:
    raw = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _strip(folder: Path) -> None:
    """Remove those facts from a playbook folder's ramp and ICP documents, wherever they are."""
    ramp_file, icp_file = folder / "ramp.yaml", folder / "icp.yaml"
    if ramp_file.is_file():
        ramp = yaml.safe_load(ramp_file.read_text())
        for plan in ramp.get("plans", []):
            for period in plan.get("periods", []):
                period.pop("quota_fraction", None)
                for cert in period.get("certifications", []):
                    for key in ("assessor", "pass_mark", "rubric"):
                        cert.pop(key, None)
        ramp_file.write_text(yaml.safe_dump(ramp, sort_keys=False))
    if icp_file.is_file():
        icp = yaml.safe_load(icp_file.read_text())
        for segment in icp.get("segments", []):
            for member in segment.get("buying_committee", []):
                member.pop("titles", None)
        icp_file.write_text(yaml.safe_dump(icp, sort_keys=False))


def _project(tmp_path: Path) -> Path:
    """fernhill and its template in a project of their own, both stripped of those facts."""
    shutil.copytree(ROOT / "playbooks" / "fernhill", tmp_path / "playbooks" / "fernhill")
    shutil.copytree(
        ROOT / "playbooks" / "templates" / "founder-led", tmp_path / "playbooks" / "templates" / "founder-led"
    )
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    _strip(tmp_path / "playbooks" / "fernhill")
    _strip(tmp_path / "playbooks" / "templates" / "founder-led")
    return tmp_path


def test_left_out_facts_validate_and_are_listed_not_invented(cli, tmp_path):
    project = _project(tmp_path)
    fernhill = project / "playbooks" / "fernhill"
    result = cli("validate", str(fernhill))
    assert result.status == 0, result.out
    assert ": error: " not in result.out
    site = build_client(PlaybookFolder(fernhill), project / "site").site
    health = _text(site / "health.html")
    assert "Ramp periods with no quota fraction: ae/" in health
    assert "Certifications with no assessor, pass mark or rubric:" in health
    ae = _text(site / "ramp" / "ae.html")
    assert "carries" not in ae and "pass mark" not in ae and "assessed by" not in ae
    assert "quota not stated" in (site / "ramp" / "ae.html").read_text(encoding="utf-8")
