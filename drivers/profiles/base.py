"""Register profiles as data: the types every profile table is made of.

A :class:`Profile` is the whole register map of one meter model: every register with its name,
address, type, scale, unit, access, write protection, broadcast permission and documented write
range, plus the defined areas (which include reserved registers) and the named blocks a host reads
or writes in one request. Nothing outside ``drivers/profiles`` spells a register address; drivers
and simulators look registers and blocks up by name here.

Values crossing this module are *raw* integers in register units: ``decode`` returns signed
integers for S16/S32 registers and ``encode`` accepts them. 32-bit values are high word first.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

TYPE_WORDS = {"U16": 1, "S16": 1, "U32": 2, "S32": 2}
TYPE_CODES = {"U16": "H", "S16": "h", "U32": "I", "S32": "i"}
"""``struct`` codes of the register types, big-endian (32-bit values are high word first)."""
TYPE_RANGE = {
    "U16": (0, 0xFFFF),
    "S16": (-0x8000, 0x7FFF),
    "U32": (0, 0xFFFF_FFFF),
    "S32": (-0x8000_0000, 0x7FFF_FFFF),
}


@dataclass(frozen=True)
class Register:
    """One register (or 32-bit register pair) of a profile.

    ``lo``/``hi`` are the documented write range in raw units (``None`` = the type's limit);
    ``extra`` lists single values accepted outside that range (e.g. 0xFFFF = "unused").
    """

    name: str
    address: int
    type: str
    scale: str
    unit: str
    access: str
    protected: bool
    broadcast: bool
    lo: int | None = None
    hi: int | None = None
    extra: tuple[int, ...] = ()

    @property
    def words(self) -> int:
        return TYPE_WORDS[self.type]

    @property
    def end(self) -> int:
        """Last address this register occupies (inclusive)."""
        return self.address + self.words - 1

    @property
    def signed(self) -> bool:
        return self.type[0] == "S"

    @property
    def readable(self) -> bool:
        return "R" in self.access

    @property
    def writable(self) -> bool:
        return "W" in self.access

    def accepts(self, raw: int) -> bool:
        """True when ``raw`` (signed for S types) is inside the documented write range."""
        if raw in self.extra:
            return True
        tlo, thi = TYPE_RANGE[self.type]
        lo = tlo if self.lo is None else self.lo
        hi = thi if self.hi is None else self.hi
        return lo <= raw <= hi

    def to_words(self, raw: int) -> list[int]:
        """Encode a raw value into this register's words; ValueError outside the type range."""
        tlo, thi = TYPE_RANGE[self.type]
        if not tlo <= raw <= thi:
            raise ValueError(f"{self.name}: {raw} outside {self.type} range")
        raw &= 0xFFFF_FFFF if self.words == 2 else 0xFFFF
        if self.words == 2:
            return [raw >> 16, raw & 0xFFFF]
        return [raw]

    def from_words(self, words: Sequence[int]) -> int:
        """Decode this register's words (high word first) into a raw, possibly signed, value."""
        if self.words == 2:
            raw = ((words[0] & 0xFFFF) << 16) | (words[1] & 0xFFFF)
            if self.signed and raw & 0x8000_0000:
                raw -= 0x1_0000_0000
            return raw
        raw = words[0] & 0xFFFF
        if self.signed and raw & 0x8000:
            raw -= 0x1_0000
        return raw


@dataclass(frozen=True)
class Block:
    """A named contiguous span read or written in one request."""

    name: str
    start: int
    count: int

    @property
    def end(self) -> int:
        """Last address of the span (inclusive)."""
        return self.start + self.count - 1


class SpanLayout:
    """Where the registers lying fully inside one span sit in its bytes, compiled once.

    ``unpack(data, offset)`` decodes the span's ``2 * count`` bytes (big-endian words, as a read
    reply carries them from byte 3) into the raw values of ``names``, in address order, with one
    ``struct`` call; ``index`` maps a name to its position in that tuple. Reserved registers and
    registers only partly inside the span are skipped, as ``Profile.decode`` skips them.
    """

    __slots__ = ("start", "count", "names", "index", "_struct")

    def __init__(self, start: int, count: int, registers: Iterable[Register]) -> None:
        self.start = start
        self.count = count
        end = start + count
        codes: list[str] = []
        names: list[str] = []
        at = start
        for reg in registers:
            if reg.address < start or reg.end >= end:
                continue
            if reg.address > at:
                codes.append(f"{2 * (reg.address - at)}x")
            codes.append(TYPE_CODES[reg.type])
            names.append(reg.name)
            at = reg.end + 1
        if end > at:
            codes.append(f"{2 * (end - at)}x")
        self._struct = struct.Struct(">" + "".join(codes))
        self.names: tuple[str, ...] = tuple(names)
        self.index: dict[str, int] = {n: i for i, n in enumerate(names)}

    def unpack(self, data: bytes, offset: int = 0) -> tuple[int, ...]:
        """Raw values of ``names`` from the span's bytes at ``offset`` of ``data``."""
        return self._struct.unpack_from(data, offset)

    def values(self, data: bytes, offset: int = 0) -> dict[str, int]:
        """``unpack`` as a dict by register name."""
        return dict(zip(self.names, self._struct.unpack_from(data, offset), strict=True))


class Profile:
    """A meter model's register map.

    Callers may rely on: names are unique; registers never overlap; every register lies inside
    one of ``areas``; ``blocks`` spans lie inside defined areas.
    """

    def __init__(
        self,
        name: str,
        model_code: int,
        registers: Iterable[Register],
        areas: Iterable[tuple[int, int]],
        blocks: Mapping[str, Sequence[Block]],
    ) -> None:
        self.name = name
        self.model_code = model_code
        self.registers: tuple[Register, ...] = tuple(sorted(registers, key=lambda r: r.address))
        self.areas: tuple[tuple[int, int], ...] = tuple(sorted(areas))
        self._blocks = {k: tuple(v) for k, v in blocks.items()}
        self._by_name: dict[str, Register] = {}
        # address -> register covering it; a flat dict keeps lookups O(1) for the simulator.
        self._cover: dict[int, Register] = {}
        for reg in self.registers:
            if reg.name in self._by_name:
                raise ValueError(f"duplicate register name {reg.name}")
            self._by_name[reg.name] = reg
            for a in range(reg.address, reg.end + 1):
                if a in self._cover:
                    raise ValueError(f"{reg.name} overlaps {self._cover[a].name} at {a:#06x}")
                if not self._in_areas(a):
                    raise ValueError(f"{reg.name} at {a:#06x} outside defined areas")
                self._cover[a] = reg
        self._defined = frozenset(a for lo, hi in self.areas for a in range(lo, hi + 1))
        self._layouts: dict[tuple[int, int], SpanLayout] = {}
        for blocks_ in self._blocks.values():
            for b in blocks_:
                if not all(a in self._defined for a in range(b.start, b.end + 1)):
                    raise ValueError(f"block {b.name} leaves the defined areas")

    def _in_areas(self, address: int) -> bool:
        return any(lo <= address <= hi for lo, hi in self.areas)

    @property
    def block_names(self) -> tuple[str, ...]:
        return tuple(self._blocks)

    def reg(self, name: str) -> Register:
        """The register called ``name``; KeyError if the profile has none."""
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    def at(self, address: int) -> Register | None:
        """The register starting at or covering ``address`` (None for reserved/undefined)."""
        return self._cover.get(address)

    def block(self, name: str, index: int = 0) -> Block:
        """Block ``name`` (``index`` selects branch, slot, record half or waveform part)."""
        return self._blocks[name][index]

    def block_count(self, name: str) -> int:
        """How many indexed instances block ``name`` has."""
        return len(self._blocks[name])

    def is_defined(self, address: int) -> bool:
        """True inside a defined area (reserved registers included)."""
        return address in self._defined

    def registers_in(self, start: int, count: int) -> list[Register]:
        """Registers that overlap [start, start+count), in address order (partly covered too)."""
        out: list[Register] = []
        a, end = start, start + count
        while a < end:
            reg = self._cover.get(a)
            if reg is None:
                a += 1
                continue
            out.append(reg)
            a = reg.end + 1
        return out

    def layout(self, start: int, count: int) -> SpanLayout:
        """The compiled layout of the span ``[start, start + count)`` (made once, then cached)."""
        key = (start, count)
        layout = self._layouts.get(key)
        if layout is None:
            layout = SpanLayout(start, count, self.registers_in(start, count))
            self._layouts[key] = layout  # a race only builds the same layout twice
        return layout

    def block_layout(self, name: str, index: int = 0) -> SpanLayout:
        """The compiled layout of block ``name`` (see ``block``)."""
        block = self._blocks[name][index]
        return self.layout(block.start, block.count)

    def decode(self, start: int, words: Sequence[int]) -> dict[str, int]:
        """Raw values of every register lying fully inside the span starting at ``start``."""
        data = struct.pack(f">{len(words)}H", *(w & 0xFFFF for w in words))
        return self.layout(start, len(words)).values(data)

    def encode(self, values: Mapping[str, int]) -> tuple[int, list[int]]:
        """Lay named raw values out as one contiguous span: ``(start, words)``.

        Reserved addresses between the named registers are filled with 0. Raises KeyError for an
        unknown name and ValueError when the names leave a gap holding another register or an
        undefined address, or a value does not fit its type.
        """
        if not values:
            raise ValueError("nothing to encode")
        regs = sorted((self._by_name[n] for n in values), key=lambda r: r.address)
        start, end = regs[0].address, regs[-1].end
        words = [0] * (end - start + 1)
        named = {r.name for r in regs}
        for a in range(start, end + 1):
            if not self.is_defined(a):
                raise ValueError(f"span {start:#06x}..{end:#06x} leaves the defined areas at {a:#06x}")
            reg = self._cover.get(a)
            if reg is not None and reg.name not in named:
                raise ValueError(f"span {start:#06x}..{end:#06x} needs a value for {reg.name}")
        for reg in regs:
            off = reg.address - start
            words[off : off + reg.words] = reg.to_words(values[reg.name])
        return start, words

    def __repr__(self) -> str:
        return f"Profile({self.name!r}, {len(self.registers)} registers)"
