"""Named states shared by the domain, the store and the templates."""
from __future__ import annotations

from enum import IntEnum, StrEnum


def N_(text: str) -> str:
    """Mark words for the translators' catalogue; they are translated where they are used."""
    return text


class Round(IntEnum):
    """Which pass through a topic an answer belongs to."""
    FIRST = 1
    RETRY = 2


class StepKind(StrEnum):
    """Where a reader continues: a part's reading, a question, or the results."""
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
    REVOKE = "revoke"
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"
    REMOVE_PERSON = "remove-person"
    REVOKE_RESUME_CODE = "revoke-resume-code"
