"""Languages: which one a page speaks, the interface's translations, and dates and numbers in its manner.

Which languages there are, and everything about each, is the language registry's (languages.py).
The interface's words go through Flask-Babel. The translators' `.po` files live in the package
(`quizapp/translations/<lang>/LC_MESSAGES/messages.po`); the app compiles each into the instance
folder when its `.mo` is missing or stale, so a fresh clone needs no build step.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_locale
from markupsafe import Markup

from . import languages, states

LANG_KEY = "lang"          # the reader's own choice, kept in the signed cookie
READING_LANG_KEY = "pl"  # the language of the assignment of the person reading now (none: reading on their own)
PAGE_LANG_KEY = "_quizapp_page_lang"  # where lang() keeps the page's language with the locale it came from
PO_FOLDER = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
log = logging.getLogger("quizapp")


def init_app(app: Flask) -> None:
    """Compile the translations if needed and attach Flask-Babel with our choice of language."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled_folder(Path(app.instance_path) / "translations"))
    Babel(app, locale_selector=select_locale)
    states.WORDS.update(say=_say, ordinal=lambda n: languages.language(lang()).ordinal(n))


def _say(msgid: str, values: dict[str, str]) -> str:
    """Put the domain's words (`states.Say`) into the page's language; in English outside a request."""
    from flask_babel import gettext
    return gettext(msgid, **values) if has_request_context() else (msgid % values if values else msgid)


def compiled_folder(target: Path) -> Path:
    """Return a folder of compiled catalogues, compiling each `.po` whose `.mo` is missing or was compiled from
    other words (a stamp beside the `.mo` holds the hash of the `.po` it came from: file times can lie)."""
    for po in sorted(PO_FOLDER.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = target / po.relative_to(PO_FOLDER).with_suffix(".mo")
        source = po.read_bytes()
        digest = hashlib.sha256(source).hexdigest()
        stamp = mo.with_suffix(".source")
        if mo.exists() and stamp.exists() and stamp.read_text() == digest:
            continue
        try:
            _write(mo, _compile(source))
            _write(stamp, digest.encode())
        except OSError:  # a read-only instance folder: compile somewhere this process can write
            log.warning("cannot write compiled translations into %s; using a temporary folder", target)
            return compiled_folder(Path(tempfile.mkdtemp(prefix="quizapp-translations-")))
    return target


def _compile(source: bytes) -> bytes:
    """Compile a `.po` into `.mo` bytes; Babel's catalogue tools are imported only when a compile is needed."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(source)))
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    """Write a file atomically: several workers may start at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".messages-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


class LanguageChoice(NamedTuple):
    """A language offered in a form, named in itself and marked with its own language."""
    value: str
    label: str
    lang: str


def language_choices() -> list[LanguageChoice]:
    """Every language the reading can be given in, for a form's radio buttons."""
    return [LanguageChoice(code, name, code) for code, name in languages.names().items()]


def N_(text: str) -> str:
    """Mark words for the translators' catalogue where they are defined; they are translated where shown."""
    return text


def language_word(code: str) -> str:
    """Name a language in the page's language: "Spanish" on an English page, "español" on a Spanish one."""
    from flask_babel import gettext
    found = languages.get(code)
    return gettext(found.word) if found is not None else code


def select_locale() -> str:
    """Pick the page's language: a page that must speak one (the handout), the reader's own choice in the cookie,
    (outside the clinician workspace) the language of the assignment being joined or read, else the browser's
    Accept-Language."""
    if not has_request_context():
        return "en"
    codes = languages.codes()
    if g.get("page_lang") in codes:
        return g.page_lang
    chosen = session.get(LANG_KEY)
    if chosen in codes:
        return chosen
    if request.blueprint == "clinician":  # a clinician's page follows the clinician, not the assignment
        return request.accept_languages.best_match(codes) or "en"
    if g.get("assignment_lang") in codes:
        return g.assignment_lang
    if session.get(READING_LANG_KEY) in codes:  # set when the person reading now joined an assignment
        return session[READING_LANG_KEY]
    return request.accept_languages.best_match(codes) or "en"


def lang() -> str:
    """The language of the page being built ("en" outside a request). Asked for many times a page, so kept with
    the locale Flask-Babel chose: looked up again only when that changes (`force_locale`, `refresh`)."""
    if not has_request_context():
        return "en"
    here = g._get_current_object()
    found = here.__dict__.get(PAGE_LANG_KEY)
    if found is not None and found[0] is chosen_locale(here):
        return found[1]
    locale = get_locale()
    code = locale.language if locale is not None and languages.get(locale.language) else "en"
    here.__dict__[PAGE_LANG_KEY] = (locale, code)
    return code


def chosen_locale(here) -> object | None:
    """The locale object Flask-Babel has chosen for this request so far (None before it chooses), read from its
    own per-request namespace on `g` (a new object whenever the choice changes)."""
    return getattr(here.__dict__.get("_flask_babel"), "babel_locale", None)


def langattr(item) -> Markup:
    """Return ` lang="en"` for text whose language differs from the page's (an item with `.lang`, or a code)."""
    code = item if isinstance(item, str) else getattr(item, "lang", "en")
    return Markup(' lang="%s"') % code if code and code != lang() else Markup("")


def inlang(text: str, item) -> Markup:
    """Return text for a sentence of the page, in a `<span lang>` only when its language differs from the page's."""
    mark = langattr(item)
    return Markup("<span%s>%s</span>") % (mark, text) if mark else Markup("%s") % text


def browser_prefers() -> str | None:
    """Return the language the browser asks for when the page speaks another and the reader has not chosen one."""
    if not has_request_context() or session.get(LANG_KEY) in languages.codes():
        return None
    wanted = request.accept_languages.best_match(languages.codes())
    return wanted if wanted and wanted != lang() else None


def other_languages() -> list[tuple[str, str]]:
    """The languages a reader can switch to from this page, with their own names."""
    here = lang()
    return [(code, name) for code, name in languages.names().items() if code != here]


def safe_next(target: str | None) -> str:
    """Return a path on this site to go back to after a switch, or the start page (never another site)."""
    if (not target or not target.startswith("/") or "\\" in target or not target.isprintable()
            or any(c.isspace() for c in target)
            or target.startswith("//")):
        return "/"
    return target


def format_date(value, style: str = "short") -> str:
    """Show a date the same way on every page, in the page's language: "30 Nov 2026", "30 nov 2026"."""
    from babel.dates import format_date as babel_date
    from babel.dates import format_datetime
    patterns = languages.language(lang()).dates
    if style == "stamp":
        return format_datetime(value, patterns[style], locale=lang())
    return babel_date(value, patterns[style], locale=lang())



def format_percent(share: float) -> str:
    """Show a share from 0 to 1 as a whole percentage in the page's manner: "67%", "67 %"."""
    from babel.numbers import format_percent as babel_percent
    return babel_percent(share, locale=lang())


def format_decimal(value: float, digits: int = 2) -> str:
    """Show a number with a fixed count of decimals in the page's manner: "0.25", "0,25"."""
    from babel.numbers import format_decimal as babel_decimal
    return babel_decimal(value, format="0." + "0" * digits, locale=lang())
