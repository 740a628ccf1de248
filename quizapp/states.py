"""Named states shared by the domain, the store and the templates."""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Callable


def N_(text: str) -> str:
    """Mark words for the translators' catalogue; they are translated where they are used."""
    return text


def _english(msgid: str, values: dict[str, str]) -> str:
    return msgid % values if values else msgid


# How words are put on at the edge: `i18n.init_app` sets these to the page's catalogue and ordinals.
# Outside an app (a script, a test of the domain alone) words read in English.
WORDS: dict[str, Callable] = {"say": _english, "ordinal": lambda n: f"{n}"}


@dataclass(frozen=True)
class Say:
    """Words for a person to read, kept as a catalogue message id and its values until they are shown.

    The domain returns these instead of text, so it never needs a language; whatever shows one (a page,
    a CSV cell, a FHIR file) turns it into words in the language of that moment by `str()`.
    """
    msgid: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return WORDS["say"](self.msgid, {k: str(v) for k, v in self.values})


@dataclass(frozen=True)
class Ordinal:
    """A number said as an ordinal (2nd, 2.ª) in the language it is shown in."""
    n: int

    def __str__(self) -> str:
        return WORDS["ordinal"](self.n)


class Round(IntEnum):
    """Which phase of a topic an answer belongs to (stored as a number in `answer.round`).

    Before reading (no feedback), the first round, the second try at what was missed, and the re-check
    before the consult. Answers stored before phases existed are first rounds and second tries.
    """
    BEFORE = 0
    FIRST = 1
    RETRY = 2
    RECHECK = 3

    @property
    def phase(self) -> str:
        """The phase's name in exports: before, first, second try, re-check."""
        return PHASE_NAMES[self]

    @property
    def counts_for_understanding(self) -> bool:
        """Answers given after reading count towards "understood"; a check before reading does not."""
        return self != Round.BEFORE


Phase = Round
PHASE_NAMES = {Round.BEFORE: "before", Round.FIRST: "first", Round.RETRY: "second try", Round.RECHECK: "re-check"}


class StepKind(StrEnum):
    """Where a reader continues: the check before reading, a part's reading, a question, or the results."""
    BEFORE = "before"
    READ = "read"
    QUESTION = "question"
    RESULTS = "results"


class ModuleStatus(StrEnum):
    """How far one person got through one topic."""
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


class Severity(IntEnum):
    """How a misunderstanding showed, most urgent first."""
    WRONG_AND_SURE = 0
    WRONG_NOT_SURE = 1
    WRONG = 2

    @property
    def words(self) -> Say:
        """Say in plain words how the person answered."""
        return Say({0: N_("Answered wrongly and was sure"), 1: N_("Answered wrongly and was not sure"),
                    2: N_("Answered wrongly")}[self.value])


class Confidence(StrEnum):
    """How sure the reader said they were."""
    SURE = "sure"
    UNSURE = "unsure"


class AuditAction(StrEnum):
    """What a clinician did, as the append-only audit trail records it (never answers)."""
    SIGN_IN = "sign-in"
    SIGN_OUT = "sign-out"
    DENIED = "denied"
    CREATE = "create-assignment"
    VIEW_LIST = "view-list"
    VIEW_REPORT = "view-report"
    VIEW_ANSWERS = "view-answers"
    VIEW_HANDOUT = "view-handout"
    VIEW_STATS = "view-stats"
    EXPORT_CSV = "export-csv"
    EXPORT_ALL_CSV = "export-all-csv"
    EXPORT_FHIR = "export-fhir"
    REVOKE = "revoke"
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"
    REMOVE_PERSON = "remove-person"
    CHANGE_PASSWORD = "change-password"  # by the clinician, signed in, with the old password
    SET_PASSWORD = "set-password"  # by an operator, from the command line
    DISABLE = "disable-account"
    ENABLE = "enable-account"
    END_SESSIONS = "end-sessions"
    JOIN_REFUSED_FULL = "join-refused-full"  # someone with the link could not join: no clinician, the assignment
    RENEW_LINK = "renew-link"  # a new link and code; the people already reading stay
    TWO_FACTOR_ON = "two-factor-on"
    TWO_FACTOR_OFF = "two-factor-off"  # by the clinician with their password, or reset by an operator
    SET_CONSULT = "set-consult-date"
    REVOKE_RESUME_CODE = "revoke-resume-code"
