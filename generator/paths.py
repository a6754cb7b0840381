"""Where the repository's parts live, relative to this package."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO_ROOT / "schemas"
BASE_CONFIG = REPO_ROOT / "mkdocs.yml"
PLAYBOOKS_DIR = Path("playbooks")
SITE_DIR = Path("site")
BRANDS_DIR = Path("site_config") / "brands"


def brand_path(root: Path, name: str) -> Path:
    """The file of brand `name` in the repository at `root`."""
    return root / BRANDS_DIR / f"{name}.yml"
