"""The running release of the platform's code, as a short fingerprint.

Cached whole pages are keyed by the content version, which moves when records change but
not when new code is installed: a page cached before an upgrade would otherwise be served
by the upgraded servers until some record changed. The fingerprint covers the package's
version and the size and modification time of every file that shapes a page (code,
templates, catalogues, styles), read once per process, so servers of a new release never
read what an earlier release cached.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import target87

_SUFFIXES = (".py", ".html", ".mo", ".css", ".js", ".svg", ".json", ".csv")


@lru_cache(maxsize=1)
def release_fingerprint() -> str:
    root = Path(target87.__file__).resolve().parent
    digest = hashlib.sha256(target87.__version__.encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, root)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()[:16]
