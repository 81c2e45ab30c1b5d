"""What an import file's columns are called: each column a key, its Chinese and English headers and the
variants offices write ("学号", "Student No.", "student_no", "学号 Student no."), and which are
required. `Spec.match(header)` maps a header row's cells to keys — title rows above it, merged cells,
extra columns, any order, either language — and says which required ones are missing.

The template and the error workbook write `Column.title` ("学号\\nStudent no.") as the header, which
`match` reads back; the error workbook's reason column is ignored on import, so a corrected error
workbook imports as it is.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

REASON_TITLES = ("错误原因\nReason", "错误原因", "reason", "原因")

_DROP = re.compile(r"[\s_\-.·:：*＊()（）\[\]【】/\\]+")


def norm(text: object) -> str:
    """A header cell reduced to what tells columns apart: no case, spaces, punctuation or brackets."""
    return _DROP.sub("", str(text or "")).casefold()


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""                     # what goes in it (the template's note), English

    @property
    def title(self) -> str:
        return f"{self.zh}\n{self.en}"

    def names(self) -> set[str]:
        return {norm(n) for n in (self.key, self.zh, self.en, self.title, *self.aliases)}


@dataclass(frozen=True)
class HeaderMatch:
    columns: dict[int, str]            # cell index -> key
    missing: tuple[Column, ...]        # required columns not found
    unused: tuple[str, ...]            # header cells that are no column of the spec (shown as a warning)
    twice: tuple[str, ...]             # keys found in more than one cell (the first is used)

    @property
    def ok(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[Column, ...]
    _names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for c in self.columns:
            for n in c.names():
                self._names.setdefault(n, c.key)

    def key_of(self, cell: object) -> str | None:
        text = str(cell or "").strip()
        if not text:
            return None
        whole = norm(text)
        if whole in self._names:
            return self._names[whole]
        for part in re.split(r"[\n\r]+|\s{2,}|\s*/\s*|\s*\|\s*", text):        # "学号 / Student no."
            if norm(part) in self._names:
                return self._names[norm(part)]
        # "学号 Student no.": the Chinese words, then the English
        m = re.match(r"^([\u3400-\u9fff（）()]+)\s*(.*)$", text)
        if m:
            for part in m.groups():
                if part and norm(part) in self._names:
                    return self._names[norm(part)]
        return None

    def match(self, header: Sequence[object]) -> HeaderMatch:
        found: dict[int, str] = {}
        seen: set[str] = set()
        unused, twice = [], []
        reasons = {norm(t) for t in REASON_TITLES}
        for i, cell in enumerate(header):
            key = self.key_of(cell)
            if key is None:
                if str(cell or "").strip() and norm(cell) not in reasons:
                    unused.append(str(cell).strip().replace("\n", " "))
                continue
            if key in seen:
                twice.append(key)
                continue
            seen.add(key)
            found[i] = key
        missing = tuple(c for c in self.columns if c.required and c.key not in seen)
        return HeaderMatch(found, missing, tuple(unused), tuple(twice))

    def is_header(self, cells: Sequence[object]) -> bool:
        """A row is the header when it names every required column (what `read_table` looks for)."""
        return self.match(cells).ok

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)
