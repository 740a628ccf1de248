"""The interface's words, with the page's translations looked up once per request.

Flask-Babel finds the translations again for every string (`get_translations()` goes through `flask.g`
nine times: about 8 µs a string, more than the rest of a `{{ _("...") }}`), so a page with 40 strings
spent a third of a millisecond finding the same catalogue. Here the catalogue Flask-Babel returns is
kept on `g` for the rest of the request: by the template callables, which behave exactly like Jinja's
new-style gettext (the result is marked safe under autoescaping, then `%`-formatted with the keyword
arguments, escaped, always, so `%%` means the same with or without them), and by Flask-Babel's own
`gettext`, `ngettext` and lazy strings in Python code, through the domain installed here.

The page's language is still chosen by Flask-Babel (`i18n.select_locale`), on the first string or on
any earlier `get_locale()`; a change of it within a request (`force_locale`, `refresh`) is seen.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context
from flask_babel import Domain, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .i18n import chosen_locale

_KEY = "_quizapp_translations"


def translations():
    """The interface's translations for this request (Flask-Babel's catalogue for the page's language)."""
    here = g._get_current_object()
    found = here.__dict__.get(_KEY)
    if found is not None and found[0] is chosen_locale(here):
        return found[1]
    return get_translations()  # through RequestDomain, which keeps them


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the translations once per request and locale (the app has this one
    domain): kept on `g` with the locale object Flask-Babel chose, they are looked up again only when that
    object changes (`force_locale`, `refresh`)."""

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        here = g._get_current_object()
        found = here.__dict__.get(_KEY)
        if found is not None and found[0] is chosen_locale(here):
            return found[1]
        fresh = super().get_translations()  # chooses the locale first, if nothing has asked yet
        chosen = chosen_locale(here)
        if chosen is not None:
            here.__dict__[_KEY] = (chosen, fresh)
        return fresh


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
