"""The command line: a thin Click group over build, check and the loader.

Exit codes: 0 success; 1 a build or check failed; 2 bad usage or bad content.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from publisher import __version__
from publisher import formats as registry
from publisher.errors import EXIT_BAD_INPUT, EXIT_FAILURE, PublisherError
from publisher.spec import OptionField
from publisher.workers import default_jobs

Command = TypeVar("Command", bound=Callable[..., Any])


class Output:
    """Where messages go, honouring --quiet / --verbose."""

    def __init__(self, verbosity: int = 0):
        self.verbosity = verbosity

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message)

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            click.echo(message)

    def error(self, message: str) -> None:
        click.echo(message, err=True)

    def warn(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message, err=True)


class PublisherGroup(click.Group):
    """Turns publisher's own errors into a message and their exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PublisherError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=PublisherGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="publisher")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every step.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn one structured news-release file into every accessible format, figures identical."""
    ctx.obj = Output(-1 if quiet else (1 if verbose else 0))


FORMAT_CHOICE = click.Choice(registry.names())
_OPTION = "option__"  #: prefix of the parameter names of format options: option__<format>__<field>


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and isinstance(ctx.obj, Output):
        ctx.obj.verbosity = -1 if param.name == "quiet" else 1


def verbosity_options(command):
    """-q / -v after the command too (``publisher build -v``), as before it."""
    command = click.option("-v", "--verbose", "verbose", is_flag=True, expose_value=False, is_eager=False,
                           callback=_set_verbosity, help="Print every step.")(command)
    return click.option("-q", "--quiet", "quiet", is_flag=True, expose_value=False, is_eager=False,
                        callback=_set_verbosity, help="Print only errors.")(command)


def format_options(command: Command) -> Command:
    """``command`` with one flag per option of every format, made from the formats' option
    classes (name, type, choices, default, help): a format's own option is
    ``--<format>-<option>`` unless it names its flag; a build-wide option is ``--<option>``."""
    for dest, (flag, spec) in reversed(option_flags().items()):
        command = _flag(flag, dest, spec)(command)
    return command


def option_flags() -> dict[str, tuple[str, OptionField]]:
    """Every format option by parameter name (``option__<format>__<option>``), with its flag.

    A flag another format took first falls back to ``--<format>-<option>``; a build-wide
    option is declared once for all formats."""
    params: dict[str, tuple[str, OptionField]] = {}
    taken: set[str] = set()
    for fmt in registry.all_formats().values():
        for spec in fmt.options.fields():
            dest = f"{_OPTION}{'' if spec.build_wide else fmt.name}__{spec.name}"
            if dest in params:
                continue
            dashed = spec.name.replace("_", "-")
            own = f"--{dashed}" if spec.build_wide else f"--{fmt.name}-{dashed}"
            flag = next((f for f in (spec.flag or own, own) if f not in taken), None)
            if flag is not None:
                taken.add(flag)
                params[dest] = (flag, spec)
    return params


def _flag(flag: str, name: str, spec: OptionField) -> Callable[[Command], Command]:
    """A click option for ``spec`` that is None when not given (so the manifest or the default decides)."""
    shown = f"{spec.help}  [default: {spec.default}]"
    if isinstance(spec.kind, tuple):
        return click.option(flag, name, type=click.Choice(spec.kind), default=None, help=shown)
    if spec.kind is bool:
        return click.option(f"{flag}/--no-{flag[2:]}", name, default=None, help=shown)
    return click.option(flag, name, type=spec.kind, default=None, help=shown)


def given_options(values: dict[str, Any]) -> dict[str, dict[str, object]]:
    """The format options given on the command line, by format; a build-wide one goes to every format."""
    given: dict[str, dict[str, object]] = {name: {} for name in registry.names()}
    for key, value in values.items():
        if not key.startswith(_OPTION) or value is None:
            continue
        owner, _, field = key[len(_OPTION):].partition("__")
        for name in [owner] if owner else list(given):
            given[name][field] = value
    return {name: chosen for name, chosen in given.items() if chosen}


@cli.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs; each release goes to OUT/<slug>/.")
@click.option("-f", "--format", "formats", multiple=True, type=FORMAT_CHOICE,
              help="Build only this format (repeatable). Default: every format.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Read every output back and check it after building.")
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs are unchanged.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=default_jobs,
              help="Worker processes: several releases are built side by side, or one release's "
                   "formats. Default: one per CPU core; 1 builds everything in this process.")
@click.option("--draft", is_flag=True,
              help="Build content that still holds stand-ins (TODO comments, template text); every output is "
                   "marked DRAFT on every slide and page and in its title.")
@format_options
@click.option("--watch", is_flag=True, help="Keep running; rebuild and re-check when content or theme changes.")
@click.option("--watch-seconds", type=float, hidden=True, help="Stop watching after this many seconds (tests).")
@verbosity_options
@click.pass_obj
def build(out_: Output, content: tuple[Path, ...], out: Path, formats: tuple[str, ...],
          check: bool, force: bool, jobs: int, draft: bool, watch: bool, watch_seconds: float | None,
          **values: Any) -> None:
    """Build CONTENT files (default: every content/*.yaml) into OUT/<slug>/.

    Format options not given take their defaults; each output's options are recorded in
    its folder's manifest.json."""
    from publisher.build import build_many, find_content
    from publisher.report import Progress, print_build_results

    contents = find_content(list(content))
    names = list(formats) or registry.names()
    _plugin_notices(out_)
    options = dict(explicit_formats=bool(formats), check=check, draft=draft, options=given_options(values))
    with Progress(len(contents), enabled=out_.verbosity >= 0) as progress:
        results = build_many(contents, out, names, jobs=jobs, force=force, progress=progress, **options)
    code = print_build_results(results, out_)
    if not watch:
        sys.exit(code)
    from publisher.watch import watch as watch_files

    def rebuild(changed: list[Path]) -> None:
        print_build_results(build_many(changed, out, names, jobs=jobs, **options), out_, changes_only=True)

    watch_files(contents, rebuild, out_.info, watch_seconds)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--draft", is_flag=True, help="Accept stand-ins (TODO comments, template text), as build --draft does.")
@verbosity_options
@click.pass_obj
def validate(out_: Output, files: tuple[Path, ...], draft: bool) -> None:
    """Validate content files without building anything."""
    from publisher.build import content_warnings_of_all
    from publisher.editions import original_of
    from publisher.errors import ContentError
    from publisher.glyphs import missing_glyphs
    from publisher.theme import load_theme
    from publisher.translation import load_release

    code = 0
    for path in files:
        path = original_of(path) or path  # a translation is validated with its original
        try:
            loaded = load_release(path)
            fonts = load_theme(loaded.theme_path()).font_paths()
            problems = []
            for edition in loaded.editions():
                problems += missing_glyphs(edition, fonts)
                problems += [] if draft else edition.refuse_draft()
            if problems:
                raise ContentError(problems)
        except ContentError as exc:
            for problem in exc.problems:
                out_.error(str(problem))
            code = EXIT_BAD_INPUT
            continue
        for warning in content_warnings_of_all(loaded, draft):
            out_.warn(str(warning))
        languages = "".join(f"; translated into {t.release.language} ({t.path.name})" for t in loaded.translations)
        out_.info(f"{path}: valid ({len(loaded.release.figures)} figures, "
                  f"{len(loaded.release.quotes)} quotes, {len(loaded.release.sections)} sections{languages})")
    sys.exit(code)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--content", "content", type=click.Path(path_type=Path),
              help="Reconcile against this content file (default: the manifest beside the outputs).")
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Where a content file's outputs are, when PATH is a content file.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON for CI systems.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=default_jobs,
              help="Worker processes reading a folder's outputs side by side. Default: one per CPU core.")
@click.option("--render", is_flag=True,
              help="Also draw each deck with LibreOffice, with the theme font and without it (each stand-in "
                   "font forced in turn), and check that its text fits; takes seconds per deck.")
@click.option("--rules", "list_rules", is_flag=True,
              help="List the PDF/UA-1 rules of the PDF audit (veraPDF's profile), implemented or not, and exit.")
@verbosity_options
@click.pass_obj
def check(out_: Output, paths: tuple[Path, ...], content: Path | None, out: Path, as_json: bool,
          jobs: int, render: bool, list_rules: bool) -> None:
    """Read outputs back: reconcile figures, run each format's audit, check freshness.

    PATH is an output folder (out/<slug>, or out/ for every release in it), a content file (its
    outputs under --out) or one output file of any format; a PDF publisher did not build gets
    the PDF/UA-1 audit and is reported as 'pdf'. Default: every folder under --out.
    """
    from publisher.check import check_paths
    from publisher.report import print_check_report, print_rules

    if list_rules:
        if paths:
            raise click.UsageError("--rules lists the PDF audit's rules; it takes no PATH")
        print_rules(as_json)
        return
    report = check_paths(list(paths), content, out, workers=jobs, render=render)
    if as_json:
        click.echo(json.dumps({
            "ok": report.ok,
            "files": report.files,
            "formats": report.formats,
            "findings": [f.as_dict() for f in report.findings],
        }, indent=2))
    else:
        print_check_report(report, out_)
    sys.exit(0 if report.ok else EXIT_FAILURE)


@cli.command()
@click.argument("name")
@click.option("--folder", default="content", show_default=True, type=click.Path(path_type=Path),
              help="Where to write NAME.yaml.")
@verbosity_options
@click.pass_obj
def init(out_: Output, name: str, folder: Path) -> None:
    """Start a new release: FOLDER/NAME.yaml from a commented template, ready to fill in."""
    from publisher.new_release import new_release

    path = new_release(name, folder)
    out_.info(f"wrote {path}: fill it in, then run 'publisher validate {path}' and 'publisher build {path}'")


@cli.command("import")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("--out", "target", type=click.Path(path_type=Path),
              help="The content file to write (default: content/<draft name>.yaml).")
@click.option("--force", is_flag=True, help="Overwrite the content file if it exists.")
@click.option("--translation-of", "original", type=click.Path(path_type=Path),
              help="The draft is a translation of this content file: write its translation file, the draft's "
                   "numbers matched to the original's figures (default --out: <slug>.<language>.yaml beside it).")
@click.option("--language", help="The translation's BCP 47 tag (es-US, fr-CA); with --translation-of.")
@verbosity_options
@click.pass_obj
def import_(out_: Output, draft: Path, target: Path | None, force: bool, original: Path | None,
            language: str | None) -> None:
    """Turn a release draft (Markdown, plain text or Word) into a draft content file, or, with
    --translation-of, a translated draft into the translation file of an existing release.

    Every number of the prose becomes a figure or a date (in a translation: the original's);
    what the importer is unsure of is marked with a '# TODO:' comment to confirm.
    """
    from publisher.atomic import write_text
    from publisher.draft import content_name, import_draft, import_translation, todo_count
    from publisher.errors import BuildError, ContentError, Problem

    if draft.is_dir() or not draft.exists():
        raise ContentError([Problem(str(draft), "is a folder" if draft.is_dir() else "no such file")])
    if (original is None) != (language is None):
        raise ContentError([Problem("import", "--translation-of and --language go together: the content file "
                                              "translated, and the translation's language tag")])
    if original is not None and language is not None:
        target = target or original.with_name(f"{original.stem}.{language}.yaml")
    target = target or Path("content") / content_name(draft)
    if target.exists() and not force:
        raise ContentError([Problem(str(target), "already exists; pass --force to overwrite it or --out to write elsewhere")])
    text = import_translation(draft, original, language) if original and language else import_draft(draft)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, text)
    except OSError as exc:
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    todos = todo_count(text)
    out_.info(f"wrote {target}" + (f": {todos} TODO comment(s) to confirm" if todos else "")
              + f"; then run 'publisher validate {target}'")


@cli.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs; previews go to OUT/<slug>/preview/.")
@click.option("--draft", is_flag=True, help="Preview content that is still a draft, every output marked DRAFT.")
@format_options
@verbosity_options
@click.pass_obj
def preview(out_: Output, content: tuple[Path, ...], out: Path, draft: bool, **values: Any) -> None:
    """Build, then render every slide and page to PNG in OUT/<slug>/preview/ with a contact sheet.

    Format options not given are those the last build of each release recorded in its
    manifest (so a sheet built on A4 is previewed on A4), else their defaults."""
    from publisher.build import build_many, find_content
    from publisher.preview import preview_folder
    from publisher.report import print_build_results

    _plugin_notices(out_)
    results = build_many(find_content(list(content)), out, registry.names(), jobs=default_jobs(),
                         options=given_options(values), recorded_options=True, draft=draft)
    code = print_build_results(results, out_)
    for result in results:
        if not result.folder:
            continue
        shown = preview_folder(Path(result.folder))
        for notice in shown.notices:
            out_.error(notice)
        for finding in shown.findings:
            out_.error(str(finding))
        if any(f.severity == "error" for f in shown.findings):
            code = max(code, EXIT_FAILURE)
        if shown.sheet:
            pages = sum(len(v) for v in shown.images.values())
            out_.info(f"{pages} preview image(s); contact sheet: {shown.sheet}")
        elif not shown.notices:
            out_.info(f"{result.folder}: nothing to preview (no deck or PDF was built)")
    sys.exit(code)


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the content-format reference as Markdown instead.")
def schema(markdown: bool) -> None:
    """Print the JSON Schema of the content format (for editors: validation, completion)."""
    from publisher.model import Release

    if markdown:
        from publisher.reference import markdown as reference

        click.echo(reference(), nl=False)
        return

    document = Release.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "publisher content file"
    click.echo(json.dumps(document, indent=2))


@cli.command()
@click.pass_obj
def formats(out_: Output) -> None:
    """List the output formats, with their options' flags."""
    _plugin_notices(out_)
    flags = option_flags()
    for fmt in registry.all_formats().values():
        click.echo(f"{fmt.name:<11} <slug>{fmt.suffix:<17} {fmt.description}")
        for dest, (flag, spec) in flags.items():
            if dest.startswith(f"{_OPTION}{fmt.name}__"):
                click.echo(" " * 12 + _describe(flag, spec))
    every = [_describe(flag, spec) for dest, (flag, spec) in flags.items() if dest.startswith(_OPTION + "__")]
    if every:
        click.echo("every format:\n" + "\n".join(" " * 12 + line for line in every))


def _describe(flag: str, spec: OptionField) -> str:
    kind = "|".join(spec.kind) if isinstance(spec.kind, tuple) else spec.kind.__name__
    return f"{flag} [{kind}] (default {spec.default}): {spec.help}"


def _plugin_notices(out_: Output) -> None:
    for notice in registry.notices():
        out_.warn(f"publisher: {notice}")


def main() -> None:
    """Entry point: run the CLI, turning expected errors into messages and exit codes."""
    try:
        code = cli.main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted; outputs are either complete or untouched.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_FAILURE)
