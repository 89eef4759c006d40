"""`paycalc validate`: every problem in scheme and scale files, and their examples run."""

from __future__ import annotations

from pathlib import Path

import click

from paycalc.validate.report import Format


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=Format.text.value,
    show_default=True,
    help="text: FILE:LINE:COL: CODE message; github: workflow commands that annotate a pull "
    "request; json: {files, skipped, errors, warnings, problems}.",
)
@click.option(
    "--sources",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of the source texts that schemes cite with `file:`; every quote must "
    "appear in its source (PC207).",
)
@click.option(
    "--skip-other-yaml",
    is_flag=True,
    help="Skip files without a top-level `kind: scheme` or `kind: scale` line instead of "
    "reporting them (the pre-commit hook passes every YAML file).",
)
@click.pass_context
def validate_cmd(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    sources: Path | None,
    skip_other_yaml: bool,
) -> None:
    """Check scheme and scale files and run their examples.

    PATHS are files or directories (searched for *.yaml and *.yml); the default is the bundled
    schemes. Every problem in every file is reported. Exit 0 when clean (warnings allowed), 1
    when problems were found, 2 on a usage error.
    """
    from paycalc.validate.report import render
    from paycalc.validate.run import validate

    report = validate(list(paths), sources=sources, skip_other_yaml=skip_other_yaml)
    click.echo(render(report, Format(fmt)), nl=False)
    ctx.exit(report.exit_code)
