"""The ``chronology`` command.

Exit status: 0 when everything was read (and, for ``check``, the order is consistent);
1 when ``check`` finds at least one ordering conflict; 2 when an input is unusable
(missing, empty, binary, malformed) or the command line is wrong. Problems are written
to standard error as ``chronology: <where>: <what> (<code>)``; results go to standard
output. No traceback reaches the user: an unexpected failure is reported as one line
with exit status 3 and a request to report it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

EXIT_OK, EXIT_CONFLICT, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

EPILOG_EXTRACT = """examples:
  chronology extract data/seed/seed-20772.txt
  chronology extract corpus.jsonl > readings.jsonl
  chronology extract frus1951v07p2.xml --jobs 2
"""
EPILOG_CHECK = """examples:
  chronology check data/seed
  chronology check corpus.jsonl --json
  chronology check telegrams/ --transit 48h      # cipher telegrams arrive within 48 hours
"""
EPILOG_SEQUENCE = """examples:
  chronology sequence data/seed
  chronology sequence telegrams/ --format csv > sequence.csv
  chronology sequence data/seed --chart seed-timeline.png
"""
EPILOG_EXPLAIN = """examples:
  chronology explain data/seed --event 19:55
  chronology explain data/seed --event 20757:received
"""
EPILOG_EXPORT = """examples:
  chronology export data/seed --format tei -o seed-tei.xml
  chronology export telegrams/ --format csv -o events.csv
  chronology export data/seed --format json -o seed.json      # lossless; reads back
  chronology export my-telegrams.csv --format timelinejs -o timeline.json
"""
EPILOG_TIMELINE = """examples:
  chronology timeline data/seed -o seed.png
  chronology timeline telegrams/ -o chart.svg --zone Europe/Moscow --lanes place
"""


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=".txt file, directory of .txt files, .jsonl corpus, TEI .xml volume, "
        "or - for a .jsonl corpus on standard input",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=50_000_000,
        help="refuse single files (or .jsonl lines) larger than this (default 50 MB)",
    )


def _duration(text: str):  # noqa: ANN202 - argparse type
    from chronology.chronicle import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _solver_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--transit",
        metavar="DURATION",
        type=_duration,
        help="upper bound on a telegram's transit from sending to receipt, e.g. 48h",
    )
    p.add_argument(
        "--no-register-order",
        action="store_true",
        help="do not assume that numbers rise with time inside one register",
    )
    p.add_argument(
        "--register-numbering",
        choices=("yearly", "continuous"),
        default="yearly",
        help="registers restart their numbers each January (yearly, the default) or run on "
        "across years (continuous)",
    )


def _command(sub, name: str, help_text: str, epilog: str, solver: bool = False):  # noqa: ANN001, ANN202
    """A subcommand that reads INPUT... (and, for those that order, the solver options)."""
    p = sub.add_parser(
        name, help=help_text, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    _inputs(p)
    if solver:
        _solver_options(p)
    return p


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="chronology",
        description="Reconstruct chronologies from archival messages: read dates in their "
        "clocks, link telegrams, check their order, chart them.",
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "extract",
        help="read every dated expression and message number",
        epilog=EPILOG_EXTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _inputs(p)
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar on standard error (auto: when it is a terminal)",
    )
    p = _command(
        sub, "check", "check that the corpus's order is consistent", EPILOG_CHECK, solver=True
    )
    p.add_argument("--json", action="store_true", help="one JSON object on standard output")
    p = _command(
        sub, "sequence", "print the dated sequence of events", EPILOG_SEQUENCE, solver=True
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--zone", default="UTC", help="clock to print times in (IANA key or UTC)")
    p.add_argument("--chart", metavar="FILE", help="also draw a timeline chart to FILE")
    p = _command(
        sub, "timeline", "draw a timeline chart (PNG, SVG or PDF)", EPILOG_TIMELINE, solver=True
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="image file; the format follows the extension (.png, .svg, .pdf)",
    )
    p.add_argument(
        "--zone",
        default="UTC",
        help="clock of the time axis: UTC, an IANA key, or 'local' for each lane's own clock",
    )
    p.add_argument("--lanes", choices=("sender", "place", "register"), default="sender")
    p.add_argument("--title", default=None)
    p = _command(
        sub, "export", "write the chronology in an interchange format", EPILOG_EXPORT, solver=True
    )
    p.add_argument(
        "--format",
        required=True,
        choices=("json", "csv", "tei", "cmif", "edtf", "timelinejs", "vis"),
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file, or - for stdout")
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "json", "csv", "tei"),
        default="auto",
        help="how to read the inputs: text documents (.txt, folders, .jsonl, TEI "
        "volumes), or a file this command wrote (json), a hand-made sheet of "
        "telegrams (csv), a TEI correspDesc file (tei); auto guesses json and csv "
        "from the suffix",
    )
    p = _command(
        sub, "explain", "show how the time of an event was derived", EPILOG_EXPLAIN, solver=True
    )
    p.add_argument(
        "--event",
        required=True,
        help="event id, message id, NUMBER:kind (20772:received) or words of its text ('19:55')",
    )
    return ap


def _say(msg: str, stream: TextIO | None = None) -> None:
    print(f"chronology: {msg}", file=stream or sys.stderr)


def _problem_line(pr) -> str:  # noqa: ANN001
    """'<where>: <what> (<code>)', without repeating a path the message already names."""
    where = "" if pr.source and pr.source in pr.message else f"{pr.source}: "
    return f"{where}{pr.message} ({pr.code})"


def _report_problems(problems: Sequence) -> bool:  # noqa: ANN001
    fatal = False
    for pr in problems:
        _say(_problem_line(pr))
        fatal = fatal or pr.fatal
    return fatal


def _read(args: argparse.Namespace):  # noqa: ANN202
    from chronology.corpus import read
    from chronology.pipeline import Progress

    bar = Progress("auto")
    corpus = read(args.inputs, max_bytes=args.max_bytes, progress=bar)
    bar.close()
    fatal = _report_problems(corpus.problems)
    if not corpus.documents:
        _say("no readable document in the input")
        return None, fatal
    return corpus, fatal


def cmd_extract(args: argparse.Namespace) -> int:
    from chronology.formats.contract import document_obj
    from chronology.pipeline import extract_stream

    out = sys.stdout
    fatal = False
    for item in extract_stream(
        args.inputs, max_bytes=args.max_bytes, jobs=args.jobs, progress=args.progress
    ):
        if isinstance(item, dict):  # an input that yielded no document: still accounted for
            fatal = fatal or item.pop("_fatal", False)
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            continue
        if hasattr(item, "code"):
            _say(_problem_line(item))
            fatal = fatal or item.fatal
            continue
        doc, extra = item
        out.write(json.dumps(document_obj(doc, extra), ensure_ascii=False) + "\n")
    return EXIT_INPUT if fatal else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    corpus, fatal = _read(args)
    if corpus is None:
        return EXIT_INPUT
    chron = corpus.chronology(**_solve_opts(args))
    if args.json:
        print(json.dumps(chron.check_report(), ensure_ascii=False, indent=None))
    else:
        print(chron.check_text())
    if fatal:
        return EXIT_INPUT
    return EXIT_OK if chron.consistent else EXIT_CONFLICT


def _solve_opts(args: argparse.Namespace) -> dict:
    opts: dict = {"register_order": "off" if args.no_register_order else args.register_numbering}
    if args.transit is not None:
        opts["transit"] = args.transit
    return opts


def cmd_sequence(args: argparse.Namespace) -> int:
    corpus, fatal = _read(args)
    if corpus is None:
        return EXIT_INPUT
    from chronology.zones.tzdb import UnknownZone, get_zone

    try:
        get_zone(args.zone)
    except UnknownZone as exc:
        _say(str(exc).strip("'\""))
        return EXIT_INPUT
    if args.chart and not args.chart.lower().endswith((".png", ".svg", ".pdf")):
        _say(f"cannot draw a chart to {args.chart}: use a .png, .svg or .pdf file name")
        return EXIT_INPUT
    chron = corpus.chronology(**_solve_opts(args))
    seq = chron.sequence()
    if args.format == "json":
        print(json.dumps(seq.as_json(), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(seq.as_csv())
    else:
        print(seq.as_table(zone=args.zone))
    if args.chart:
        from chronology.chart import save_timeline

        save_timeline(chron, args.chart)
        _say(f"chart written to {args.chart}")
    return EXIT_INPUT if fatal else EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    corpus, fatal = _read(args)
    if corpus is None:
        return EXIT_INPUT
    from chronology.chart import save_timeline

    chron = corpus.chronology(**_solve_opts(args))
    try:
        save_timeline(chron, args.output, zone=args.zone, lanes=args.lanes, title=args.title)
    except ValueError as exc:
        _say(str(exc))
        return EXIT_INPUT
    _say(f"chart written to {args.output}")
    return EXIT_INPUT if fatal else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from chronology.formats.registry import FormatError, export, import_corpus

    mode = args.input_format
    if (
        mode == "auto"
        and len(args.inputs) == 1
        and args.inputs[0].lower().endswith((".json", ".csv", ".tsv"))
    ):
        mode = "json" if args.inputs[0].lower().endswith(".json") else "csv"
    if mode in ("json", "csv", "tei"):
        if len(args.inputs) != 1:
            _say(f"--input-format {mode} reads one file; give exactly one INPUT")
            return EXIT_INPUT
        try:
            corpus = import_corpus(args.inputs[0], mode)
        except (FormatError, OSError) as exc:
            _say(f"{args.inputs[0]}: {exc}")
            return EXIT_INPUT
        fatal = _report_problems(corpus.problems)
        if not corpus.documents:
            _say("no readable document in the input")
            return EXIT_INPUT
    else:
        corpus, fatal = _read(args)
        if corpus is None:
            return EXIT_INPUT
    chron = corpus.chronology(**_solve_opts(args))
    try:
        warnings = export(chron, args.format, args.output)
    except (FormatError, OSError) as exc:
        _say(str(exc))
        return EXIT_INPUT
    for w in warnings:
        _say(f"{args.format}: {w}")
    if args.output != "-":
        _say(f"{args.format} written to {args.output}")
    return EXIT_INPUT if fatal else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    corpus, fatal = _read(args)
    if corpus is None:
        return EXIT_INPUT
    chron = corpus.chronology(**_solve_opts(args))
    wanted = args.event
    keys = [
        n.id
        for n in chron.nodes
        if wanted in (n.id, n.message)
        or (n.event is not None and wanted in n.event.provenance.text)
    ]
    if not keys and ":" in wanted:
        try:
            keys = [chron.nodes[chron.find(wanted)].id]
        except KeyError:
            keys = []
    if not keys:
        _say(
            f"no event matches {wanted!r}: give an event id (see `chronology sequence "
            "--format json`), a message id, NUMBER:kind (e.g. 20772:received) or words of its "
            "text"
        )
        return EXIT_INPUT
    print("\n\n".join(chron.explain(k) for k in keys))
    return EXIT_INPUT if fatal else EXIT_OK


COMMANDS = {
    "extract": cmd_extract,
    "check": cmd_check,
    "sequence": cmd_sequence,
    "timeline": cmd_timeline,
    "explain": cmd_explain,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return EXIT_INPUT if exc.code else EXIT_OK
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place a failure becomes a message
        _say(
            f"internal error: {type(exc).__name__}: {exc}. Please report this with the "
            "input that caused it."
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
