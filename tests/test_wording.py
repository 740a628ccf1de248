"""The template words looked up once per request: the same output as Flask-Babel's own callables, in every
language, and never a catalogue kept from another request or language."""
from __future__ import annotations

import pytest
from flask import g, render_template_string
from flask_babel import force_locale, gettext, ngettext, refresh
from markupsafe import Markup

from quizapp import wording

pytestmark = pytest.mark.sqlite_only

PAGE = ('{{ _("Word list") }}|{{ _("%(done)s of %(total)s", done=d, total=t) }}|'
        '{{ ngettext("%(num)d question", "%(num)d questions", n) }}|'
        '{% trans sheet=url %}<a href="{{ sheet }}">Print your consult sheet</a> to bring to your care team.'
        '{% endtrans %}|{{ _("100%% sure: %(x)s", x=evil) }}')


def render(app, lang: str, **values) -> str:
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        return render_template_string(PAGE, **{"d": 2, "t": 5, "n": 3, "url": "/sheet", "evil": "<b>", **values})


def expected(app, lang: str, n: int = 3) -> str:
    """What Flask-Babel's own gettext gives for the same strings, formatted the way Jinja's new style does."""
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        return "|".join([
            gettext("Word list"), gettext("%(done)s of %(total)s", done=2, total=5),
            ngettext("%(num)d question", "%(num)d questions", n),
            str(Markup(gettext('<a href="%(sheet)s">Print your consult sheet</a> to bring to your care team.'))
                % {"sheet": "/sheet"}),
            str(Markup(gettext("100%% sure: %(x)s")) % {"x": "<b>"})])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_template_words_match_flask_babel_in_each_language(app, lang):
    assert app.jinja_env.globals["_"] is wording.template_gettext
    page = render(app, lang)
    assert page == expected(app, lang)
    assert "100% sure: &lt;b&gt;" in page  # `%%` is one percent sign, and a value is escaped


def test_spanish_page_really_is_translated(app):
    assert render(app, "es").startswith("Lista de palabras|2 de 5|3 preguntas|")
    assert render(app, "es", n=1).split("|")[2] == "1 pregunta"


def test_each_request_gets_its_own_language(app):
    seen = []
    for lang in ("es", "en", "es", "en"):
        with app.test_request_context("/", headers={"Accept-Language": lang}):
            seen.append(render_template_string('{{ _("Word list") }}|{{ lang }}|{{ langattr("en") }}'))
    assert seen == ['Lista de palabras|es| lang="en"', "Word list|en|", 'Lista de palabras|es| lang="en"',
                    "Word list|en|"]


def test_a_language_forced_part_way_is_used_and_then_given_back(app):
    page = '{{ _("Word list") }}|{{ lang }}|{{ langattr("en") }}'
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(page) == "Word list|en|"
        with force_locale("es"):
            assert render_template_string(page) == 'Lista de palabras|es| lang="en"'
            assert gettext("Word list") == "Lista de palabras"
        assert render_template_string(page) == "Word list|en|"
        assert gettext("Word list") == "Word list"


def test_a_language_chosen_again_part_way_is_used(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string('{{ _("Word list") }}|{{ lang }}') == "Word list|en"
        g.page_lang = "es"  # a view that decides the page's language late, then asks Flask-Babel to choose again
        refresh()
        assert render_template_string('{{ _("Word list") }}|{{ lang }}') == "Lista de palabras|es"


def test_pages_in_both_languages_through_the_client(client):
    assert "Lista de palabras" in client.get("/", headers={"Accept-Language": "es"}).text
    assert "Word list" in client.get("/", headers={"Accept-Language": "en"}).text


def test_words_in_python_code_use_the_same_catalogue_once_per_request(app):
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert gettext("Word list") == "Lista de palabras"
        assert ngettext("%(num)d question", "%(num)d questions", 2) == "2 preguntas"
        assert wording.translations() is g.get("_quizapp_translations")[1]
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert gettext("Word list") == "Word list"
    with app.app_context():  # outside a request: English, as Flask-Babel gives
        assert gettext("Word list") == "Word list"
