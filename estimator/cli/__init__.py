"""The ``estimate`` command line: a thin layer of typer sub-commands over the library.

Each command module parses its options, calls the library and renders the result.
Errors the library raises on purpose (and click's usage errors) become one line on
stderr and exit code 2; nothing is written to ``--output`` unless the run succeeded.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from typing import Annotated

import click
import typer
import typer.core
import typer.main
from click import exceptions as click_errors

from estimator.cli import assumptions as assumptions_cmd
from estimator.cli import containers as containers_cmd
from estimator.cli import logistics as logistics_cmd
from estimator.cli import reconcile as reconcile_cmd
from estimator.cli import reports as reports_cmd
from estimator.cli import sensitivity as sensitivity_cmd
from estimator.cli import shells as shells_cmd
from estimator.cli.common import VALUE_EXPECTED, Counted, Stripped, forget_inputs
from estimator.counts import COUNT_EXPECTED
from estimator.errors import EstimatorError, InputError, Repeat, Words, not_one_of, one_line

__all__ = ["app", "main"]

# click 8.3 and later set a parameter's help in its own __init__, after typer's argument
# has set it: every positional argument (ID..., KEY, FILE) lost its help line. Kept here.
_argument_init = typer.core.TyperArgument.__init__


def _argument_keeps_help(self: typer.core.TyperArgument, *args: object,
                         help: str | None = None, **kwargs: object) -> None:
    _argument_init(self, *args, help=help, **kwargs)  # type: ignore[arg-type]
    self.help = help


typer.core.TyperArgument.__init__ = _argument_keeps_help  # type: ignore[method-assign]

_SETTINGS = dict(
    name="estimate",
    help="Unit-aware Monte Carlo estimates of munitions deliveries from what analysts can "
    "count, with every assumption stated and sourced.\n\n"
    "Example: estimate containers --count 6700",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Each command's registration, by the name it is called with.
_COMMANDS: dict[str, Callable[[typer.Typer], object]] = {
    "containers": lambda a: a.command("containers", no_args_is_help=True)(
        containers_cmd.containers),
    "shells": lambda a: a.command("shells", no_args_is_help=True)(shells_cmd.shells),
    "reconcile": lambda a: a.command("reconcile")(reconcile_cmd.reconcile),
    "port-calls": lambda a: a.command("port-calls", no_args_is_help=True)(
        logistics_cmd.port_calls),
    "rail": lambda a: a.command("rail", no_args_is_help=True)(logistics_cmd.rail),
    "timeline": lambda a: a.command("timeline")(logistics_cmd.timeline),
    "days": lambda a: a.command("days", no_args_is_help=True)(logistics_cmd.days),
    "reports": lambda a: a.add_typer(reports_cmd.app, name="reports"),
    "assumptions": lambda a: a.add_typer(assumptions_cmd.app, name="assumptions"),
    "sensitivity": lambda a: a.add_typer(sensitivity_cmd.app, name="sensitivity"),
}


def _build(names: Iterable[str]) -> typer.Typer:
    built = typer.Typer(**_SETTINGS)  # type: ignore[arg-type]
    for name in names:
        _COMMANDS[name](built)
    return built


def _version(asked: bool) -> None:
    if asked:
        from estimator._version import __version__

        typer.echo(f"estimate {__version__}")
        raise typer.Exit(0)


def _group(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version,
        help="Print the version and exit.")] = False) -> None:
    """Unit-aware Monte Carlo estimates of munitions deliveries."""


app = _build(_COMMANDS)
app.callback()(_group)


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command ``argv`` calls: click options are built for every
    command the app holds, about 0.03 s for all of them at every start. The top-level
    help, no arguments and an unknown command get the whole app."""
    if not argv or argv[0] not in _COMMANDS:
        return app
    one = _build([argv[0]])
    one.callback()(_group)  # with a callback the app stays a group of one command
    return one


# Library parameters (the places of their errors) and the options that set them.
_OPTIONS = {n: "--" + n for n in ("samples", "seed", "method", "compare", "precision", "count",
                                  "basis", "ship", "rounds", "since", "drop", "reference")} | {
    "calibres": "--calibre", "calibre": "--calibre", "bases": "--basis", "start": "--from", "end": "--to",
    "periods": "--period", "over_days": "--over", "per_day": "--per-day", "ids": "--claim",
    "claims": "--claim", "measures": "--measure", "weights": "--weight",
    "known_by": "--known-by", "reporting_error": "--reporting-error", "as_of": "--as-of"}


def _option_place(place: str) -> str:
    """A library error's place as the command line names it: ``calibres`` is
    ``--calibre``, ``ids/measures/since`` is ``--claim/--measure/--since``; any other
    place (a file and key, an option already) as it is."""
    parts = place.split("/")
    return "/".join(_OPTIONS[p] for p in parts) if all(p in _OPTIONS for p in parts) else place


def _called(command: click.Command, args: list[str]) -> tuple[click.Command, list[str]]:
    """The command ``args`` call (a group's subcommand, by name) and the tokens given to
    it, up to a ``--``."""
    tokens = list(args)
    while isinstance(command, click.Group) and tokens and tokens[0] in command.commands:
        command = command.commands[tokens.pop(0)]
    return command, tokens[:tokens.index("--")] if "--" in tokens else tokens


def _given_once(command: click.Command, args: list[str]) -> None:
    """An option that takes one value may be given once (click would keep the last of
    ``-a mine.toml -a yours.toml`` silently, and the run would ignore a file named), and
    is followed by its value, not by another option."""
    command, tokens = _called(command, args)
    valued = {n for p in command.params if isinstance(p, click.Option) and not p.is_flag
              for n in p.opts}
    known = {n for p in command.params for n in (*p.opts, *getattr(p, "secondary_opts", ()))}
    for token, after in itertools.pairwise(tokens):
        if token in valued and after in known:  # click would take '--samples' as the value
            raise InputError(token, "a value after it", f"the option {after}")
    once = {n: p for p in command.params if isinstance(p, click.Option) and not p.multiple
            and not p.is_flag for n in p.opts}
    times: dict[str, int] = {}
    at = 0
    while at < len(tokens):  # each option where it is given, its value skipped
        token = tokens[at]
        name = _option_in(token, valued)
        if name in once:
            key = max(once[name].opts, key=len)
            times[key] = times.get(key, 0) + 1
            if times[key] > 1:
                raise InputError(key, "the option once (it takes one value; repeat only "
                                 "options that say so)", f"given {times[key]} times")
        at += 2 if token in valued else 1


def _option_in(token: str, valued: set[str]) -> str | None:
    """The option a token gives: itself (``-n``), ``--samples`` of ``--samples=5``, ``-n``
    of ``-n5`` (a short option with its value attached); None for a value or a flag."""
    if token in valued:
        return token
    if token.startswith("--"):
        return token.partition("=")[0]
    if token.startswith("-") and len(token) > 2 and token[:2] in valued:
        return token[:2]
    return None


class _AnyCase(click.Choice):  # type: ignore[type-arg]
    """A choice taken in any case and without the spaces around it (``-f ' JSON'``)."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return super().convert(value.strip() if isinstance(value, str) else value, param, ctx)


def _read_alike(command: click.Command) -> None:
    """Every choice option takes its values in any case (``-f JSON``, ``--basis Both``,
    ``-m MC``), as the commands that check their own choices do; and every value of text,
    a choice's too, without the spaces around it, as counts and numbers are read."""
    for param in command.params:
        if isinstance(param.type, click.Choice):
            param.type = _AnyCase(param.type.choices, case_sensitive=False)
        elif param.type is click.STRING:
            param.type = Stripped()
    for sub in getattr(command, "commands", {}).values():
        _read_alike(sub)


def _choice_error(exc: click_errors.BadParameter, args: list[str]) -> str | None:
    """A value no choice matches, in the words every other bad option has: '--basis:
    expected one of both, projectile, complete (got 'nope')'; None for any other error."""
    param = exc.param
    if not isinstance(param, click.Option) or not isinstance(param.type, click.Choice):
        return None
    given = None
    for token, after in itertools.pairwise([*args, ""]):
        if token in param.opts:
            given = after
        elif token.startswith(tuple(f"{o}=" for o in param.opts if o.startswith("--"))):
            given = token.partition("=")[2]
        elif token[:2] in param.opts and len(token) > 2 and not token.startswith("--"):
            given = token[2:]  # -fxml: a short option with its value attached
    name = max(param.opts, key=len)
    choices = [str(c) for c in param.type.choices]
    if given is None:
        return f"{name}: expected one of {', '.join(choices)}"
    # the library's rule: the nearest named; a repeat only where the option may be repeated
    return str(not_one_of(given, choices, name, several=param.multiple))


# a count option's help begins with what it counts and examples: "Port calls, as written:
# 32, 32+, ~30, 30-35."
_COUNT_HELP = re.compile(r"(?P<what>[^,(]+?)(?: \([^)]*\))?, as written: (?P<examples>.*?)\.(?:\s|$)")


def _wanted(param: click.Parameter) -> str:
    """What ``param`` takes, for an error that says it is missing or has no value: its
    type's own words (a count's, a number's, a file's, a date's, an id's), a choice's
    options, or its help's examples."""
    kind = param.type
    if isinstance(kind, Counted):
        m = _COUNT_HELP.match(getattr(param, "help", None) or "")
        if m is None:
            return COUNT_EXPECTED
        examples = [e.partition(" (")[0] for e in m.group("examples").split(", ")][:4]
        return (f"a count of {m.group('what').lower()} such as {', '.join(examples[:-1])} "
                f"or {examples[-1]}")
    if isinstance(kind, click.Choice):
        return "one of " + ", ".join(str(c) for c in kind.choices)
    if getattr(kind, "expected", ""):
        return str(kind.expected)
    placeholder = param.metavar or (param.human_readable_name
                                    if isinstance(param, click.Argument) else "")
    return VALUE_EXPECTED.get(placeholder, "a value ('--help' says which)")


def _click_error(exc: click_errors.UsageError, root: click.Command,
                 args: list[str]) -> str | None:
    """Click's own errors of a missing option or argument, an option with no value after
    it and a flag given one, in the words of every other error: ``--count: expected a
    count of containers such as 6700, ... (got no value)``; None for any other error."""
    command, tokens = _called(root, args)
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        param = exc.param
        if isinstance(param, click.Argument):
            return str(InputError(param.human_readable_name, _wanted(param), Words("none")))
        name = max(param.opts, key=len)
        return str(InputError(name, f"the option, {_wanted(param)}", Words("none")))
    if not isinstance(exc, click_errors.BadOptionUsage):
        return None
    typed = exc.option_name
    for param in command.params:
        names = (*param.opts, *getattr(param, "secondary_opts", ()))
        if not isinstance(param, click.Option) or typed not in names:
            continue
        name = max(param.opts, key=len) if typed in param.opts else typed
        if param.is_flag:
            given = next((t.partition("=")[2] for t in tokens if t.startswith(f"{typed}=")),
                         None)
            if given is not None:
                return str(InputError(name, "no value (a flag)", given))
        else:
            return str(InputError(name, _wanted(param), Words("no value")))
    return None


def _examples_kept(command: click.Command) -> None:
    """Each example of a command's help (a paragraph of lines that start ``estimate``)
    printed as written: click rewraps paragraphs to the terminal's width, which cut long
    examples in two, so that a pasted one ran without its last options."""
    if command.help:
        command.help = "\n\n".join(
            f"\b\n{p}" if p.strip().startswith("estimate ") else p
            for p in inspect.cleandoc(command.help).split("\n\n"))
    for sub in getattr(command, "commands", {}).values():
        _examples_kept(sub)


def _fail(message: str, code: int = 2) -> None:
    _say_warnings()  # before the error: its line is the last
    _say(f"error: {one_line(message)}")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``estimate`` script."""
    forget_inputs()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        # a library's notice to its own developers (click's, typer's) is not the user's
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _CAUGHT[:] = [caught]
        try:
            _main(argv)
        finally:
            _say_warnings()


# Options users write for another by its meaning, not its spelling (click's own "did you
# mean" goes by spelling: --claims got --claim, the filter by id, not the claims file).
_SYNONYMS = {name: ("--reports", "a TOML file of claims", "--claim", "picks claims by id")
             for name in ("--claims", "--claims-file", "--claim-file")}


def _meant(exc: click_errors.UsageError) -> str | None:
    """For an unknown option that is another's synonym in this command, the line naming
    that option; else None."""
    if not isinstance(exc, click_errors.NoSuchOption) or exc.ctx is None:
        return None
    meant = _SYNONYMS.get(exc.option_name)
    has = {o for p in exc.ctx.command.params for o in p.opts}
    if meant is None or meant[0] not in has:
        return None
    option, what, other, does = meant
    beside = f"; {other} {does}" if other in has else ""
    return f"No such option '{exc.option_name}'. Did you mean '{option}' ({what}{beside})?"


def _help_meant(exc: click_errors.UsageError) -> str | None:
    """For ``estimate help`` (or ``estimate reports help``), where click would suggest the
    command nearest in spelling ('shells'), the way to ask for help; else None."""
    if exc.ctx is None or not exc.format_message().startswith("No such command 'help'"):
        return None
    path = exc.ctx.command_path
    return (f"No such command 'help'; for help: {path} --help, or {path} COMMAND --help "
            "(-h for short)")


_CAUGHT: list[list[warnings.WarningMessage]] = []  # the warnings of the command running


def _say_warnings() -> None:
    """Each warning of the command so far on one line, as errors are (not a file:line and
    a source line), and only once; none where standard error is closed."""
    for caught in _CAUGHT:
        for text in dict.fromkeys(str(w.message) for w in caught):
            _say(f"warning: {text}")
        caught.clear()


def _say(line: str) -> None:
    """One line on standard error, if it can take it (closed, ``2>&-``, or full, ``2>/dev/
    full``: the exit code still tells)."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _main(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    # typer escapes the '[' of "[default: ...]" for rich's HTML export whenever rich is
    # installed, even with rich markup off as here: plain help read "\[default: 50000]".
    has_rich, typer.core.HAS_RICH = typer.core.HAS_RICH, False
    try:
        command = typer.main.get_command(_app_for(args))
        _examples_kept(command)
        _read_alike(command)
        _given_once(command, args)
        code = command(args=args, standalone_mode=False)
    except EstimatorError as exc:
        if isinstance(exc, InputError):  # the library's names, as its options
            place = _option_place(exc.place)
            if place != exc.place:
                hint = exc.hint.at(place) if isinstance(exc.hint, Repeat) else exc.hint
                exc = InputError(place, exc.expected, exc.got, hint=hint)
        _fail(str(exc))
    except click_errors.NoArgsIsHelpError as exc:
        # a command given nothing to do shows its help, and fails (as click itself has it):
        # a script that lost its options must not pass for a run
        sys.stderr.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
        sys.exit(2)
    except click_errors.BadParameter as exc:
        choice = _choice_error(exc, args) or _click_error(exc, command, args)
        _fail(choice or (f"{exc.ctx.command_path}: " if exc.ctx else "")
              + exc.format_message().replace("\n", " "))
    except click_errors.UsageError as exc:
        said = _click_error(exc, command, args)
        where = f"{exc.ctx.command_path}: " if exc.ctx and not said else ""
        _fail(where + (said or _meant(exc) or _help_meant(exc)
                       or exc.format_message().replace("\n", " ")))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except MemoryError as exc:
        _fail(f"out of memory ({str(exc) or 'MemoryError'}); try fewer --samples", 1)
    except Exception as exc:  # a bug, not bad input: still one line, never a traceback
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)
    finally:
        typer.core.HAS_RICH = has_rich
    sys.exit(code if isinstance(code, int) else 0)
