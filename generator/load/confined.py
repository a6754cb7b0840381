"""Copy a folder of the working tree reading nothing but regular files inside the project.

`build --versions` builds each release with today's site_config/ next to the release's
playbooks, in a temporary folder. The copy must not become a way around the checks a plain
build makes: a link is never followed out of the project (it is recreated as a link, so the
brand check refuses it exactly as it would in the working tree), devices and pipes are never
opened, and an oversized file is never read (a sparse file of the same size stands in, so the
size check reports it).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from generator.core import limits


def _place(source: Path, dest: Path, limit: int) -> None:
    size = source.stat().st_size
    if size > limit:
        with dest.open("wb") as out:
            out.truncate(size)  # no data read, no disk used: only the size is kept
        return
    shutil.copyfile(source, dest)


def copy_confined(source: Path, dest: Path, project: Path, limit: int = limits.MAX_FILE_BYTES) -> None:
    """Copy the folder `source` to `dest` as described above; `project` bounds where links may go."""
    project = project.resolve()
    for folder, dirs, names in os.walk(source):  # a linked folder is listed in dirs, never walked
        here = Path(folder)
        out = dest / here.relative_to(source)
        out.mkdir(parents=True, exist_ok=True)
        for name in [*dirs, *names]:
            path = here / name
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if stat.S_ISREG(mode):
                _place(path, out / name, limit)
            elif stat.S_ISLNK(mode):
                _link(path, out / name, project, limit)
            # a pipe, socket or device is left out: the brand check then reports it missing


def _link(path: Path, dest: Path, project: Path, limit: int) -> None:
    try:
        resolved = path.resolve(strict=True)
        inside = resolved.is_relative_to(project) and stat.S_ISREG(resolved.stat().st_mode)
    except (OSError, RuntimeError):  # dangling, or a loop
        os.symlink(os.readlink(path), dest)
        return
    if inside:
        _place(resolved, dest, limit)
    else:
        os.symlink(resolved, dest)  # the brand check sees a link out of the project and says so
