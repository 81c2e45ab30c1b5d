"""`loads enroll` and `loads classify`: recordings from elsewhere through the same library and matcher.

    python main.py loads enroll --library DIR CAPTURES.jsonl
    python main.py loads classify --library DIR EVENTS.jsonl

An enroll line is ``{"name", "class": "block"|"allow", "v", "i_after", "i_before"}`` (the §14 cycles:
128 whole numbers each, 0.1 V and mA) or, instead of the three cycles, the §13 feature fields; it may
also carry "category", "brand_model", "device" and "notes". Every line is checked before anything is
written: one bad line and the library is left as it was, with every bad line named. A classify line
holds the §13 feature fields; the answer is one JSON line per event: the appliance (or "unknown"),
the decision the meter's rule (default §10 settings), the slots built from the library and the host
matcher reach together, and the distance.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.stores import CommandFailed
from app.loads import library as lib_files
from app.loads.decide import meter_decision, outcome
from app.loads.features import FeatureError, from_mapping, from_waveform
from app.loads.library import Capture, Library, LibraryError, Verdict
from app.loads.matcher import Matcher
from app.loads.slots import plan_slots

_MAX_REPORTED = 20
_WAVE = ("v", "i_after", "i_before")


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    loads = sub.add_parser("loads", help="appliance signatures: enroll recordings, classify switch-ons",
                           parents=[common])
    loads_sub = loads.add_subparsers(dest="loads_command", required=True)
    enroll = loads_sub.add_parser("enroll", parents=[common],
                                  help="add captures (JSON lines) to a signature library directory")
    enroll.add_argument("--library", required=True, metavar="DIR")
    enroll.add_argument("captures", metavar="CAPTURES.jsonl")
    enroll.set_defaults(handler=enroll_command)
    classify = loads_sub.add_parser("classify", parents=[common],
                                    help="name each switch-on (JSON lines of §13 features) and decide")
    classify.add_argument("--library", required=True, metavar="DIR")
    classify.add_argument("events", metavar="EVENTS.jsonl")
    classify.set_defaults(handler=classify_command)


def _lines(path: str):
    """(line number, parsed object) for every non-blank line; a JSON error is reported as a line error."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandFailed(f"{path}: cannot be read ({exc})") from None
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            try:
                yield n, json.loads(raw)
            except json.JSONDecodeError as exc:
                yield n, FeatureError(f"line {n}: not JSON ({exc.msg})")


def _fail(path: str, errors: list[str], what: str) -> None:
    shown = errors[:_MAX_REPORTED]
    more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
    raise CommandFailed(f"{path}: {len(errors)} bad line(s); {what}\n  " + "\n  ".join(shown) + more)


def _capture(n: int, obj: dict) -> tuple[str, Verdict, dict, Capture]:
    where = f"line {n}"
    if not isinstance(obj, dict):
        raise FeatureError(f"{where}: expected a JSON object")
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FeatureError(f"{where}: missing field 'name'")
    try:
        verdict = Verdict(obj.get("class"))
    except ValueError:
        raise FeatureError(f"{where}: field 'class' must be \"block\" or \"allow\", not {obj.get('class')!r}") from None
    details = {k: str(obj[k]) for k in ("category", "brand_model", "notes") if obj.get(k)}
    device = str(obj.get("device", ""))
    if any(k in obj for k in _WAVE):
        missing = [k for k in _WAVE if k not in obj]
        if missing:
            raise FeatureError(f"{where}: a waveform capture needs v, i_after and i_before; missing {missing[0]!r}")
        feats = from_waveform(obj["v"], obj["i_after"], obj["i_before"], where=where)
        wave = tuple(tuple(obj[k]) for k in _WAVE)
        return name.strip(), verdict, details, Capture(feats, "waveform", device, wave)
    return name.strip(), verdict, details, Capture(from_mapping(obj, where=where), "features", device)


def enroll_command(args: argparse.Namespace) -> int:
    try:
        library = lib_files.load(args.library)
    except LibraryError as exc:
        raise CommandFailed(str(exc)) from None
    parsed, errors = [], []
    for n, obj in _lines(args.captures):
        try:
            if isinstance(obj, Exception):
                raise obj
            parsed.append(_capture(n, obj))
        except FeatureError as exc:
            errors.append(str(exc))
    for name, verdict, _details, _cap in parsed:
        have = library.by_name(name)
        if have is not None and have.verdict is not verdict:
            errors.append(f"{name!r} is marked {have.verdict.value} in the library but {verdict.value} in the file; "
                          "change it in the library first")
    if errors:
        _fail(args.captures, errors, "nothing was enrolled")
    if not parsed:
        raise CommandFailed(f"{args.captures}: no captures in the file; nothing was enrolled")
    added: dict[str, int] = {}
    for name, verdict, details, cap in parsed:
        app = library.by_name(name)
        if app is None:
            library, app = library.with_appliance(name, verdict, **details)
        library = library.with_captures(app.ident, [cap])
        added[app.name] = added.get(app.name, 0) + 1
    path = lib_files.save(library, args.library)
    for name, n in added.items():
        print(json.dumps({"appliance": name, "captures_added": n,
                          "captures": len(library.by_name(name).captures)}, ensure_ascii=False))
    print(f"library {path}: version {library.version}, {len(library.appliances)} appliance(s)", file=sys.stderr)
    return 0


def classify_command(args: argparse.Namespace) -> int:
    try:
        library: Library = lib_files.load(args.library)
    except LibraryError as exc:
        raise CommandFailed(str(exc)) from None
    if not library.appliances:
        raise CommandFailed(f"{args.library}: the library is empty; enroll captures first")
    feats, errors = [], []
    for n, obj in _lines(args.events):
        try:
            if isinstance(obj, Exception):
                raise obj
            if not isinstance(obj, dict):
                raise FeatureError(f"line {n}: expected a JSON object")
            feats.append(from_mapping(obj, where=f"line {n}"))
        except FeatureError as exc:
            errors.append(str(exc))
    if errors:
        _fail(args.events, errors, "no event was classified")
    matcher = Matcher(library)
    slots = plan_slots(library).slots
    out = sys.stdout
    for f, m in zip(feats, matcher.classify_many(feats), strict=True):
        out.write(json.dumps(outcome(meter_decision(f, slots=slots), m, f=f).to_json(), ensure_ascii=False) + "\n")
    return 0
