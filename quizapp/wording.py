"""The interface's words, with the page's translations looked up once per request.

Flask-Babel finds the translations again for every string (`get_translations()` goes through `flask.g`
nine times: about 8 µs a string, more than the rest of a `{{ _("...") }}`), so a page with 40 strings
spent a third of a millisecond finding the same catalogue. Here the catalogue Flask-Babel returns is
kept on `g` for the rest of the request: by the template callables, which behave exactly like Jinja's
new-style gettext (the result is marked safe under autoescaping, then `%`-formatted with the keyword
arguments, escaped, always, so `%%` means the same with or without them), and by Flask-Babel's own
`gettext`, `ngettext` and lazy strings in Python code, through the domain installed here.

The page's language is still chosen by Flask-Babel (`i18n.select_locale`), on the first string or on
any earlier `get_locale()`; once chosen it holds for the request, as Flask-Babel's own cache does.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context
from flask_babel import Domain, get_translations, refresh
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .i18n import PAGE_LANG_KEY

_KEY = "_quizapp_translations"


def translations():
    """The interface's translations for this request (Flask-Babel's catalogue for the page's language)."""
    found = g.get(_KEY)
    if found is None:
        found = get_translations()
        setattr(g, _KEY, found)
    return found


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the translations once per request (the app has this one domain)."""

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        found = g.get(_KEY)
        if found is None:
            found = super().get_translations()
            setattr(g, _KEY, found)
        return found


def forget() -> None:
    """For code that changes the page's language part-way through a request: choose it again, and drop the
    catalogue and the language code kept for this request."""
    refresh()
    g.pop(_KEY, None)
    g.pop(PAGE_LANG_KEY, None)


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """`{{ _("...") }}` and `{% trans %}`: the translated words, formatted as Jinja's new-style gettext does."""
    rv = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    """`{{ ngettext(...) }}` and `{% trans %}` with `{% pluralize %}`, as Jinja's new-style ngettext does."""
    variables.setdefault("num", num)
    rv = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables


def install(app: Flask) -> None:
    """After `Babel(app)`: its domain and its template callables replaced by ones that look up once a request."""
    config = app.extensions["babel"]
    config.instance.domain_instance = RequestDomain(domain=config.default_domain)
    app.jinja_env.globals.update(gettext=template_gettext, _=template_gettext, ngettext=template_ngettext)
