"""Regenerate the shipped holiday tables (cn-<year>.json) from maintained packages.

    .venv/bin/pip install chinese-calendar holidays      # only to run this script; not a dependency
    .venv/bin/python resources/holidays/make_tables.py 2026 2027

For each year the first source that has that year's official arrangement wins:
1. `chinese-calendar` (its tables transcribe the State Council General Office's yearly notice,
   国务院办公厅关于<year>年部分节假日安排的通知): every day off, weekends inside a break included,
   and every swapped working day (调休上班).
2. otherwise `holidays` (`holidays.China(years=year)`): the statutory days of the holiday law and
   their "observed" days, plus any weekend working days it knows. It does not list the weekend days
   inside a break, so each range is widened over the Saturday and Sunday next to it (unless that day
   is a working day). The file says `"provisional": true` when no swapped working day is known, i.e.
   the year's notice is not in the package yet.
Consecutive days with the same holiday name become one range. The files are committed; DormWatt
itself never imports these packages.
"""
from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
         "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节",
         "National Day": "国庆节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}


def _groups(days: dict[date, str]) -> list[tuple[str, date, date]]:
    out: list[tuple[str, date, date]] = []
    for day in sorted(days):
        name = days[day]
        if out and out[-1][0] == name and out[-1][2] + timedelta(days=1) == day:
            out[-1] = (name, out[-1][1], day)
        else:
            out.append((name, day, day))
    return out


def _from_chinese_calendar(year: int) -> tuple[dict[date, str], dict[date, str], str] | None:
    try:
        from chinese_calendar import constants
    except ImportError:
        return None
    off = {d: NAMES.get(n, n) for d, n in constants.holidays.items() if d.year == year}
    work = {d: NAMES.get(n, n) for d, n in constants.workdays.items() if d.year == year}
    if not off:
        return None
    return off, work, f"chinese-calendar {metadata.version('chinese-calendar')}"


def _base_name(name: str) -> str:
    name = name.replace("（补假）", "")
    return "春节" if name == "农历除夕" else name


def _from_holidays(year: int) -> tuple[dict[date, str], dict[date, str], str] | None:
    try:
        import holidays
    except ImportError:
        return None
    cn = holidays.China(years=year, language="zh_CN")
    work_days = {d for d in cn.weekend_workdays if d.year == year}
    off = {d: _base_name(n) for d, n in cn.items()}
    for name, first, last in _groups(off):
        d = first - timedelta(days=1)
        while d.weekday() >= 5 and d not in work_days and d not in off:
            off[d] = name
            d -= timedelta(days=1)
        d = last + timedelta(days=1)
        while d.weekday() >= 5 and d not in work_days and d not in off:
            off[d] = name
            d += timedelta(days=1)
    # the package names a working day only by the holiday it moved to: take the nearest break's name
    work = {d: min(off.items(), key=lambda kv: abs((kv[0] - d).days))[1] for d in work_days}
    return off, work, f"holidays {metadata.version('holidays')}"


def table(year: int) -> dict:
    found = _from_chinese_calendar(year) or _from_holidays(year)
    if found is None:
        raise SystemExit(f"no package has holidays for {year}: pip install chinese-calendar holidays")
    off, work, package = found
    entries = [{"name": n, "first_day": a.isoformat(), "last_day": b.isoformat(), "kind": "off"}
               for n, a, b in _groups(off)]
    entries += [{"name": n, "first_day": d.isoformat(), "last_day": d.isoformat(), "kind": "work"}
                for d, n in sorted(work.items())]
    entries.sort(key=lambda e: (e["first_day"], e["kind"]))
    return {"source": f"cn-{year}", "year": year, "generated_from": package,
            "provisional": not work, "holidays": entries}


def main(years: list[int]) -> None:
    for year in years:
        doc = table(year)
        path = HERE / f"cn-{year}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(doc['holidays'])} entries from {doc['generated_from']}"
              + (" (provisional: no swapped working days known)" if doc["provisional"] else ""))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2026, 2027])
