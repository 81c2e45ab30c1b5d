"""Update the Chinese catalogue from the source: `python resources/translations/extract.py`.

Scans ui/ (and main.py) with `ast` for `_("…")` and `N_("…")` calls whose first argument is a string
literal (a second literal is Qt's disambiguation, for a word with two meanings, `_("Close", "relay")`,
kept as the message's <comment>), takes the display names of the app tables in APP_TABLES, and
writes dormwatt_zh_CN.ts (Qt Linguist XML, context "DormWatt").
Translations already in the file are kept; new strings get an empty, unfinished translation; strings
no longer in the source are kept as "vanished" (lrelease skips them) unless --drop-vanished is given.

    extract.py                  update the .ts
    extract.py --unfinished     print the sources still without a translation, as JSON
    extract.py --merge F.json   take translations from a JSON object {source: translation}, then update
                                (a disambiguated source is keyed "comment" U+0004 "source")
    extract.py --release        also compile the .ts into dormwatt_zh_CN.qm with pyside6-lrelease
"""
from __future__ import annotations

import argparse
import ast
import importlib
import json
import shutil
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
MARKERS = {"_", "N_"}
# Display names that app/ hands to the window, which shows them through `_(value)`: the values of
# these tables join the catalogue (app/ has no Qt, so it cannot mark them itself).
APP_TABLES = {"app.room_view": ("EVENT_NAMES", "BRANCH_NAMES", "PURCHASE_KINDS")}


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


def read_ts(path: Path = TS_FILE) -> dict[Key, str]:
    """(source, comment) -> translation of every message in an existing catalogue (empty when missing)."""
    if not path.exists():
        return {}
    out = {}
    for msg in ET.parse(path).getroot().iter("message"):
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


def write_ts(messages: list[Message], path: Path = TS_FILE) -> None:
    ts = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    ctx = ET.SubElement(ts, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
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
    ET.indent(ts, space="    ")
    body = ET.tostring(ts, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


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
    args = parser.parse_args(argv)

    found = scan()
    known = read_ts()
    if args.merge:
        taken = json.loads(args.merge.read_text(encoding="utf-8"))
        known.update({from_json_key(k): v for k, v in taken.items() if v})
    messages = merge(found, known, drop_vanished=args.drop_vanished)
    if args.unfinished:
        print(json.dumps({json_key((m.source, m.comment)): "" for m in messages if not m.translation and not m.vanished},
                         ensure_ascii=False, indent=1))
        return 0
    write_ts(messages)
    if args.release:
        release()
    todo = sum(1 for m in messages if not m.translation and not m.vanished)
    print(f"{len(found)} strings, {todo} without a translation -> {TS_FILE.name}", file=sys.stderr)
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
