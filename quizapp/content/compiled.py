"""The checked catalogue, kept in the instance folder so later processes skip parsing and checking.

Parsing the YAML, rendering the Markdown and validating with pydantic happen once per change of the
content (or of the code that reads it). Every other process unpickles the result and never imports
those libraries, which keeps each web worker small. The instance folder is trusted like the secret key.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .model import Catalogue

_READERS = ("loader.py", "schema.py", "model.py")


def fingerprint(folder: Path) -> str:
    """Hash every content file and the code that reads them."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / name for name in _READERS] + sorted(folder.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def load(folder: str | Path, cache_dir: str | Path) -> Catalogue:
    """Return the catalogue from the cache when the content is unchanged, else load, check and cache it."""
    folder, cache_dir = Path(folder), Path(cache_dir)
    path = cache_dir / f"catalogue-{fingerprint(folder)}.pickle" if folder.is_dir() else None
    if path is not None and path.exists():
        try:
            cat = pickle.loads(path.read_bytes())
            if isinstance(cat, Catalogue):
                return cat
        except Exception:  # a damaged or foreign file: rebuild it below
            pass
    from .loader import load_catalogue
    cat = load_catalogue(folder)
    if path is not None:
        _write(path, pickle.dumps(cat, protocol=pickle.HIGHEST_PROTOCOL))
    return cat


def _write(path: Path, data: bytes) -> None:
    """Write atomically; a read-only instance folder only costs the next process a re-parse."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        for old in path.parent.glob("catalogue-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
