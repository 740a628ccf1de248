"""Settings that guard a deployment: the environment name, the public address, proxies and cookie names."""
from __future__ import annotations

import pytest

from quizapp import create_app
from tests.config import CONTENT, TEST_SECRET

BASE = {"QUESTIONS_DIR": str(CONTENT), "DATABASE_URL": "sqlite://", "SECRET_KEY": TEST_SECRET}
PRODUCTION = {**BASE, "ENV_NAME": "production", "PUBLIC_BASE_URL": "https://learn.example.org"}


@pytest.fixture(autouse=True)
def _instance(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "inst"))


@pytest.mark.parametrize("name", ["Production", "prod", " production", "PRODUCTION", "staging", ""])
def test_an_unknown_environment_name_refuses_to_start_and_lists_the_allowed_ones(name):
    with pytest.raises(RuntimeError) as info:
        create_app({**BASE, "ENV_NAME": name})
    assert "development" in str(info.value) and "production" in str(info.value)


def test_production_refuses_to_start_without_a_public_base_url():
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": ""})


@pytest.mark.parametrize("url", ["learn.example.org", "ftp://learn.example.org", "https://learn.example.org/x",
                                 "https://learn.example.org/?a=1", "https://"])
def test_a_public_base_url_that_is_not_a_plain_origin_refuses_to_start(url):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app({**BASE, "PUBLIC_BASE_URL": url})


def test_production_refuses_a_plain_http_public_base_url():
    with pytest.raises(RuntimeError, match="https"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": "http://learn.example.org"})


@pytest.mark.parametrize("hops", [-1, "two", 1.5])
def test_proxy_hops_must_be_a_small_whole_number(hops):
    with pytest.raises(RuntimeError, match="PROXY_HOPS"):
        create_app({**BASE, "PROXY_HOPS": hops})


def test_proxy_fix_wraps_the_app_only_when_hops_are_set():
    from werkzeug.middleware.proxy_fix import ProxyFix
    assert not isinstance(create_app(dict(BASE)).wsgi_app, ProxyFix)
    fixed = create_app({**BASE, "PROXY_HOPS": 2}).wsgi_app
    assert isinstance(fixed, ProxyFix) and (fixed.x_for, fixed.x_proto, fixed.x_host) == (2, 2, 2)


def test_production_names_the_session_cookie_with_the_host_prefix():
    app = create_app(dict(PRODUCTION))
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-quizapp"
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_DOMAIN"] in (None, False)
    assert create_app(dict(BASE)).config["SESSION_COOKIE_NAME"] == "quizapp"
