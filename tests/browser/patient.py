"""A patient in a real browser: walks the whole flow by clicking, and calls back on every distinct page.

The walk opens the home page, the word list, an empty consult sheet and a missing page, then starts the
module, reads every part, answers every question (every third one wrong on purpose, and once presses
"Check – I'm sure" with nothing chosen), looks at the results, retries the missed questions (getting the
first of them wrong again), and ends on the filled consult sheet. Only the home page and the missing page
are typed into the address bar; everything else is reached through the page's own links and buttons, so
the walk works the same with JavaScript turned off.

A quick walk (for the page checks) shows every kind of page in the browser all the same, but sends the
answers nobody needs to look at (the 3rd question onwards, the 3rd retry onwards) over plain HTTP with the
browser's own cookie, then opens the results page directly.
"""
from __future__ import annotations

import re
import urllib.parse
from typing import Callable

from playwright.sync_api import Page, expect

from tests.live import Client

from .conftest import MODULE

Visit = Callable[[str, Page], None]

# Kinds of page the walk reports, in the order it first meets them.
KINDS = ("home", "glossary", "sheet-empty", "404", "module", "read", "question", "question-error",
         "feedback-right", "feedback-wrong", "results", "retry-question", "retry-feedback-wrong",
         "retry-feedback-right", "results-after-retry", "sheet")

_PATH = re.compile(r"/m/(?P<module>[^/]+)/(?:(?P<read>read)/(?P<section>[^/]+)|(?P<round>q|retry)/(?P<question>[^/]+)"
                   r"(?P<feedback>/feedback)?|(?P<results>results))$")


def first_try_right(index: int) -> bool:
    """Every third question (the 2nd, 5th, 8th, …) is answered wrong on purpose on the first try."""
    return index % 3 != 1


def where(page: Page) -> dict:
    """Parse the page's URL into the module step it shows."""
    path = page.url.split("?", 1)[0].split("#", 1)[0]
    match = _PATH.search(path)
    assert match, f"unexpected page {page.url}"
    return match.groupdict()


def navigate(page: Page, action: Callable[[], None]) -> None:
    """Do something that loads a new page, and wait until it has loaded."""
    with page.expect_navigation():
        action()


def click_link(page: Page, name: str, exact: bool = True) -> None:
    """Follow a link by its name, opening the header's menu first when the link is folded into it (on a phone)."""
    link = page.get_by_role("link", name=name, exact=exact)
    if not link.count():
        open_menu(page)
    navigate(page, lambda: link.first.click())


def open_menu(page: Page) -> None:
    """Open the header's menu, which a narrow screen shows as one button."""
    menu = page.locator("header.site details.menu")
    if menu.count() and menu.locator("summary").is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()


def click_button(page: Page, name: str | re.Pattern) -> None:
    """Press a button by its name, opening the header's menu first when the button is folded into it."""
    button = page.get_by_role("button", name=name, exact=True)
    if not button.count():
        open_menu(page)
    navigate(page, lambda: button.click())


# The feedback page's button says where it goes: "Next question", "Next part" or "See your results".
NEXT = re.compile(r"^(Next question|Next part|See your results)$")
# A topic started already (joining starts the first one) offers to continue instead of to start.
START = re.compile(r"^(Start reading|Continue where you left off)$")


class Http:
    """The browser's person over plain HTTP, with the browser's cookie: for steps nobody needs to look at."""

    def __init__(self, page: Page):
        cookie = next(c for c in page.context.cookies() if c["name"] == "quizapp")
        self.client = Client(urllib.parse.urlsplit(page.url).port)
        self.client.cookie = f"quizapp={cookie['value']}"

    def post_form(self, get_path: str, post_path: str | None = None, **data) -> int:
        """Open a page, then send its form (with its CSRF token) and return the status."""
        page = self.client.get(get_path)
        assert page.status == 200, (get_path, page.status)
        return self.client.post(post_path or get_path, {"csrf_token": self.client.token(page.text), **data}).status

    def start(self, module) -> None:
        assert self.post_form(f"/m/{module.id}", f"/m/{module.id}/start") == 303

    def answer_from(self, module, index: int, right: Callable[[int], bool], stop_after: int | None = None,
                    confidence: Callable[[int], str] = lambda i: "sure") -> list:
        """Read and answer the first round from question `index` on; return the questions missed there."""
        missed, opened = [], {q.section_id for q in module.questions[:index]}
        for i, q in enumerate(module.questions[index:stop_after], start=index):
            if q.section_id not in opened:
                opened.add(q.section_id)
                assert self.client.get(f"/m/{module.id}/read/{q.section_id}").status == 200
            choice = q.correct_choice if right(i) else next(c for c in q.choices if not c.correct)
            extra = {"confidence": confidence(i)} if confidence(i) else {}
            assert self.post_form(f"/m/{module.id}/q/{q.id}", choice=choice.id, **extra) == 303, q.id
            missed += [] if right(i) else [q]
        return missed

    def open_retry(self, module) -> None:
        assert self.post_form(f"/m/{module.id}/results", f"/m/{module.id}/retry") == 303

    def retry(self, module, questions, right: Callable[[int], bool]) -> None:
        for n, q in enumerate(questions):
            choice = q.correct_choice if right(n) else next(c for c in q.choices if not c.correct)
            assert self.post_form(f"/m/{module.id}/retry/{q.id}", choice=choice.id, confidence="sure") == 303, q.id


def retry_right(n: int) -> bool:
    """In the retry round the first missed question is missed again, on purpose; the others are right."""
    return n > 0


class Walk:
    """Walk MODULE from the home page to the printed consult sheet, reporting each page to `visit`."""

    def __init__(self, page: Page, visit: Visit | None = None, module=MODULE,
                 right: Callable[[int], bool] = first_try_right, stop_after: int | None = None,
                 quick: bool = False):
        self.page, self.module, self.right, self.stop_after, self.quick = page, module, right, stop_after, quick
        self.visit = visit or (lambda kind, page: None)
        self.seen: list[str] = []
        self.first_wrong: list[str] = []  # question ids missed on the first try, in order
        self.retry_wrong: list[str] = []
        self.showed_error = False

    def report(self, kind: str) -> None:
        self.seen.append(kind)
        self.visit(kind, self.page)

    def run(self, from_home: bool = False) -> "Walk":
        """Walk everything; with from_home, start at the home page already open (after joining, say)."""
        if from_home:
            self.showed_error = True
            self.open_module()
        else:
            self.before_starting()
        self.first_round()
        if self.stop_after is None:
            self.retry_round()
        return self

    def before_starting(self) -> None:
        page = self.page
        page.goto("/")
        self.report("home")
        click_link(page, "Word list")
        expect(page.get_by_role("heading", level=1)).to_have_text("Word list")
        self.report("glossary")
        click_link(page, "Understanding gene therapy")
        click_link(page, "My consult sheet")
        self.report("sheet-empty")
        response = page.goto("/no-such-page")
        assert response.status == 404
        self.report("404")
        click_link(page, "Go to the start page")
        self.open_module()

    def open_module(self) -> None:
        page = self.page
        click_link(page, self.module.title)
        expect(page.get_by_role("heading", level=1)).to_have_text(self.module.title)
        self.report("module")
        click_button(page, START)

    def first_round(self) -> None:
        page = self.page
        index = 0
        while index != self.stop_after:
            at = where(page)
            if at["results"]:
                break
            if at["read"]:
                self.report("read")
                click_link(page, "Check your understanding")
                continue
            assert at["round"] == "q" and not at["feedback"], page.url
            question = self.module.question(at["question"])
            assert question.id == self.module.questions[index].id, "questions come in module order"
            self.report("question")
            if not self.showed_error:
                self.press_check_without_choosing()
            right = self.right(index)
            self.answer(question, right)
            expect(page.locator("h1")).to_contain_text("That's right" if right else "Not quite")
            self.report("feedback-right" if right else "feedback-wrong")
            if not right:
                self.first_wrong.append(question.id)
            index += 1
            if self.quick and {"feedback-right", "feedback-wrong"} <= set(self.seen):
                missed = Http(page).answer_from(self.module, index, self.right)
                self.first_wrong += [q.id for q in missed]
                page.goto(f"/m/{self.module.id}/results")
                index = len(self.module.questions)
                break
            click_link(page, NEXT)
        if self.stop_after is not None:
            return
        assert index == len(self.module.questions)
        self.report("results")

    def press_check_without_choosing(self) -> None:
        """Press the button with nothing chosen: the same question comes back with a clear error."""
        page = self.page
        click_button(page, "Check – I'm sure")
        expect(page.get_by_role("alert")).to_contain_text("Please choose one answer")
        self.report("question-error")
        self.showed_error = True

    def answer(self, question, right: bool) -> None:
        choice = question.correct_choice if right else next(c for c in question.choices if not c.correct)
        self.page.get_by_label(choice.text, exact=True).check()
        click_button(self.page, "Check – I'm sure")

    def retry_round(self) -> None:
        page = self.page
        if not self.first_wrong:
            return
        click_button(page, "Try the ones you missed again")
        for n, qid in enumerate(self.first_wrong):
            again = self.module.question(qid).retry_question  # the retry asks a sibling on the same idea
            at = where(page)
            assert at["round"] == "retry" and at["question"] == again.id, page.url
            self.report("retry-question")
            right = retry_right(n)
            self.answer(again, right)
            self.report("retry-feedback-right" if right else "retry-feedback-wrong")
            if not right:
                self.retry_wrong.append(qid)
            if self.quick and n == 1:
                rest = [self.module.question(q).retry_question for q in self.first_wrong[2:]]
                Http(page).retry(self.module, rest, lambda i: True)
                page.goto(f"/m/{self.module.id}/results")
                break
            click_link(page, NEXT)
        assert where(page)["results"]
        self.report("results-after-retry")
        click_link(page, "Print your consult sheet")
        expect(page.get_by_role("heading", level=1)).to_have_text("My consult sheet")
        self.report("sheet")


def once_per_kind(check: Visit) -> Visit:
    """Wrap a check so it runs on the first page of each kind only."""
    done: set[str] = set()

    def visit(kind: str, page: Page) -> None:
        if kind not in done:
            done.add(kind)
            check(kind, page)
    return visit
