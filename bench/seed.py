"""Bulk seeding for the benchmark: rows written with sqlite3 straight into quizapp's schema.

Everything is shaped as the app itself would write it (see quizapp/answering.py and quizapp/store/):
a participant per person, one attempt per topic (UNIQUE participant, module), first-round answers in
question order with stable choice ids ("I don't know yet" among the wrong ones), a retry round that asks
each missed question's sibling, the scores recomputed onto the attempt, a question_version snapshot per
content hash (stored first: every answer points at one) and a section_visit per section opened. Nothing
goes through HTTP, so a million answers take seconds, not hours.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import sqlite3
import string
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLUSH_ROWS = 50_000
CODE_ALPHABET = string.ascii_uppercase + string.digits


def stamp(t: dt.datetime) -> str:
    """Format a naive UTC time the way SQLAlchemy stores DateTime on SQLite."""
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")


def load_content():
    """Load the real catalogue from questions/ with the app's own loader."""
    from quizapp.content.loader import load_catalogue
    return load_catalogue(ROOT / "questions")


@dataclass
class Buffers:
    participant: list = field(default_factory=list)
    attempt: list = field(default_factory=list)
    answer: list = field(default_factory=list)
    visit: list = field(default_factory=list)
    assignment: list = field(default_factory=list)

    def size(self) -> int:
        """Count buffered rows of the biggest table."""
        return len(self.answer) + len(self.visit)


class Seeder:
    """Append realistic rows to a migrated quizapp SQLite database, fast."""

    def __init__(self, db_path: Path | str, catalogue=None, seed: int = 20261126):
        self.conn = sqlite3.connect(str(db_path), timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.cat = catalogue or load_content()
        self.modules = list(self.cat.modules.values())
        self.rng = random.Random(seed)
        # each question gets a fixed difficulty so item statistics have something to find
        self.p_correct = {q.id: self.rng.uniform(0.45, 0.95) for m in self.modules for q in m.questions}
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.ids = {t: self._max_id(t) for t in ("participant", "attempt", "answer", "assignment", "clinician")}
        self.codes: set[str] = {r[0] for r in self.conn.execute("select code from assignment")}
        self.buf = Buffers()
        self.flushed = {"answer": 0}
        self.ensure_question_versions()

    # --- plumbing -----------------------------------------------------------

    def _max_id(self, table: str) -> int:
        return self.conn.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[0]

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def count(self, table: str = "answer") -> int:
        """Count rows of a table."""
        return self.conn.execute(f"select count(*) from {table}").fetchone()[0]

    def flush(self) -> None:
        """Write buffered rows in one short transaction, parents first."""
        b = self.buf
        if not (b.participant or b.attempt or b.answer or b.visit or b.assignment):
            return
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("insert into assignment (id, public_id, clinician_id, token, code, modules, label, "
                          "created_at, expires_at, revoked_at, archived) values (?,?,?,?,?,?,?,?,?,?,?)",
                          b.assignment)
            c.executemany("insert into participant (id, public_id, assignment_id, role, created_at) "
                          "values (?,?,?,?,?)", b.participant)
            c.executemany("insert into attempt (id, public_id, participant_id, module_id, content_version, "
                          "started_at, finished_at, question_count, first_correct, retry_started_at, "
                          "retry_total, retry_correct) values (?,?,?,?,?,?,?,?,?,?,?,?)", b.attempt)
            c.executemany("insert into answer (attempt_id, question_id, round, choice, correct, confidence, "
                          "content_hash, answered_at, form) values (?,?,?,?,?,?,?,?,?)",
                          [a if len(a) == 9 else (*a, 0) for a in b.answer])
            c.executemany("insert into section_visit (attempt_id, section_id, opened_at) values (?,?,?)", b.visit)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        self.flushed["answer"] += len(b.answer)
        self.buf = Buffers()

    def close(self) -> None:
        """Flush and close."""
        self.flush()
        self.conn.close()

    def ensure_question_versions(self) -> None:
        """Store each question's and sibling's snapshot once, exactly as store.progress.save_version does."""
        rows = [(q.content_hash, q.module_id, q.id, json.dumps(q.snapshot()))
                for m in self.modules for q in m.all_questions]
        self.conn.executemany("insert or ignore into question_version (content_hash, module_id, question_id, "
                              "snapshot) values (?,?,?,?)", rows)

    # --- people -------------------------------------------------------------

    def add_clinician(self, email: str) -> int:
        """Add a clinician who cannot log in (no valid password hash); return its id."""
        cid = self._next("clinician")
        self.conn.execute("insert into clinician (id, email, password_hash, active, session_version, created_at) "
                          "values (?,?,?,?,?,?)", (cid, email, "!unusable", 1, 1, stamp(self.now)))
        return cid

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def add_assignment(self, clinician_id: int, module_ids: list[str], label: str = "",
                       created: dt.datetime | None = None) -> tuple[int, str]:
        """Buffer an assignment; return (id, public_id)."""
        aid = self._next("assignment")
        created = created or self.now - dt.timedelta(days=self.rng.uniform(0, 60))
        public_id = secrets.token_urlsafe(16)
        self.buf.assignment.append((aid, public_id, clinician_id, secrets.token_urlsafe(32), self._code(),
                                    ",".join(module_ids), label, stamp(created),
                                    stamp(created + dt.timedelta(days=30)), None, 0))
        return aid, public_id

    def add_participant(self, role: str = "self", assignment_id: int | None = None,
                        created: dt.datetime | None = None) -> tuple[int, str]:
        """Buffer a participant; return (id, public_id)."""
        pid = self._next("participant")
        public_id = secrets.token_urlsafe(16)
        self.buf.participant.append((pid, public_id, assignment_id, role, stamp(created or self.now)))
        return pid, public_id

    # --- attempts and answers ----------------------------------------------

    def add_attempt(self, participant_id: int, module, started: dt.datetime, answered: int | None = None,
                    retry: bool | None = None) -> int:
        """Buffer one attempt with `answered` first-round answers (all when None) and maybe a retry round."""
        rng = self.rng
        qs = module.questions
        n = len(qs) if answered is None else answered
        attempt_id = self._next("attempt")
        t = started
        first_correct, missed = 0, []
        opened: dict[str, dt.datetime] = {}
        checked = self._phase(attempt_id, module, 0, t) if rng.random() < 0.4 else set()  # a check before reading
        for q in qs[:n]:
            opened.setdefault(q.section_id, t)
            t += dt.timedelta(seconds=rng.uniform(15, 90))
            right = rng.random() < self.p_correct[q.id]
            choice = q.correct_choice if right else self._wrong(q)
            first_correct += right
            if not right:
                missed.append(q)
            self.buf.answer.append((attempt_id, q.id, 1, choice.id, int(right),
                                    rng.choice(("sure", "unsure", None)), q.content_hash, stamp(t)))
        if n < len(qs):
            opened.setdefault(qs[n].section_id, t)  # reading the next section, not answered yet
        finished = n >= len(qs)
        if retry is None:
            retry = finished and bool(missed) and rng.random() < 0.5
        retry = retry and finished and bool(missed)
        retry_started, retry_correct, retry_total = None, 0, 0
        if retry:
            retry_started = t + dt.timedelta(seconds=30)
            retry_total = len(missed)
            done = missed if rng.random() < 0.7 else missed[:rng.randint(0, len(missed))]
            t = retry_started
            for missed_q in done:
                q = missed_q.retry_question  # the retry round asks the missed question's sibling
                t += dt.timedelta(seconds=rng.uniform(10, 60))
                right = rng.random() < min(0.98, self.p_correct[missed_q.id] + 0.2)
                choice = q.correct_choice if right else self._wrong(q)
                retry_correct += right
                self.buf.answer.append((attempt_id, q.id, 2, choice.id, int(right),
                                        rng.choice(("sure", "unsure", None)), q.content_hash, stamp(t)))
        if finished and rng.random() < 0.2:  # a re-check before the consult, days later
            self._phase(attempt_id, module, 3, t + dt.timedelta(days=2), skip=checked)
        for section_id, when in opened.items():
            self.buf.visit.append((attempt_id, section_id, stamp(when)))
        self.buf.attempt.append((attempt_id, secrets.token_urlsafe(16), participant_id, module.id, module.version,
                                 stamp(started), stamp(t) if finished else None, len(qs), first_correct,
                                 stamp(retry_started) if retry_started else None, retry_total, retry_correct))
        if self.buf.size() >= FLUSH_ROWS:
            self.flush()
        return attempt_id

    def _phase(self, attempt_id: int, module, rnd: int, t: dt.datetime, skip: set[str] = frozenset()) -> set[str]:
        """Buffer one answer per concept to an alternate (form 2), before reading (0) or at the re-check (3), as
        quizapp/phases.py draws them; skip the alternates already asked. Content without alternates adds none."""
        asked: set[str] = set()
        for concept in dict.fromkeys(q.concept for q in module.questions):
            alt = next((q.alternate for q in module.questions if q.concept == concept and q.alternate
                        and q.alternate.id not in skip), None)
            if alt is None:
                continue
            right = self.rng.random() < 0.5
            choice = alt.correct_choice if right else self._wrong(alt)
            self.buf.answer.append((attempt_id, alt.id, rnd, choice.id, int(right), "sure", alt.content_hash,
                                    stamp(t), 2))
            asked.add(alt.id)
        return asked

    def _wrong(self, q):
        """Pick a wrong choice, "I don't know yet" included."""
        return self.rng.choice([c for c in q.choices if not c.correct])

    def add_complete_assignment(self, clinician_id: int, roles=("patient", "caregiver"), label: str = "bench") \
            -> tuple[int, str]:
        """An assignment of every module, each person finishing all of them (with some retries)."""
        mids = [m.id for m in self.modules]
        created = self.now - dt.timedelta(days=2)
        aid, public_id = self.add_assignment(clinician_id, mids, label, created)
        for role in roles:
            pid, _ = self.add_participant(role, aid, created + dt.timedelta(hours=1))
            t = created + dt.timedelta(hours=1)
            for m in self.modules:
                self.add_attempt(pid, m, t)
                t += dt.timedelta(hours=1)
        self.flush()
        return aid, public_id

    def grow_to(self, answers: int, clinician_ids: list[int]) -> int:
        """Add assignments, people and answers (plus some people reading alone) until `answers` rows exist."""
        self.flush()
        start = self.count("answer") - self.flushed["answer"]
        rng = self.rng
        while start + self.flushed["answer"] + len(self.buf.answer) < answers:
            created = self.now - dt.timedelta(days=rng.uniform(1, 365))
            if rng.random() < 0.15:  # someone reading on their own, no assignment
                mods = rng.sample(self.modules, rng.randint(1, 3))
                pid, _ = self.add_participant("self", None, created)
                people = [pid]
            else:
                k = rng.choices(range(1, 7), weights=(3, 3, 2, 1, 1, 2))[0]
                mods = sorted(rng.sample(self.modules, k), key=lambda m: m.order)
                aid, _ = self.add_assignment(rng.choice(clinician_ids), [m.id for m in mods], created=created)
                people = [self.add_participant("patient", aid, created)[0]]
                if rng.random() < 0.3:
                    people.append(self.add_participant("caregiver", aid, created)[0])
            for pid in people:
                t = created + dt.timedelta(hours=rng.uniform(1, 72))
                for m in mods:
                    if rng.random() < 0.1:
                        continue  # never opened this module
                    answered = None if rng.random() < 0.8 else rng.randint(0, len(m.questions) - 1)
                    self.add_attempt(pid, m, t, answered)
                    t += dt.timedelta(minutes=rng.uniform(10, 600))
        self.flush()
        return self.count("answer")
