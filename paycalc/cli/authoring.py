"""`paycalc schema` and `new-scheme`: what a scheme author writes with (an editor's schema, a
template to start from)."""

from __future__ import annotations

from pathlib import Path

import click

from paycalc.cli import options


@click.command("schema")
@click.argument("kind", type=click.Choice(["scheme", "scale", "prices"]), required=False)
@options.output
def schema_cmd(kind: str | None, output: str | None) -> None:
    """Print the JSON Schema of scheme, scale or price index files (default: all, told apart by
    `kind`).

    Write it beside your files and name it on a file's first line, so that the VS Code YAML
    extension completes and checks keys:

    \b
        paycalc schema -o paycalc.schema.json
        # yaml-language-server: $schema=paycalc.schema.json
    """
    from paycalc.files.registry import Registry
    from paycalc.files.schema import schema_text

    # A schema never replaces a scheme or scale file paycalc can find (bundled, PAYCALC_PATH,
    # the current directory): those are every command's inputs.
    _write(schema_text(kind), output, list(Registry.default().files(quiet=True)))


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
    from paycalc.files.registry import Registry
    from paycalc.files.template import new_scheme
    from paycalc.output import is_special

    if output and not is_special(output) and Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; give --force to overwrite it")
    registry = Registry.default()
    text = new_scheme(ident, from_scale, reference, registry)
    # The scale files the template was made from are its inputs (with --force, an earlier
    # template of the same name may be replaced: it was not read).
    _write(text, output, registry.loaded_paths())


def _write(text: str, output: str | None, inputs: list[Path]) -> None:
    """To standard output, or through the atomic writer to `output`, which may not be one of
    `inputs`."""
    if not output:
        click.echo(text, nl=False)
        return
    from paycalc.output import on_signals, refuse_inputs, write_text

    refuse_inputs([("output", output)], inputs)
    with on_signals():
        write_text(output, text)
