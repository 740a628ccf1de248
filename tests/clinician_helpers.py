"""Test helpers for the clinician side: accounts, sign-in, assignments, joining by link or code."""
from __future__ import annotations

import re

from tests import leaks
from tests.helpers import token

PASSWORD = "correct horse battery staple 42"
leaks.remember(PASSWORD)


def create_clinician(app, email: str, password: str = PASSWORD) -> None:
    """Create an account through the real command, answering its two password prompts."""
    result = app.test_cli_runner().invoke(args=["create-clinician", email], input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    """Post the sign-in form and return the response."""
    page = client.get("/clinician/login").text
    return client.post("/clinician/login", data={"csrf_token": token(page), "email": email,
                                                 "password": password, **extra})


def new_assignment(client, modules: list[str], label: str = "", days: int | str = 30, **extra):
    """Post the new-assignment form (with any further fields, such as pre_check) and return the response."""
    page = client.get("/clinician/assignments/new").text
    return client.post("/clinician/assignments/new", data={"csrf_token": token(page), "modules": modules,
                                                           "label": label, "days": str(days), **extra})


def assign(client, modules: list[str], label: str = "", **extra) -> dict:
    """Create an assignment and read its public id, link token and code off the report page."""
    resp = new_assignment(client, modules, label, **extra)
    assert resp.status_code == 303, resp.text
    public_id = resp.location.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(resp.location).text
    link_token = re.search(r'/a/([A-Za-z0-9_\-]+)"', page).group(1)
    code = re.search(r'class="code big">([0-9A-Z]{4}-[0-9A-Z]{4})<', page).group(1)
    leaks.remember(link_token)
    return {"public_id": public_id, "token": link_token, "code": code}


def join(client, link_token: str, role: str = "patient"):
    """Open the assignment link and say who is reading."""
    page = client.get(f"/a/{link_token}").text
    return client.post(f"/a/{link_token}", data={"csrf_token": token(page), "role": role})


def enter_code(client, code: str):
    """Type a code into the home page box."""
    page = client.get("/").text
    return client.post("/code", data={"csrf_token": token(page), "code": code})


def assigning_doctor(app, email: str, modules: list[str], label: str = ""):
    """Create a clinician, sign them in and make one assignment; return their client and the assignment."""
    create_clinician(app, email)
    doctor = app.test_client()
    sign_in(doctor, email)
    return doctor, assign(doctor, modules, label)


def signed_in_doctor(app, email: str):
    """Create a clinician and return a client signed in as them."""
    create_clinician(app, email)
    doctor = app.test_client()
    assert sign_in(doctor, email).status_code == 303
    return doctor
