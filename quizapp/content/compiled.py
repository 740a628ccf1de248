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

from ..languages import translations
from .model import Catalogue

_READERS = ("loader.py", "schema.py", "model.py", "translation.py", "translated.py")


def fingerprint(folder: Path) -> str:
    """Hash every content file and the code that reads them."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / name for name in _READERS] + sorted(folder.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for lang in translations():   # translations kept beside the English catalogue, each in questions/<folder>/
        h.update(f"{lang.code}:{lang.folder}".encode() + b"\0")
        for path in sorted((folder / str(lang.folder)).glob("*.yaml")):
            h.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def load(folder: str | Path, cache_dir: str | Path) -> Catalogue:
    """Return the English catalogue (see load_all)."""
    return load_all(folder, cache_dir)["en"]


def load_all(folder: str | Path, cache_dir: str | Path) -> dict[str, Catalogue]:
    """Return {language: catalogue} from the cache when the content is unchanged, else load, check and cache it."""
    folder, cache_dir = Path(folder), Path(cache_dir)
    path = cache_dir / f"catalogue-{fingerprint(folder)}.pickle" if folder.is_dir() else None
    if path is not None and path.exists():
        try:
            cats = pickle.loads(path.read_bytes())
            if isinstance(cats, dict) and "en" in cats and all(isinstance(c, Catalogue) for c in cats.values()):
                return cats
        except Exception:  # a damaged or foreign file: rebuild it below
            pass
    from .loader import load_catalogue
    from .translated import load_translation
    cat = load_catalogue(folder)
    cats = {"en": cat, **{lang.code: load_translation(cat, folder / str(lang.folder), lang.code).catalogue
                          for lang in translations()}}
    if path is not None:
        _write(path, pickle.dumps(cats, protocol=pickle.HIGHEST_PROTOCOL))
    return cats


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
