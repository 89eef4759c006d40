"""Problems found in input files, the exceptions that carry them, and the exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

EXIT_OK = 0
EXIT_INVALID = 1  # validate found problems in the files it checked
EXIT_USAGE = 2  # bad command line, unreadable or invalid input: the run could not start
EXIT_REJECTS = 3  # apply finished but some payroll rows were rejected

# Stable problem codes, so CI users can grep for one or treat it as a warning.
# PC0xx: the file itself; PC1xx: the model; PC2xx: cross-file; PC3xx: examples;
# PC4xx: a person or payroll value.
CODES = {
    "PC001": "file cannot be read (missing, not text, too large, empty)",
    "PC002": "YAML syntax error",
    "PC003": "duplicate key",
    "PC004": "YAML feature not allowed (alias, tag, scientific notation)",
    "PC100": "more problems in the file than are listed (the count of the rest)",
    "PC101": "unknown key",
    "PC102": "missing key",
    "PC103": "wrong type or value",
    "PC104": "unknown step kind",
    "PC201": "referenced scale not found",
    "PC202": "band not found",
    "PC203": "points not ascending",
    "PC204": "date outside the period",
    "PC205": "id does not match file name, or is used twice",
    "PC206": "source not declared",
    "PC207": "quote not found in its source text (validate --sources)",
    "PC208": "TODO left in a value (a new-scheme template not yet filled in)",
    "PC209": "variant_of names no scheme, a scale, the scheme itself, or a circle of variants",
    "PC301": "an example's figure differs",
    "PC302": "an example cannot be computed",
    "PC401": "person not on the scale (band, point, salary or FTE)",
}


def clip(text: str, limit: int = 40) -> str:
    """A value from the input as a message shows it: a 5,000-digit number is not repeated."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class Problem(NamedTuple):
    """One thing wrong with an input, at a place in a file or a payroll row. A NamedTuple:
    every command imports this module, and its class costs a fifth of a frozen dataclass's."""

    file: str
    line: int | None
    col: int | None
    code: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


class PaycalcError(Exception):
    """Base of every error paycalc reports to a user; the CLI prints it without a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []

    def lines(self) -> list[str]:
        """The lines to print: one per problem, or the message when there are none."""
        if self.problems:
            return [str(p) for p in self.problems]
        return [self.message]


class FileProblems(PaycalcError):
    """Raised when a scheme or scale file cannot be read or does not fit the model."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0] if problems else None
        super().__init__(str(first) if first else "invalid file", problems)


class NotFound(PaycalcError):
    """Raised when a scheme or scale id (or path) names nothing that exists."""


class PersonError(PaycalcError):
    """Raised when a person (or a payroll row) cannot be placed: a value that cannot be read, an
    unknown band, a point beyond the band, a salary below it, or an FTE out of range. `column`
    names the payroll column at fault; `scheme` the offer it was placed for, when several are
    compared (printed before the message, never part of it). The one error type for a person
    and for a payroll row (`paycalc.payroll.rows.RowError` is another name for it)."""

    def __init__(self, message: str, column: str | None = None, scheme: str | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.scheme = scheme

    def lines(self) -> list[str]:
        if self.scheme is None or self.problems:
            return super().lines()
        return [f"{self.scheme}: {self.message}"]

    @property
    def reason(self) -> str:
        """The message without context, as a payroll rejects file gives it."""
        return self.message


@dataclass
class ProblemList:
    """Collects problems while checking, so every problem in a file is reported, not just the
    first."""

    file: str
    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        mark: tuple[int, int] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        line, col = mark if mark else (None, None)
        self.items.append(Problem(self.file, line, col, code, message, severity))

    def raise_if_any(self) -> None:
        """Raise FileProblems with the errors, in file order, if there are any (warnings alone
        never stop a run)."""
        errors = [p for p in self.items if p.severity == "error"]
        if errors:
            raise FileProblems(sorted(errors, key=_order))


def _order(p: Problem) -> tuple[int, int]:
    return (p.line or 0, p.col or 0)
