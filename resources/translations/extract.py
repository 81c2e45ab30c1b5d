"""Update the Chinese catalogue from the source: `python resources/translations/extract.py`.

Scans ui/ (and main.py) with `ast` for `_("…")` and `N_("…")` calls whose first argument is a string
literal (a second literal is Qt's disambiguation, for a word with two meanings, `_("Close", "relay")`,
kept as the message's <comment>), takes the display names of the app tables in APP_TABLES, and
writes dormwatt_zh_CN.ts (Qt Linguist XML, context "DormWatt").

The app's own sentences (app/ has no Qt, so it cannot mark them) go to a second context,
"DormWattMessages", as templates: the first string argument of a call to an error class (the classes of
app/errors.py and db/errors.py, or a name ending in Error, Failed, Full, ...), every `message=` keyword,
the strings of `findings.append((...))`, an import row's messages (`plan.errors.append(...)`,
`plan.warnings.append(...)`, `failed[row.id] = ...`), a batch operation's room lines (`PlanLine(...)`,
`RoomResult(...)`: their reason, action and note) and the tables of APP_MESSAGE_TABLES. An f-string becomes a
template with numbered placeholders, `f"{room.code} is full ({n} of {n} beds taken)."` ->
"{0} is full ({1} of {2} beds taken).". The templates are also written to messages.json, which
ui.i18n.tr_message matches the app's English text against at run time.
Translations already in the file are kept; new strings get an empty, unfinished translation; strings
no longer in the source are kept as "vanished" (lrelease skips them) unless --drop-vanished is given.

    extract.py                  update the .ts
    extract.py --unfinished     print the sources still without a translation, as JSON
    extract.py --merge F.json   take translations from a JSON object {source: translation}, then update
                                (a disambiguated source is keyed "comment" U+0004 "source")
    extract.py --messages ...   --unfinished / --merge work on the "DormWattMessages" context instead
    extract.py --release        also compile the .ts into dormwatt_zh_CN.qm with pyside6-lrelease
"""
from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONTEXT = "DormWatt"
TS_FILE = HERE / "dormwatt_zh_CN.ts"
QM_FILE = HERE / "dormwatt_zh_CN.qm"
MESSAGE_CONTEXT = "DormWattMessages"
MESSAGES_JSON = HERE / "messages.json"
MESSAGE_DIRS = ("app", "db")
ERROR_MODULES = ("app/errors.py", "db/errors.py")
ERROR_SUFFIXES = ("Error", "Failed", "Denied", "Taken", "Full", "Mismatch", "CheckedIn", "Input", "Amount",
                  "Reference", "Conflict", "Reversed")
# Tables of alarm texts: module -> {table: how the text is shown, "{}" standing for the text}. A value
# is a string, an AlarmRule, or a row whose last item is one of them. Billing shows f"{label}: {amount}."; words
# such as branch and gender names are filled into other messages and translated there by tr_message.
APP_MESSAGE_TABLES = {"app.metering.runtime.vocabulary": {"EVENT_ALARMS": "{}", "BRANCH_WORDS": "{}",
                                                             "STATUS_ALARMS": "{}: {{0}}.", "METER_OFFLINE": "{}"},
                      "app.campus.occupancy": {"GENDER_WORD": "{}"},
                      "app.metering.runtime.delivery": {"REFUSALS": "{}"},
                      "app.metering.commissioning": {"KIND_LABELS": "{}"},
                      "app.policies.schedule": {"PROBLEMS": "{}"},
                      "app.policies.inheritance": {"NOTES": "{}", "LABELS": "{}"},
                      "app.policies.calendar": {"NOTES": "{}", "PLACES": "{}"},
                      "app.loads.watch": {"ALARMS": "{}", "HALF_WAVE_ALARM": "{}"}, "app.loads.slots": {"LEFT_OUT": "{}"},
                      "app.metering.usage_alarms": {"MESSAGES": "{}"}, "app.metering.forecast": {"REASONS": "{}"},
                      "app.batch.operations": {"ROOM_TEXTS": "{}"}}
MARKERS = {"_", "N_"}
# Display names that app/ hands to the window, which shows them through `_(value)`: the values of
# these tables join the catalogue (app/ has no Qt, so it cannot mark them itself).
APP_TABLES = {"app.metering.runtime.vocabulary": ("EVENT_NAMES", "BRANCH_NAMES", "PURCHASE_KINDS", "BRANCH_MARK_NAMES"),
              "app.metering.alarms": ("KINDS",), "app.counter.settlement_policy": ("POLICIES",),
              "app.campus.setup_progress": ("STEP_TITLES",)}


Key = tuple[str, str]   # (source, disambiguation comment or "")


@dataclass
class Message:
    source: str
    comment: str = ""
    translation: str = ""
    locations: list[tuple[str, int]] = field(default_factory=list)
    vanished: bool = False


def source_files(root: Path = ROOT) -> list[Path]:
    files = sorted((root / "ui").rglob("*.py"))
    if (root / "main.py").exists():
        files.append(root / "main.py")
    return files


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def strings_in(path: Path) -> list[tuple[Key, int]]:
    """Every `_("literal")` / `N_("literal")` in one file as ((source, comment), line), in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
                and node.args and _literal(node.args[0]) is not None):
            comment = _literal(node.args[1]) if len(node.args) > 1 else None
            found.append(((node.args[0].value, comment or ""), node.lineno))
    return sorted(found, key=lambda item: item[1])


def scan(root: Path = ROOT) -> dict[Key, list[tuple[str, int]]]:
    """(source, comment) -> where it occurs (path relative to the .ts file, line); first occurrence first."""
    out: dict[str, list[tuple[str, int]]] = {}
    for path in source_files(root):
        rel = Path("../..") / path.relative_to(root)
        for key, line in strings_in(path):
            out.setdefault(key, []).append((rel.as_posix(), line))
    for key, location in app_table_strings(root):
        out.setdefault(key, []).append(location)
    return out


def app_table_strings(root: Path = ROOT) -> list[tuple[Key, tuple[str, int]]]:
    """The values of APP_TABLES, located at the line of their table."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    found = []
    for module_name, tables in APP_TABLES.items():
        module = importlib.import_module(module_name)
        path = Path(module.__file__).resolve()
        source = path.read_text(encoding="utf-8").splitlines()
        rel = (Path("../..") / path.relative_to(root)).as_posix()
        for table in tables:
            line = next((n for n, text in enumerate(source, 1) if text.startswith(f"{table} =")), 0)
            for value in getattr(module, table).values():
                found.append(((value, ""), (rel, line)))
    return found


def _template(node: ast.AST) -> str | None:
    """A string literal as it is, an f-string with `{0}`, `{1}`, ... for its expressions (in order), a
    `"...{name}...".format(...)` with its fields numbered; None for anything else."""
    if _literal(node) is not None:
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts, n = [], 0
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                parts.append(f"{{{n}}}")
                n += 1
            else:
                parts.append(str(value.value))
        return "".join(parts)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and _literal(node.func.value) is not None):
        return numbered(node.func.value.value)
    return None


def numbered(text: str) -> str:
    """`str.format` fields renumbered in order: "branch {b} of {room}" -> "branch {0} of {1}"."""
    parts, n = [], 0
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            parts.append(f"{{{n}}}")
            n += 1
    return "".join(parts)


def is_message(template: str) -> bool:
    """A template worth translating: some words outside its placeholders."""
    return re.search(r"[A-Za-z]{2}", re.sub(r"{\d+}", "", template)) is not None


def error_classes(root: Path = ROOT) -> set[str]:
    names = {"RowError"}
    for rel in ERROR_MODULES:
        path = root / rel
        if path.exists():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names.update(node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    return names


# Where app/ keeps an import row's messages: `plan.errors.append(...)`, `plan.warnings.append(...)`,
# `failed[row.id] = ...`.
ROW_MESSAGE_LISTS = ("errors", "warnings", "failed")
# A batch operation's per-room lines (app.batch.operations): PlanLine(room, code, status, reason, ...,
# action=, note=) and RoomResult(room, code, status, reason, ...).
ROOM_LINES = ("PlanLine", "RoomResult")


def _named(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def templates_in(path: Path, classes: set[str]) -> list[tuple[str, int]]:
    """The message templates of one app/ file as (template, line), in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
                and _named(node.targets[0].value) in ROW_MESSAGE_LISTS):
            text = _template(node.value)          # failed[row.id] = "why": an import row's reason
            if text is not None and is_message(text) and " " in text:
                found.append((text, node.value.lineno))
            continue
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        candidates: list[ast.AST] = [kw.value for kw in node.keywords if kw.arg == "message"]
        if name in ROOM_LINES:           # a batch operation's line for one room: what happens, or why not
            candidates += [kw.value for kw in node.keywords if kw.arg in ("action", "note", "reason")]
            candidates += node.args[3:]
        if name in classes or name.endswith(ERROR_SUFFIXES):
            candidates += node.args
        elif (name == "append" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
              and node.func.value.id == "findings" and node.args and isinstance(node.args[0], ast.Tuple)):
            candidates += node.args[0].elts
        elif (name == "append" and isinstance(node.func, ast.Attribute)
              and _named(node.func.value) in ROW_MESSAGE_LISTS and node.args):
            candidates += node.args[:1]          # plan.errors.append("why"): an import row's message
        expanded: list[ast.AST] = []
        while candidates:                # `a if c else b` and `{k: "…"}[key]`: each text it may be
            arg = candidates.pop(0)
            if isinstance(arg, ast.IfExp):
                candidates += [arg.body, arg.orelse]
            elif isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Dict):
                candidates += arg.value.values
            else:
                expanded.append(arg)
        for arg in expanded:
            text = _template(arg)
            if text is not None and is_message(text) and " " in text:   # a sentence, not a code
                found.append((text, arg.lineno))
    return sorted(found, key=lambda item: item[1])


def app_message_tables(root: Path = ROOT) -> list[tuple[str, tuple[str, int]]]:
    """The texts of APP_MESSAGE_TABLES as templates, located at the line of their table."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    found = []
    for module_name, tables in APP_MESSAGE_TABLES.items():
        module = importlib.import_module(module_name)
        path = Path(module.__file__).resolve()
        source = path.read_text(encoding="utf-8").splitlines()
        rel = (Path("../..") / path.relative_to(root)).as_posix()
        for table, shape in tables.items():
            line = next((n for n, text in enumerate(source, 1) if text.startswith(f"{table} =")), 0)
            rows = getattr(module, table)
            rows = [rows] if hasattr(rows, "message") else rows     # a single AlarmRule
            for row in rows.values() if isinstance(rows, dict) else rows:
                text = row[-1] if isinstance(row, tuple) else row
                text = getattr(text, "message", text)          # an AlarmRule
                found.append((shape.format(numbered(text)), (rel, line)))
    return found


def scan_messages(root: Path = ROOT) -> dict[Key, list[tuple[str, int]]]:
    """Message template -> where it occurs, for context MESSAGE_CONTEXT (the comment is always "")."""
    classes = error_classes(root)
    out: dict[Key, list[tuple[str, int]]] = {}
    for folder in MESSAGE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            rel = (Path("../..") / path.relative_to(root)).as_posix()
            for text, line in templates_in(path, classes):
                out.setdefault((text, ""), []).append((rel, line))
    for text, location in app_message_tables(root):
        out.setdefault((text, ""), []).append(location)
    return out


def write_messages_json(found: dict[Key, list[tuple[str, int]]], path: Path = MESSAGES_JSON) -> None:
    """The templates tr_message matches against, sorted; one per line for readable diffs."""
    templates = sorted(key[0] for key in found)
    path.write_text("[\n" + ",\n".join(json.dumps(t, ensure_ascii=False) for t in templates) + "\n]\n",
                    encoding="utf-8")


def read_ts(path: Path = TS_FILE, context: str = CONTEXT) -> dict[Key, str]:
    """(source, comment) -> translation of every message of `context` in an existing catalogue (empty
    when missing)."""
    if not path.exists():
        return {}
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        if (ctx.findtext("name") or "") != context:
            continue
        for msg in ctx.iter("message"):
            out[(msg.findtext("source") or "", msg.findtext("comment") or "")] = msg.findtext("translation") or ""
    return out


def merge(found: dict[Key, list[tuple[str, int]]], known: dict[Key, str], *, drop_vanished: bool) -> list[Message]:
    messages = [Message(key[0], key[1], known.get(key, ""), locs) for key, locs in found.items()]
    if not drop_vanished:
        messages += [Message(key[0], key[1], tr, [], True) for key, tr in known.items() if key not in found and tr]
    return messages


def json_key(key: Key) -> str:
    return f"{key[1]}\u0004{key[0]}" if key[1] else key[0]


def from_json_key(text: str) -> Key:
    comment, sep, source = text.partition("\u0004")
    return (source, comment) if sep else (text, "")


def write_ts(messages: list[Message], path: Path = TS_FILE, app_messages: list[Message] | None = None) -> None:
    """Write context "DormWatt" with `messages` and, when given, "DormWattMessages" with `app_messages`."""
    ts = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    _write_context(ts, CONTEXT, messages)
    if app_messages is not None:
        _write_context(ts, MESSAGE_CONTEXT, app_messages)
    ET.indent(ts, space="    ")
    body = ET.tostring(ts, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def _write_context(ts: ET.Element, name: str, messages: list[Message]) -> None:
    ctx = ET.SubElement(ts, "context")
    ET.SubElement(ctx, "name").text = name
    for m in messages:
        msg = ET.SubElement(ctx, "message")
        for filename, line in m.locations:
            ET.SubElement(msg, "location", filename=filename, line=str(line))
        ET.SubElement(msg, "source").text = m.source
        if m.comment:
            ET.SubElement(msg, "comment").text = m.comment
        tr = ET.SubElement(msg, "translation")
        tr.text = m.translation
        if m.vanished:
            tr.set("type", "vanished")
        elif not m.translation:
            tr.set("type", "unfinished")


def lrelease() -> str:
    """The pyside6-lrelease next to this interpreter, else the one on PATH."""
    local = Path(sys.executable).with_name("pyside6-lrelease")
    return str(local) if local.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


def release(ts: Path = TS_FILE, qm: Path = QM_FILE) -> None:
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unfinished", action="store_true", help="print untranslated sources as JSON")
    parser.add_argument("--merge", type=Path, help="JSON object of source -> translation to take in")
    parser.add_argument("--drop-vanished", action="store_true", help="forget strings no longer in the source")
    parser.add_argument("--release", action="store_true", help="also compile the .qm")
    parser.add_argument("--messages", action="store_true",
                        help=f"--unfinished / --merge on context {MESSAGE_CONTEXT} (the app's own messages)")
    args = parser.parse_args(argv)

    found, found_msgs = scan(), scan_messages()
    known, known_msgs = read_ts(), read_ts(context=MESSAGE_CONTEXT)
    if args.merge:
        taken = json.loads(args.merge.read_text(encoding="utf-8"))
        (known_msgs if args.messages else known).update({from_json_key(k): v for k, v in taken.items() if v})
    messages = merge(found, known, drop_vanished=args.drop_vanished)
    app_messages = merge(found_msgs, known_msgs, drop_vanished=args.drop_vanished)
    if args.unfinished:
        todo_list = app_messages if args.messages else messages
        print(json.dumps({json_key((m.source, m.comment)): "" for m in todo_list if not m.translation and not m.vanished},
                         ensure_ascii=False, indent=1))
        return 0
    write_ts(messages, app_messages=app_messages)
    write_messages_json(found_msgs)
    if args.release:
        release()
    todo = sum(1 for m in messages + app_messages if not m.translation and not m.vanished)
    print(f"{len(found)} strings, {len(found_msgs)} app messages, {todo} without a translation -> {TS_FILE.name}",
          file=sys.stderr)
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
