"""The office's reports as .xlsx workbooks: a sheet per section, a bold frozen header, column widths,
number formats, dates as dates and a bold totals row.

A caller may rely on:
- money columns take integer fen and are written as the exact yuan figure (`Decimal(fen) / 100`,
  never a float computed from fen) shown as ¥ #,##0.00; energy columns take 0.01 kWh and show kWh
  with two decimals; percentages take a fraction (0.953) and show 95.3 %; dates are Excel dates and
  aware times are written as campus (Asia/Shanghai) wall time;
- text is always text: a name or memo starting with "=" is stored as a string, never a formula,
  and characters an .xlsx cannot hold are dropped;
- the file is replaced atomically (written beside it, then renamed): a crash leaves the old file or
  the new one; a folder that cannot be written raises InvalidInput naming the file;
- rows are streamed (openpyxl write-only, or XlsxWriter's constant-memory mode), so a 10,000-room
  report does not hold a workbook of cell objects in memory.

Engines: "xlsxwriter" (the default) and "openpyxl" (asked for, or when XlsxWriter is missing). Both
write the same cells and formats. XlsxWriter is the default because the month's report for 10,000
rooms takes about 2.1 s of CPU with it and 4.8 s with openpyxl's write-only mode (which serialises
through pure-Python et_xmlfile here, lxml not being installed): bench/report_month.py measures both.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from os import PathLike
from pathlib import Path

from app import clock
from app.access import Actor, require
from app.counter.money import Money
from app.errors import InvalidInput
from app.reports import data
from db.engine import Store

KINDS = ("text", "int", "money", "kwh", "percent", "date", "datetime", "decimal")
FORMATS = {
    "int": "#,##0",
    "money": '"¥"#,##0.00',
    "kwh": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "decimal": "#,##0.00",
}
ENGINES = ("xlsxwriter", "openpyxl")
MAX_SHEET_TITLE = 31
WIDTH_SAMPLE = 300          # rows looked at to size the columns (rows are streamed, widths come first)
MAX_WIDTH = 60
TOTAL = "合计 Total"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: int | None = None      # characters; None: sized from the header and the first rows

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"a column kind is one of {KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class Section:
    """One sheet: `rows` hold values as the data layer gives them (fen for money, 0.01 kWh for
    energy, fractions for percentages); `totals` is one more row, written bold, or None."""

    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[object]]
    totals: Sequence[object] | None = None


# ----- cell values ------------------------------------------------------------------------------

try:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
except ImportError:  # pragma: no cover
    import re
    ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _int(value: object, what: str) -> int:
    if type(value) is not int:
        raise TypeError(f"a {what} cell takes an int, not {type(value).__name__}")
    return value


def cell_value(kind: str, value: object, *, label_ok: bool = False) -> object:
    """The value written for `value` in a column of `kind` (None stays empty). `label_ok`: a totals
    row, where any column may hold a text label ("合计 Total" under the dates)."""
    if value is None:
        return None
    if label_ok and isinstance(value, str):
        kind = "text"
    if kind == "money":
        return Decimal(_int(value, "money")).scaleb(-2)
    if kind == "kwh":
        return Decimal(_int(value, "kWh")).scaleb(-2)
    if kind in ("int", "percent", "decimal"):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise TypeError(f"a {kind} cell takes a number, not {type(value).__name__}")
        return value
    if kind == "datetime":
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise TypeError("a datetime cell takes an aware datetime")
        return clock.local(value).replace(tzinfo=None)
    if kind == "date":
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError("a date cell takes a date")
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text


def display(kind: str, value: object, *, label_ok: bool = False) -> str:
    """A cell as people read it on the screen and on paper: ¥1,234.50, 1,234.56 (kWh), 95.3 %,
    2026-11-16, 2026-11-16 08:30 (campus time), 1,234; None is empty; text is itself. `label_ok` as
    in `cell_value` (a totals row's label)."""
    if value is None:
        return ""
    if isinstance(value, str) and (kind == "text" or label_ok or value == ""):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if kind == "money":
        return Money(_int(value, "money")).display()
    if kind == "kwh":
        return f"{Decimal(_int(value, 'kWh')).scaleb(-2):,.2f}"
    if kind == "percent":
        return f"{float(value) * 100:.1f} %"
    if kind == "datetime":
        return clock.local(value).strftime("%Y-%m-%d %H:%M")
    if kind == "date":
        return value.isoformat()
    if kind == "int":
        return f"{int(value):,}"
    if kind == "decimal":
        return f"{Decimal(str(value)):,.2f}"
    return str(value)


def _text_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}") + 2
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return 8
    s = str(value)
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in s)


def _widths(section: Section) -> list[int]:
    out = []
    for i, col in enumerate(section.columns):
        if col.width is not None:
            out.append(col.width)
            continue
        w = _text_width(col.header)
        for row in section.rows[:WIDTH_SAMPLE]:
            if i < len(row):
                w = max(w, _text_width(cell_value(col.kind, row[i])))
        if section.totals is not None and i < len(section.totals):
            w = max(w, _text_width(cell_value(col.kind, section.totals[i], label_ok=True)))
        out.append(min(MAX_WIDTH, max(8, w + 2)))
    return out


def _sheet_titles(sections: Sequence[Section]) -> list[str]:
    used: set[str] = set()
    out = []
    for sec in sections:
        base = "".join(ch for ch in sec.title if ch not in "[]:*?/\\").strip()[:MAX_SHEET_TITLE] or "Sheet"
        title, n = base, 2
        while title.lower() in used:
            suffix = f" ({n})"
            title = base[:MAX_SHEET_TITLE - len(suffix)] + suffix
            n += 1
        used.add(title.lower())
        out.append(title)
    return out


# ----- writers ----------------------------------------------------------------------------------


def _write_openpyxl(target: str, sections: Sequence[Section]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    count = 0
    for sec, title in zip(sections, _sheet_titles(sections), strict=True):
        ws = wb.create_sheet(title)
        for i, w in enumerate(_widths(sec), 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        # one styled cell per column and weight; new cells copy its style (much cheaper than styling each)
        protos = []
        for bold in (False, True):
            row = []
            for col in sec.columns:
                c = WriteOnlyCell(ws)
                if col.kind in FORMATS:
                    c.number_format = FORMATS[col.kind]
                if bold:
                    c.font = Font(bold=True)
                row.append(c if (bold or col.kind in FORMATS) else None)
            protos.append(row)
        header = []
        for col in sec.columns:
            c = WriteOnlyCell(ws, value=cell_value("text", col.header))
            c.font = Font(bold=True)
            header.append(c)
        ws.append(header)
        kinds = [col.kind for col in sec.columns]

        def cells(values: Sequence[object], proto: list, totals: bool = False, kinds=kinds, ws=ws) -> list:
            out = []
            for kind, p, v in zip(kinds, proto, values, strict=False):
                v = cell_value(kind, v, label_ok=totals)
                if isinstance(v, str):
                    kind = "text"
                if p is None and not (kind == "text" and isinstance(v, str) and v.startswith("=")):
                    out.append(v)
                    continue
                c = WriteOnlyCell(ws, value=v)
                if kind == "text" and isinstance(v, str):
                    c.data_type = "s"           # "=…" stays text
                if p is not None:
                    c._style = copy(p._style)
                out.append(c)
            return out

        for values in sec.rows:
            ws.append(cells(values, protos[0]))
            count += 1
        if sec.totals is not None:
            ws.append(cells(sec.totals, protos[1], True))
    if not sections:
        wb.create_sheet("Sheet")
    wb.save(target)
    return count


def _write_xlsxwriter(target: str, sections: Sequence[Section]) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False, "strings_to_numbers": False})
    count = 0
    plain = {k: wb.add_format({"num_format": f}) for k, f in FORMATS.items()}
    bold = {k: wb.add_format({"num_format": f, "bold": True}) for k, f in FORMATS.items()}
    bold_text = wb.add_format({"bold": True})
    try:
        for sec, title in zip(sections, _sheet_titles(sections), strict=True):
            ws = wb.add_worksheet(title)
            for i, w in enumerate(_widths(sec)):
                ws.set_column(i, i, w)
            ws.freeze_panes(1, 0)
            for i, col in enumerate(sec.columns):
                ws.write_string(0, i, cell_value("text", col.header), bold_text)
            writers = [_xlsxwriter_cell(ws, col.kind, plain.get(col.kind)) for col in sec.columns]
            r = 1
            for values in sec.rows:
                for i, (write, v) in enumerate(zip(writers, values, strict=False)):
                    if v is not None:
                        write(r, i, v)
                    elif sec.columns[i].kind in plain:
                        ws.write_blank(r, i, None, plain[sec.columns[i].kind])
                r += 1
                count += 1
            if sec.totals is not None:
                for i, (kind, v) in enumerate(zip([c.kind for c in sec.columns], sec.totals, strict=False)):
                    v = cell_value(kind, v, label_ok=True)
                    fmt = bold.get(kind, bold_text)
                    if v is None:
                        ws.write_blank(r, i, None, fmt)
                    elif isinstance(v, str):
                        ws.write_string(r, i, v, bold_text)
                    elif isinstance(v, datetime):
                        ws.write_datetime(r, i, v, fmt)
                    elif isinstance(v, date):
                        ws.write_datetime(r, i, datetime(v.year, v.month, v.day), fmt)
                    else:
                        ws.write_number(r, i, v, fmt)
        if not sections:
            wb.add_worksheet("Sheet")
    finally:
        wb.close()
    return count


def _xlsxwriter_cell(ws, kind: str, fmt):
    """The function writing one (non-empty) value of a `kind` column: the hot path of a big report,
    so each kind's conversion is spelled out once here (the same values as `cell_value`)."""
    number, string, when = ws.write_number, ws.write_string, ws.write_datetime
    if kind in ("money", "kwh"):
        what = "money" if kind == "money" else "kWh"

        def put(r: int, c: int, v: object) -> None:
            # Excel keeps a double: fen / 100 is the double nearest the exact yuan figure (Python's
            # int division rounds once), the same double float(Decimal(fen) / 100) gives.
            number(r, c, _int(v, what) / 100, fmt)
    elif kind in ("int", "percent", "decimal"):
        def put(r: int, c: int, v: object) -> None:
            number(r, c, cell_value(kind, v), fmt)
    elif kind == "date":
        def put(r: int, c: int, v: object) -> None:
            d = cell_value("date", v)
            when(r, c, datetime(d.year, d.month, d.day), fmt)
    elif kind == "datetime":
        def put(r: int, c: int, v: object) -> None:
            when(r, c, cell_value("datetime", v), fmt)
    else:
        def put(r: int, c: int, v: object) -> None:
            string(r, c, v if type(v) is str and v.isprintable() else cell_value("text", v))
    return put


def available_engines() -> tuple[str, ...]:
    """The engines that can write here, the default first: "xlsxwriter" (a dependency; missing only
    from an installation that predates it), then "openpyxl"."""
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return ("openpyxl",)
    return ENGINES


def write_report(path: str | PathLike[str], sections: Iterable[Section], *, engine: str | None = None) -> int:
    """Write `sections` to `path` (".xlsx" added when missing), one sheet each, replacing the file
    atomically; returns the number of data rows written (headers and totals not counted)."""
    engine = engine or available_engines()[0]
    if engine not in available_engines():
        raise InvalidInput(f"The spreadsheet writer “{engine}” is not installed here.")
    sections = list(sections)
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dormwatt-", suffix=".xlsx", dir=target.parent)
    except OSError as exc:
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    os.close(fd)
    try:
        count = (_write_openpyxl if engine == "openpyxl" else _write_xlsxwriter)(tmp, sections)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


# ----- the reports as sections ------------------------------------------------------------------

_TAKINGS_COLUMNS = (Column("笔数 Recharges", "int"), Column("充值 Recharged", "money"),
                    Column("退款笔数 Refunds", "int"), Column("退款 Refunded", "money"),
                    Column("冲正笔数 Reversals", "int"), Column("冲正 Reversed", "money"),
                    Column("净额 Net", "money"))


def _takings_values(line: data.TakingsLine) -> list[object]:
    return [line.recharges, line.recharge_fen, line.refunds, line.refund_fen, line.reversals, line.reversal_fen,
            line.net_fen]


def takings_sections(t: data.Takings, *, parts: Sequence[str] = ("day", "month", "method", "operator")
                     ) -> list[Section]:
    """Takings by day (dates), by month, by payment method and by operator, each with its total."""
    total = [TOTAL, *_takings_values(t.total)]
    out = []
    for part in parts:
        if part == "day":
            out.append(Section("按日收款 Takings by day", (Column("日期 Date", "date"), *_TAKINGS_COLUMNS),
                               [[date.fromisoformat(x.key), *_takings_values(x)] for x in t.by_day], total))
        elif part == "month":
            out.append(Section("按月收款 Takings by month", (Column("月份 Month"), *_TAKINGS_COLUMNS),
                               [[x.key, *_takings_values(x)] for x in t.by_month], total))
        elif part == "method":
            out.append(Section("按方式收款 By method", (Column("支付方式 Method"), *_TAKINGS_COLUMNS),
                               [[x.label, *_takings_values(x)] for x in t.by_method], total))
        elif part == "operator":
            out.append(Section("按操作员收款 By operator", (Column("操作员 Operator"), *_TAKINGS_COLUMNS),
                               [[x.label, *_takings_values(x)] for x in t.by_operator], total))
        else:
            raise ValueError(f"unknown takings part {part!r}")
    return out


_USE_COLUMNS = (Column("电量 kWh", "kwh"), Column("水量(升) Water (L)", "int"), Column("电费 Electricity", "money"),
                Column("水费 Water", "money"), Column("合计金额 Charged", "money"))


def consumption_sections(c: data.Consumption) -> list[Section]:
    """Consumption by building and by room, each ranked (rank 1 the heaviest)."""
    t = c.total
    use_total = [t.electricity_cwh, t.water_l, t.electricity_fen, t.water_fen, t.money_fen]
    buildings = Section("按楼栋用量 By building",
                        (Column("排名 Rank", "int"), Column("楼栋 Building"), Column("名称 Name"),
                         Column("房间数 Rooms", "int"), *_USE_COLUMNS),
                        [[b.rank, b.code, b.name, b.rooms, b.electricity_cwh, b.water_l, b.electricity_fen, b.water_fen,
                          b.money_fen] for b in c.by_building],
                        ["", TOTAL, "", t.rooms, *use_total])
    rooms = Section("按房间用量 By room",
                    (Column("排名 Rank", "int"), Column("房间 Room"), Column("楼层 Floor", "int"), *_USE_COLUMNS),
                    [[u.rank, u.code, u.floor, u.electricity_cwh, u.water_l, u.electricity_fen, u.water_fen,
                      u.money_fen] for u in c.by_room],
                    ["", TOTAL, None, *use_total])
    return [buildings, rooms]


def daily_section(points: Sequence[data.DailyPoint]) -> Section:
    return Section("每日用量 Daily use", (Column("日期 Date", "date"), Column("电量 kWh", "kwh"),
                                          Column("水量(升) Water (L)", "int"), Column("扣费 Charged", "money")),
                   [[p.day, p.electricity_cwh, p.water_l, p.consumption_fen] for p in points],
                   [TOTAL, sum(p.electricity_cwh for p in points), sum(p.water_l for p in points),
                    sum(p.consumption_fen for p in points)])


def arrears_sections(a: data.Arrears) -> list[Section]:
    rows = Section("欠费明细 Arrears",
                   (Column("房间 Room"), Column("类别 Utility"), Column("余额 Balance", "money"),
                    Column("欠费起始 Since", "date"), Column("天数 Days", "int"), Column("账龄 Age"),
                    Column("住户 Occupants")),
                   [[r.code, r.utility, r.balance_fen, r.since, r.age_days, r.bucket, r.occupants] for r in a.rows],
                   [TOTAL, "", -a.owed_fen, None, None, "", ""])
    buckets = Section("账龄 Ageing", (Column("账龄(天) Age (days)"), Column("户数 Accounts", "int"),
                                      Column("欠费 Owed", "money")),
                      [[b.label, b.accounts, b.owed_fen] for b in a.buckets], [TOTAL, a.accounts, a.owed_fen])
    return [rows, buckets]


def subsidy_sections(r: data.SubsidyReport) -> list[Section]:
    money = Section("补贴 Subsidies", (Column("楼栋 Building"), Column("名称 Name"), Column("房间数 Rooms", "int"),
                                       Column("发放 Granted", "money"), Column("收回 Withdrawn", "money"),
                                       Column("净额 Net", "money")),
                    [[x.building_code, x.building_name, x.rooms, x.granted_fen, x.withdrawn_fen, x.net_fen]
                     for x in r.by_building],
                    [TOTAL, "", r.total.rooms, r.total.granted_fen, r.total.withdrawn_fen, r.total.net_fen])
    quota = Section("免费额度 Free quota", (Column("期间 Period"), Column("类别 Utility"), Column("规则 Rule", "int"),
                                            Column("房间数 Rooms", "int"), Column("发放 Granted", "int"),
                                            Column("已用 Used", "int"), Column("剩余 Left", "int"),
                                            Column("使用率 Use", "percent"), Column("已到期 Expired", "int")),
                    [[q.period_key, q.utility, q.rule_id, q.rooms, q.granted, q.used, q.left, q.use_rate,
                      q.expired_rooms] for q in r.quota])
    return [money, quota]


def line_sections(r: data.LineReport) -> list[Section]:
    def values(x: data.LineHealth) -> list[object]:
        return [x.meters, x.online, x.online_rate, x.last_seen_at, x.readings, x.meter_days, x.days_read,
                x.read_rate, x.expected_readings, x.reading_rate]

    t = r.total
    return [Section("线路 Meter lines", (Column("线路 Line"), Column("端口 Port"), Column("电表水表 Meters", "int"),
                                         Column("在线 Online", "int"), Column("在线率 Online rate", "percent"),
                                         Column("最后应答 Last seen", "datetime"), Column("抄读数 Readings", "int"),
                                         Column("在役表日 Meter-days", "int"), Column("有读数表日 Days read", "int"),
                                         Column("抄读成功率 Read rate", "percent"),
                                         Column("应抄读数 Expected", "int"), Column("抄读率 Readings/expected", "percent")),
                    [[x.name, x.port, *values(x)] for x in r.lines], [t.name, "", *values(t)])]


def alarm_sections(r: data.AlarmReport, loads: data.LoadReport | None = None) -> list[Section]:
    out = [Section("告警 Alarms", (Column("类别 Kind"), Column("说明 Alarm"), Column("发生 Raised", "int"),
                                   Column("已确认 Acknowledged", "int"), Column("未确认 Open", "int"),
                                   Column("房间数 Rooms", "int")),
                   [[x.kind, x.label, x.raised, x.acknowledged, x.still_open, x.rooms] for x in r.by_kind],
                   [TOTAL, "", r.total.raised, r.total.acknowledged, r.total.still_open, r.total.rooms])]
    if loads is not None:
        cols = (Column("电表跳闸 Meter trips", "int"), Column("主机断开 Host opened", "int"),
                Column("可疑 Suspect", "int"), Column("已解除 Released", "int"), Column("阻止 Stopped", "int"))

        def tally(t) -> list[object]:
            return [t.meter_trips, t.host_opened, t.suspects, t.released, t.stopped]

        total = [TOTAL, *tally(loads.totals)]
        out.append(Section("违规电器按楼 Loads by building", (Column("楼栋 Building"), *cols),
                           [[t.key, *tally(t)] for t in loads.by_building], total))
        out.append(Section("违规电器按类 Loads by appliance", (Column("电器 Appliance"), *cols),
                           [[t.key, *tally(t)] for t in loads.by_appliance], total))
        out.append(Section("屡犯房间 Repeat offenders", (Column("房间 Room"), Column("次数 Events", "int"),
                                                         Column("首次 First", "datetime"), Column("最近 Last", "datetime"),
                                                         Column("电器 Appliances")),
                           [[o.room, o.events, o.first, o.last, ", ".join(o.appliances)] for o in loads.offenders]))
    return out


def finding_sections(r: data.FindingReport) -> list[Section]:
    return [Section("对账差异 Reconciliation", (Column("编号 No.", "int"), Column("发现 Found", "datetime"),
                                                Column("类别 Kind"), Column("房间 Room"), Column("类别 Utility"),
                                                Column("电表 Meter", "int"), Column("主机值 Host", "int"),
                                                Column("表计值 Meter value", "int"), Column("差额 Difference", "int"),
                                                Column("处理 Resolved", "datetime"), Column("备注 Note")),
                    [[x.id, x.found_at, x.kind, x.room_code, x.utility, x.meter_id, x.host_value, x.meter_value,
                      x.difference, x.resolved_at, x.note] for x in r.rows],
                    [TOTAL, None, f"{r.found} / 未处理 open {r.still_open}", "", "", None, None, None, None, None, ""])]


# ----- the month's report -----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthReport:
    path: Path
    year: int
    month: int
    rows: int                       # data rows written, all sheets
    sheets: tuple[str, ...]
    takings: data.Takings
    consumption: data.Consumption


def month_report(store: Store, actor: Actor, year: int, month: int, path: str | PathLike[str], *,
                 engine: str | None = None) -> MonthReport:
    """The month's takings (by day, by method, by operator) and consumption (by building, by room
    with its rank) in one workbook at `path`."""
    require(actor, data.PERMISSION)
    first, last = data.month_bounds(year, month)
    t = data.takings(store, actor, first, last)
    c = data.consumption(store, actor, first, last)
    sections = takings_sections(t, parts=("day", "method", "operator")) + consumption_sections(c)
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    rows = write_report(target, sections, engine=engine)
    return MonthReport(target, year, month, rows, tuple(_sheet_titles(sections)), t, c)
