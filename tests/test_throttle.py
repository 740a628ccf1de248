"""Throttles that cannot be turned against the people they protect, and that hold under concurrent requests."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from quizapp.models import Base
from tests.clinician_helpers import PASSWORD, assign, create_clinician, sign_in
from tests.helpers import token

EMAIL = "dr.kim@clinic.example"
STRANGER, HOME = "198.51.100.7", "203.0.113.9"


def client_at(app, address: str):
    """A test client whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def try_code(client, code: str):
    """Type a code into the home page box."""
    return client.post("/code", data={"csrf_token": token(client.get("/").text), "code": code})


def try_sign_in(client, email: str = EMAIL, password: str = "wrong password, try again"):
    """Post the sign-in form."""
    page = client.get("/clinician/login").text
    return client.post("/clinician/login", data={"csrf_token": token(page), "email": email, "password": password})


def row_counts(app) -> dict[str, int]:
    """Count the rows of every table."""
    with app.extensions["db"].engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def code(app):
    create_clinician(app, EMAIL)
    doctor = client_at(app, HOME)
    sign_in(doctor, EMAIL)
    return assign(doctor, ["demo"])


# --- L3: link GETs are not code guesses, and strangers write nothing -----------------------------------

def test_cookieless_gets_of_unknown_links_do_not_use_up_the_code_budget(app, code):
    visitor = client_at(app, HOME)
    for n in range(app.config["CODE_LIMIT"] + 2):
        assert visitor.get(f"/a/junk-link-{n}").status_code == 404
    assert try_code(visitor, code["code"]).status_code == 303


def test_requests_before_joining_write_no_database_row(app, code):
    before = row_counts(app)
    stranger = client_at(app, STRANGER)
    for url in ["/", "/glossary", "/m/demo", "/a/junk-link", "/a/" + "x" * 22, f"/a/{code['token']}", "/sheet"]:
        assert stranger.get(url).status_code in (200, 302, 303, 404), url
    stranger.post(f"/a/{code['token']}", data={"role": "patient"})  # no form token: refused
    stranger.post("/m/demo/start", data={})
    assert row_counts(app) == before


# --- L4 and N1: IPv6 by /64; the site-wide count is an alarm, never a stop for a first try -----------------------------------------------

def test_ipv6_addresses_in_one_64_share_a_code_budget_and_other_networks_do_not(app, code):
    for n in range(app.config["CODE_LIMIT"]):
        try_code(client_at(app, f"2001:db8:0:1::{n + 1:x}"), f"AAAA-AAA{n}")
    assert try_code(client_at(app, "2001:db8:0:1:ffff::9"), code["code"]).status_code == 429
    assert try_code(client_at(app, "2001:db8:0:2::1"), code["code"]).status_code == 303


def _miss_site_wide(app, addresses: int, each: int) -> None:
    """Type wrong codes from many addresses, as an attacker spreading guesses would."""
    for a in range(addresses):
        for n in range(each):
            assert try_code(client_at(app, f"192.0.2.{a + 1}"), f"ZZZZ-ZZ{a % 10}{n}").status_code == 404


def test_a_hundred_wrong_codes_from_ten_addresses_never_stop_a_patient_with_the_right_code(app, code, caplog):
    _miss_site_wide(app, 10, 10)  # the whole site-wide count, as the outside test did
    assert try_code(client_at(app, "198.51.100.50"), code["code"]).status_code == 303
    patient = client_at(app, "198.51.100.51")
    assert try_code(patient, "ZZZZ-ZZZZ").status_code == 404  # a typo first: still gets the right one in
    assert try_code(patient, code["code"]).status_code == 303
    assert "many wrong codes site-wide" in caplog.text


def test_while_many_codes_are_missed_site_wide_an_address_that_keeps_missing_gets_only_a_few_tries(app, code):
    app.config["CODE_LIMIT_SITE"] = 5
    _miss_site_wide(app, 5, 1)
    guesser = client_at(app, "198.51.100.60")
    for n in range(app.config["CODE_LIMIT_WHEN_BUSY"]):
        assert try_code(guesser, f"YYYY-YYY{n}").status_code == 404
    assert try_code(guesser, code["code"]).status_code == 429
    assert try_code(client_at(app, "198.51.100.61"), code["code"]).status_code == 303


def test_guessing_one_live_code_from_a_thousand_addresses_takes_thousands_of_years(app):
    from quizapp import assigning, ratelimit
    cfg = app.config
    # Once the site-wide alarm is up, each address gets CODE_LIMIT_WHEN_BUSY misses a window; before it, all
    # addresses together get at most CODE_LIMIT_SITE. That is the most an attacker can try per window.
    days = ratelimit.days_to_guess(assigning.CODE_BITS, live=1, addresses=1000,
                                   per_window=cfg["CODE_LIMIT_WHEN_BUSY"], minutes=cfg["CODE_WINDOW_MINUTES"],
                                   extra_per_window=cfg["CODE_LIMIT_SITE"])
    assert 10_000 < days / 365.25 < 10_200  # about 10,100 years, as SECURITY.md says
    busy_clinic = ratelimit.days_to_guess(assigning.CODE_BITS, live=1000, addresses=1000, per_window=3,
                                          minutes=15, extra_per_window=100)
    assert busy_clinic / 365.25 > 10  # even with a thousand live codes at once: about 10 years for one


# --- L6: no lockout a stranger can trigger ----------------------------------------------------------

def test_a_stranger_failing_many_times_cannot_lock_the_clinician_out(app):
    create_clinician(app, EMAIL)
    stranger = client_at(app, STRANGER)
    for _ in range(app.config["LOGIN_LIMIT_PER_ADDRESS"] + 3):
        try_sign_in(stranger)
    assert try_sign_in(stranger, password=PASSWORD).status_code == 429
    assert try_sign_in(client_at(app, HOME), password=PASSWORD).status_code == 303


def test_a_sign_in_clears_the_earlier_typos_from_that_address(app):
    create_clinician(app, EMAIL)
    doctor = client_at(app, HOME)
    for _ in range(2):
        for _ in range(app.config["LOGIN_LIMIT"] - 1):
            assert try_sign_in(doctor).status_code == 401
        assert try_sign_in(doctor, password=PASSWORD).status_code == 303
        page = doctor.get("/clinician/").text
        doctor.post("/clinician/logout", data={"csrf_token": token(page)})


def test_failures_from_many_addresses_meet_a_higher_per_account_cap(app):
    create_clinician(app, EMAIL)
    app.config["LOGIN_LIMIT"] = 100  # each address stays far below its own limit
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = 6
    for n in range(6):
        try_sign_in(client_at(app, f"192.0.2.{n + 1}"))
    assert try_sign_in(client_at(app, HOME), password=PASSWORD).status_code == 429


# --- L5: counting holds under concurrent attempts -----------------------------------------------------

def _together(n: int, attempt) -> list[int]:
    """Run n attempts at once from threads and return their status codes."""
    statuses: list[int] = []
    gate = threading.Barrier(n)

    def run(i: int) -> None:
        gate.wait()
        statuses.append(attempt(i))
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_forty_concurrent_wrong_codes_are_evaluated_exactly_up_to_the_limit(app, code):
    clients = [client_at(app, STRANGER) for _ in range(40)]
    pages = [token(c.get("/").text) for c in clients]
    statuses = _together(40, lambda i: clients[i].post("/code", data={"csrf_token": pages[i],
                                                                      "code": f"ZZZZ-{i:04d}"}).status_code)
    assert statuses.count(404) == app.config["CODE_LIMIT"], statuses
    assert statuses.count(429) == 40 - app.config["CODE_LIMIT"]


def test_forty_concurrent_wrong_passwords_are_checked_exactly_up_to_the_limit(app):
    create_clinician(app, EMAIL)
    clients = [client_at(app, STRANGER) for _ in range(40)]
    pages = [token(c.get("/clinician/login").text) for c in clients]
    statuses = _together(40, lambda i: clients[i].post("/clinician/login", data={
        "csrf_token": pages[i], "email": EMAIL, "password": f"wrong password {i}"}).status_code)
    assert statuses.count(401) == app.config["LOGIN_LIMIT"], statuses
    assert statuses.count(429) == 40 - app.config["LOGIN_LIMIT"]


# --- N10: stored keys and log fingerprints cannot be reversed without the app's secret -------------------

def _unkeyed(*parts: str) -> str:
    import hashlib
    return hashlib.sha256("\x1f".join(p.lower() for p in parts).encode()).hexdigest()


def test_throttle_keys_and_the_log_fingerprint_are_keyed_hashes_nobody_can_reverse_without_the_secret(
        app, make_app, caplog):
    create_clinician(app, EMAIL)
    assert try_sign_in(client_at(app, STRANGER)).status_code == 401
    with app.extensions["db"].engine.connect() as conn:
        keys = {r.bucket: r.key for r in conn.execute(sa.text("SELECT bucket, key FROM rate_counter"))}
    guessable = {_unkeyed("login", EMAIL, STRANGER), _unkeyed("login", EMAIL), _unkeyed("addr", STRANGER)}
    assert set(keys) == {"login", "login-pair", "login-ip"}
    assert not any(g.startswith(k) for g in guessable for k in keys.values())
    logged = caplog.text.split("login failed account=")[1][:12]
    assert not any(g.startswith(logged) for g in guessable)
    other = make_app(SECRET_KEY="another-secret-" + "y" * 32)
    with other.test_request_context():
        from quizapp import ratelimit
        assert ratelimit.key("login", EMAIL) != keys["login"]
    with app.test_request_context():
        assert ratelimit.key("login", EMAIL) == keys["login"]


# --- N3: strangers spread over many addresses cannot lock the owner out of their own browser --------------

def test_failures_from_many_addresses_do_not_lock_the_owner_out_of_a_browser_they_signed_in_from(app):
    create_clinician(app, EMAIL)
    owner = client_at(app, HOME)
    assert try_sign_in(owner, password=PASSWORD).status_code == 303
    owner.post("/clinician/logout", data={"csrf_token": token(owner.get("/clinician/").text)})
    most = app.config["LOGIN_LIMIT_PER_ACCOUNT"]
    per = app.config["LOGIN_LIMIT"]
    for n in range(most // per):
        for _ in range(per):
            assert try_sign_in(client_at(app, f"192.0.2.{n + 1}")).status_code == 401
    assert try_sign_in(client_at(app, "198.51.100.99"), password=PASSWORD).status_code == 429  # the cap holds
    assert try_sign_in(owner, password=PASSWORD).status_code == 303  # from the owner's own browser


def test_a_forged_or_another_accounts_device_cookie_does_not_lift_the_account_cap(app):
    create_clinician(app, EMAIL)
    create_clinician(app, "dr.other@clinic.example")
    other = client_at(app, HOME)
    assert try_sign_in(other, email="dr.other@clinic.example", password=PASSWORD).status_code == 303
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = 2
    for n in range(2):
        try_sign_in(client_at(app, f"192.0.2.{n + 1}"))
    assert try_sign_in(other, password=PASSWORD).status_code == 429  # it knows dr.other, not this account
    forged = client_at(app, "198.51.100.98")
    forged.set_cookie("quizapp_device", "W10.forged.signature")
    assert try_sign_in(forged, password=PASSWORD).status_code == 429
