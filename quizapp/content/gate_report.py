"""What the content gate reports: one row per topic, the errors and warnings, and the table authors read."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import bank

GRADE_ERROR = 8.0          # BRIEF: no section above grade 8 (unmasked)
GRADE_AIM = 6.0            # BRIEF: aim for grade 6; a topic's mean above it is an error
SMOG_ERROR = 8.0           # BRIEF: SMOG at most 8 over a topic's whole reading


@dataclass(frozen=True)
class ModuleRow:
    id: str
    sections: int
    questions: int         # first round
    siblings: int
    alternates: int
    masked_mean: float     # Flesch-Kincaid grade of section bodies, glossary terms masked
    masked_worst: float
    grade_mean: float      # the same unmasked: the limits apply to these
    grade_worst: float
    fre: float             # Flesch Reading Ease of the whole reading
    smog: float
    solver: float = 0.0    # the best strategy of the test-wise solver: its expected score, 0..1
    strategy: str = "-"    # and its name
    errors: int = 0
    warnings: int = 0


@dataclass
class GateReport:
    rows: list[ModuleRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cues: bank.BankReport | None = None

    @property
    def ok(self) -> bool:
        """True when nothing blocks publishing."""
        return not self.errors


def format_table(report: GateReport) -> str:
    """Render one line per module, then the warnings and the errors."""
    head = (f"{'module':<20}{'sections':>9}{'questions':>12}{'masked':>8}{'worst':>6}{'grade':>7}{'worst':>6}"
            f"{'SMOG':>6}{'FRE':>5}{'solver':>8}{'errors':>8}{'warnings':>9}")
    lines = [head, "-" * len(head)]
    for r in report.rows:
        lines.append(f"{r.id:<20}{r.sections:>9}{f'{r.questions}+{r.siblings}+{r.alternates}':>12}{r.masked_mean:>8.1f}"
                     f"{r.masked_worst:>6.1f}{r.grade_mean:>7.1f}{r.grade_worst:>6.1f}{r.smog:>6.1f}{r.fre:>5.0f}"
                     f"{r.solver:>8.0%}{r.errors:>8}{r.warnings:>9}")
    if report.rows:
        lines.append("-" * len(head))
        counts = "+".join(str(sum(getattr(r, k) for r in report.rows)) for k in ("questions", "siblings", "alternates"))
        lines.append(f"{'all topics':<20}{sum(r.sections for r in report.rows):>9}{counts:>12}"
                     f"{'':>8}{max(r.masked_worst for r in report.rows):>6.1f}{'':>7}"
                     f"{max(r.grade_worst for r in report.rows):>6.1f}{'':>19}{len(report.errors):>8}"
                     f"{len(report.warnings):>9}")
    lines += ["questions = first round + siblings + alternates. masked / worst = Flesch-Kincaid grade of the section "
              "bodies with glossary terms masked (mean, worst section);",
              f"grade / worst = the same unmasked, which the limits apply to (worst <= {GRADE_ERROR:g}, mean <= "
              f"{GRADE_AIM:g}); SMOG over the whole reading (<= {SMOG_ERROR:g}); FRE = Flesch Reading Ease;",
              f"solver = the best score of a test-wise reader who never reads (<= {bank.MAX_BEST_TOPIC:.0%} per "
              "topic; the table below). errors and warnings: those naming the topic."]
    if report.cues:
        lines += ["", bank.format_table(report.cues)]
    for title, items in (("Warnings", report.warnings), ("Errors", report.errors)):
        lines.append(f"\n{title} ({len(items)}):")
        lines.extend(f"  - {item}" for item in items)
    lines.append("\nFAILED: fix the errors above." if report.errors else "\nOK: no errors.")
    return "\n".join(lines)
