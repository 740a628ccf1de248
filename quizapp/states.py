"""Named states shared by the domain, the store and the templates."""
from __future__ import annotations

from enum import IntEnum, StrEnum


def N_(text: str) -> str:
    """Mark words for the translators' catalogue; they are translated where they are used."""
    return text


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
    def words(self) -> str:
        """Say in plain words how the person answered."""
        from flask_babel import gettext
        return gettext({0: N_("Answered wrongly and was sure"), 1: N_("Answered wrongly and was not sure"),
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
