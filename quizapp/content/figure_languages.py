"""One drawing, several languages: each figure's words are swapped for another language's from one word list, so a
Spanish page shows the same picture with Spanish words. `flask --app quizapp translate-figures` writes the copies;
the content check names any word still missing from a list."""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, unescape

import click

_WORDS = re.compile(r"(<(?:text|tspan|title)\b[^>]*>)([^<]+)(</(?:text|tspan|title)>)")


def words_in(svg: str) -> list[str]:
    """Return every word run of a figure (its drawn words and its title), in order."""
    return [unescape(m.group(2)).strip() for m in _WORDS.finditer(svg)]


def translate(svg: str, words: dict[str, str]) -> str:
    """Return the figure with each word run in the other language; a run with no entry raises KeyError."""
    def swap(m: re.Match) -> str:
        text = unescape(m.group(2))
        return m.group(1) + escape(words[text.strip()]) + m.group(3)
    return _WORDS.sub(swap, svg)


def missing_words(folder: Path, lang: str) -> list[str]:
    """Name the words of any figure that the language's word list lacks, as "file: words"."""
    words = load_words(folder, lang)
    out = []
    for path in sorted(folder.glob("*.svg")):
        lacking = [w for w in words_in(path.read_text(encoding="utf-8")) if w not in words]
        if lacking:
            out.append(f"{path.name}: {', '.join(lacking)}")
    return out


def load_words(folder: Path, lang: str) -> dict[str, str]:
    """Read a language's word list for the figures (an empty one when there is none)."""
    path = folder / f"words-{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_copies(folder: Path, lang: str) -> list[Path]:
    """Write every figure's copy in a language into folder/lang/, and return the files written."""
    words = load_words(folder, lang)
    target = folder / lang
    target.mkdir(exist_ok=True)
    written = []
    for path in sorted(folder.glob("*.svg")):
        out = target / path.name
        svg = translate(path.read_text(encoding="utf-8"), words)
        out.write_text(svg.replace("<svg ", f'<svg xml:lang="{lang}" ', 1), encoding="utf-8")
        written.append(out)
    return written


@click.command("translate-figures")
@click.option("--lang", default="es", show_default=True, help="the language whose word list to use")
def translate_figures(lang: str) -> None:
    """Write each figure's copy in another language from static/figures/words-LANG.json."""
    from .loader import FIGURES_DIR
    lacking = missing_words(FIGURES_DIR, lang)
    if lacking:
        raise click.ClickException("words missing from words-%s.json:\n  %s" % (lang, "\n  ".join(lacking)))
    for path in write_copies(FIGURES_DIR, lang):
        click.echo(f"wrote {path.relative_to(FIGURES_DIR.parent.parent.parent)}")
