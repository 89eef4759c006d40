"""Applying a scheme to a payroll (CSV or .xlsx): new pay for each row, bad rows to rejects.

One pass over the input. Each row is checked with plain code; the figures of each distinct
position (band, point, salary, FTE as written) are computed once through `engine.run` and
`parity.figures` and kept as ready-made CSV text, so a million rows on a few hundred positions
cost about as much as copying the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.apply.positions import Positions
from paycalc.apply.report import ApplyReport, summary_dict
from paycalc.apply.writers import Progress, XlsxRows, reject_header, write_csv
from paycalc.csvcell import csv_line
from paycalc.errors import PaycalcError
from paycalc.files.registry import Registry, real_path
from paycalc.output import (
    AtomicFile,
    commit_all,
    is_special,
    is_stdout,
    private_dir,
    refuse_inputs,
    same_file,
)
from paycalc.parity import parity_rule
from paycalc.payroll.columns import OUTPUT_COLUMNS, REJECT_COLUMNS, ColumnSpec
from paycalc.payroll.read import Payroll, open_payroll
from paycalc.tabular.csvio import is_xlsx, output_encoding

if TYPE_CHECKING:
    from paycalc.oncosts import OnCostSettings

__all__ = [
    "OUTPUT_COLUMNS",
    "ApplyReport",
    "apply_payroll",
    "default_rejects_path",
]

# --- applying a scheme -------------------------------------------------------------------------


REJECTS_SUFFIX = ".rejects.csv"
# How a rejects file starts (`writers.reject_header`), in any encoding paycalc writes.
_REJECTS_HEAD = (",".join(REJECT_COLUMNS) + ",").encode()


def default_rejects_path(output: Path) -> Path:
    """Where rejects go without --rejects: beside the output, named from its whole name
    (OUT.csv.rejects.csv, OUT.xlsx.rejects.csv), so outputs of one stem never share one."""
    return output.with_name(output.name + REJECTS_SUFFIX)


def apply_payroll(
    scheme_ref: str,
    payroll: Path | str,
    output: Path | str,
    rejects: Path | str | None = None,
    *,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
    columns: ColumnSpec | None = None,
    parity: str | None = None,
    sheet: str | None = None,
    on_costs: OnCostSettings | None = None,
    prices: str | None = None,
    strict: bool = False,
) -> ApplyReport:
    """Apply a scheme to every row of a payroll CSV; write the output and the rejects file.

    Both files go through `paycalc.output.AtomicFile`: written under temporary names in private
    directories beside them and renamed only when the run is complete, so an error or an
    interrupt leaves neither file behind (nor changed), and locked for the whole run, so a second
    run to the same output is refused.

    Args:
        scheme_ref: a scheme id or a path to a scheme file.
        payroll: the input CSV, or '-' for standard input (a pipe is copied to a private
            temporary file first, since the file is read twice); it is only read.
        output: the output CSV: every input column, then OUTPUT_COLUMNS.
        rejects: the rejects CSV (default: `default_rejects_path(output)`); always written, with
            only its header when every row was applied, so an old one never misleads.
        progress: called now and then with (bytes read, file size).
        columns: names of columns the header does not name in a way paycalc knows, and the
            full-time weekly hours for an hours column.
        parity: the parity rule (`paycalc.parity.PARITY_RULES`; default `transfer`).
        sheet: the sheet of an .xlsx workbook to read (default: the first).
        on_costs: also total employer NI and pension (the summary's `on_costs`).
        prices: a price index (id or path): the summary's pay bill against it, from the month
            before the scheme's first day to the month of its last (the summary's `prices`).
        strict: send each row `paycalc check` would flag to the rejects, with its flags as the
            reason, instead of writing it with its `flags` column filled in.

    Raises PaycalcError (exit 2) when the run cannot start: unknown or invalid scheme, unreadable
    input, a missing column, an output that would overwrite an input, another run writing it.
    """
    registry = registry or Registry.default()
    scheme = registry.scheme(scheme_ref)
    tally = None
    if prices is not None:  # imported only then: real terms cost every other run a module
        from paycalc.apply.realterms import pay_bill_prices

        tally = pay_bill_prices(registry, prices, scheme)
    rule_files = [registry.loaded(scheme_ref, "scheme").path]
    rule_files += [registry.loaded(s, "scale").path for s in scheme.scale_ids()]
    # And every other file checking the scheme read: the price indices its steps read.
    rule_files += [p for p in registry.loaded_paths() if p not in rule_files]
    out_path, rej_path = _check_paths(payroll, output, rejects, rule_files)
    source = Path(payroll)
    rule = parity_rule(parity)
    report = ApplyReport(
        scheme=scheme.id,
        status=scheme.status,
        reference=scheme.reference,
        period=f"{scheme.period.start} to {scheme.period.end}",
        parity_rule=rule.name,
        illustrative_scales=scheme.illustrative_scales(registry.scale),
        input=source,
        output=out_path,
        rejects=rej_path,
        strict=strict,
    )
    # A full disk or a directory we may not write in raises OSError, which the CLI reports in
    # one line; as for any error, no output, no rejects and no temporary file are left behind.
    if on_costs is not None:
        report.summary.on_costs = on_costs.for_period_ending(scheme.period.end)
        columns = replace(columns or ColumnSpec(), pension_rate=True)  # people's own rates
    report.summary.prices = tally
    positions = Positions(scheme, registry, report.summary, strict=strict)
    positions.parity = rule
    _run(report, positions, progress, columns, sheet)
    return report


def _run(
    report: ApplyReport,
    positions: Positions,
    progress: Callable[[int, int], None] | None,
    spec: ColumnSpec | None,
    sheet: str | None,
) -> None:
    # The outputs first: their locks are taken before anything is read.
    with (
        AtomicFile(report.output) as out,
        AtomicFile(report.rejects) as rej,
        private_dir(_work_near(out, rej)) as work,
        open_payroll(report.input, need_id=True, spec=spec, sheet=sheet, work_dir=work) as payroll,
    ):
        report.encoding, report.sheet = payroll.encoding, payroll.sheet
        for f in (out, rej):
            f.set_encoding(output_encoding(payroll.encoding))
        columns = payroll.columns
        report.columns, report.renamed = columns.used(), columns.renamed()
        rej.file.write(reject_header(columns.header))
        rows = payroll.rows(positions.place, positions.flush)
        i_actual = columns.index.get("actual_pay")
        if i_actual is not None:
            rows = positions.with_actual_pay(rows, i_actual)
        tick = _ticker(payroll, progress)
        if is_xlsx(report.output):
            # A workbook is bytes: written to the atomic file's binary layer under its text one.
            binary = out.file.buffer  # type: ignore[attr-defined]
            book = XlsxRows(binary, work, columns.output_header())
            book.write(rows, rej.file, report.counts, columns.name, tick)
        else:
            out.file.write(csv_line(columns.output_header()) + "\r\n")
            write_csv(rows, out.file, rej.file, report.counts, columns.name, tick)
        tick(True)
        report.counts.read, report.counts.blank_lines = payroll.read, payroll.blank
        positions.flush()
        _check_counts(report)
        if is_xlsx(report.output):
            book.close(_summary_rows(summary_dict(report, typed=True)))
        commit_all([rej, out])


def _ticker(payroll: Payroll, progress: Callable[[int, int], None] | None) -> Progress:
    """What the writers call now and then (and once at the end, with True): the bytes of a CSV
    read so far, to `progress`."""
    text = payroll.text
    size = os.fstat(text.fileno()).st_size if text is not None else 0

    def tick(end: bool) -> None:
        if progress is not None and text is not None:
            progress(size if end else text.buffer.tell(), size)

    return tick


def _summary_rows(data: dict[str, object], prefix: str = "") -> list[list[object]]:
    """The summary's json as (key, value) rows for the workbook's summary sheet."""
    rows: list[list[object]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            rows += _summary_rows(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            rows.append([prefix + key, ", ".join(str(v) for v in value)])
        else:
            rows.append([prefix + key, value])
    return rows


def _check_counts(report: ApplyReport) -> None:
    """Rows in = rows written + rows rejected, or the run fails before anything is committed."""
    c = report.counts
    c.written = report.summary.head_count
    if c.read != c.written + c.rejected:  # pragma: no cover - a guard, never expected
        raise PaycalcError(
            f"internal error: {c.read} rows read but {c.written} written and {c.rejected} "
            "rejected; no output was written"
        )


def _work_near(*files: AtomicFile) -> Path | None:
    """Where temporary copies of rows go: beside a file output (so on its disk, which has room
    for the output), else in the system's temporary directory; always in a private directory."""
    for f in files:
        if not is_special(f.name):
            return f.target.parent
    return None


def _check_paths(
    payroll: Path | str, output: Path | str, rejects: Path | str | None, rule_files: list[Path]
) -> tuple[Path, Path]:
    out = Path(output)
    given = rejects is not None
    if rejects is None:
        if is_special(output):
            raise PaycalcError(
                f"with -o {output}, give --rejects FILE: rejected rows are never mixed into "
                "the output"
            )
        rejects = default_rejects_path(out)
    rej = Path(rejects)
    if is_stdout(output) and is_stdout(rejects):
        raise PaycalcError("the output and the rejects cannot both be standard output")
    if not is_stdout(payroll) and not os.path.exists(payroll):
        raise PaycalcError(f"{payroll}: no such file")
    refuse_inputs([("output", out), ("rejects", rej)], [payroll, *rule_files])
    for target, what in ((out, "output"), (rej, "rejects")):
        if is_special(target):
            continue
        try:
            os.stat(target)
        except FileNotFoundError:
            pass  # a new file
        except OSError as e:  # e.g. a symlink loop: nothing could be written there
            raise PaycalcError(f"{what} {target}: {e.strerror}") from None
        if not real_path(target.parent).is_dir():
            raise PaycalcError(f"{what} directory {target.parent} does not exist")
        if target.is_dir():
            raise PaycalcError(f"{what} {target} is a directory; give a file name")
    if not is_special(rej) and rej.is_file():
        _refuse_foreign_rejects(rej, out, given)
    return out, rej


def _refuse_foreign_rejects(rejects: Path, output: Path, given: bool) -> None:
    """An existing rejects file is replaced only when it is not the default rejects file of
    another output in its folder (OTHER.rejects.csv beside an existing OTHER) and, named with
    --rejects, when it is a paycalc rejects file (its first line is the rejects header): one
    run never silently replaces the rejects another run left, nor a file that holds no rejects.
    (The default rejects file of this output is its own, replaced on every run.)"""
    if rejects.name.endswith(REJECTS_SUFFIX):
        owner = rejects.with_name(rejects.name[: -len(REJECTS_SUFFIX)])
        if owner.name and owner.is_file() and not same_file(owner, output):
            raise PaycalcError(
                f"rejects {rejects} holds the rejects of {owner}, another output; give "
                f"another --rejects (e.g. {default_rejects_path(output)}); nothing was written"
            )
    if not given:
        return
    try:
        with open(rejects, "rb") as f:
            first = f.read(len(_REJECTS_HEAD) + 3)
    except OSError as e:
        raise PaycalcError(f"rejects {rejects}: {e.strerror}") from None
    if not first.removeprefix(b"\xef\xbb\xbf").startswith(_REJECTS_HEAD):
        raise PaycalcError(
            f"rejects {rejects} exists and is not a paycalc rejects file (its first line is "
            f"not '{_REJECTS_HEAD.decode()}...'); paycalc would replace it: give another "
            "--rejects, or remove it; nothing was written"
        )
