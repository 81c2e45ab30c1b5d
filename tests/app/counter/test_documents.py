"""Receipts and reports from the store: real PDFs whose text is checked."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app import clock
from app.campus import occupancy
from app.counter import documents, payments, shifts
from app.counter.money import Money
from db.models import Setting
from tests.factories import make_campus


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def sale(store):
    campus = make_campus(store)
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(10000))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("1234.50"),
                         method="wechat", reference="4200009876", payer_id=a, key="big")
    return campus, room, a, r


def test_receipt_pdf_carries_names_and_capital_numerals_and_reprints_say_copy(store, sale):
    campus, room, a, r = sale
    first = _text(documents.receipt_pdf(store, campus.clerk, r.receipt_id))
    for words in ("东华理工大学", "学生M0", "202610000", "B1-101", "壹仟贰佰叁拾肆元伍角整", "1,234.50", "4200009876",
                  "00000001", "王芳"):
        assert words in first, words
    assert "COPY" not in first and "副本" not in first
    again = _text(documents.receipt_pdf(store, campus.clerk, r.receipt_id, paper="A5"))
    assert "COPY" in again and "副本" in again and "壹仟贰佰叁拾肆元伍角整" in again


def test_shift_report_and_day_close_pdfs(store, sale):
    campus, room, a, r = sale
    report = shifts.close_shift(store, campus.clerk, Money(10050))
    text = _text(documents.shift_report_pdf(store, report["shift_id"]))
    assert "1,234.50" in text and "0.50" in text and "王芳" in text
    day = shifts.close_day(store, campus.clerk, clock.today())
    pdf = documents.day_close_pdf(store, day["number"])
    assert "000001" in _text(pdf) and "1,234.50" in _text(pdf)
    assert documents.day_close_pdf(store, day["number"]) == pdf     # a reprint is the same document
