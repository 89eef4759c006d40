"""`paycalc validate`, `schema` and `new-scheme`: the tooling around scheme and scale files."""

from __future__ import annotations

from pathlib import Path

import click

from paycalc.cli import options
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


@click.command("schema")
@click.argument("kind", type=click.Choice(["scheme", "scale"]), required=False)
@options.output
def schema_cmd(kind: str | None, output: str | None) -> None:
    """Print the JSON Schema of scheme or scale files (default: both, told apart by `kind`).

    Write it beside your files and name it on a file's first line, so that the VS Code YAML
    extension completes and checks keys:

    \b
        paycalc schema -o paycalc.schema.json
        # yaml-language-server: $schema=paycalc.schema.json
    """
    from paycalc.files.schema import schema_text

    _write(schema_text(kind), output, [])


@click.command("new-scheme")
@click.argument("ident", metavar="ID")
@click.option(
    "--from-scale", required=True, metavar="SCALE", help="Scale id or path the staff are on."
)
@click.option(
    "--reference",
    required=True,
    metavar="SCALE",
    help="Scale id or path to compare with (the NPS).",
)
@options.output
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new_scheme_cmd(
    ident: str, from_scale: str, reference: str, output: str | None, force: bool
) -> None:
    """Write a commented scheme template, to start a counter-offer.

    The template validates as written: one increment step and one example whose figures are
    right for the chosen scale. Example:

    \b
        paycalc new-scheme my-offer --from-scale interserve-2019-20 \\
            --reference nps-2019-20 -o my-offer.yaml
    """
    from paycalc.files.registry import looks_like_path
    from paycalc.files.template import new_scheme
    from paycalc.output import is_special

    if output and not is_special(output) and Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; give --force to overwrite it")
    scales = [Path(s) for s in (from_scale, reference) if looks_like_path(s)]
    _write(new_scheme(ident, from_scale, reference), output, scales)


def _write(text: str, output: str | None, inputs: list[Path]) -> None:
    """To standard output, or through the atomic writer to `output`, which may not be one of
    `inputs` nor any scheme or scale file paycalc finds (bundled or on PAYCALC_PATH)."""
    if not output:
        click.echo(text, nl=False)
        return
    from paycalc.files.registry import Registry
    from paycalc.output import on_signals, refuse_inputs, write_text

    refuse_inputs([("output", output)], [*inputs, *Registry.default().files()])
    with on_signals():
        write_text(output, text)
