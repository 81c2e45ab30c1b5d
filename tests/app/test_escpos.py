"""Receipts as raw ESC/POS: the bytes a thermal printer gets (read back by a small interpreter of the
commands used), and the ways they reach it: a network printer (a local socket server playing one,
status answers included), a device file, a FIFO nobody reads, a serial line, a CUPS queue (`lp`)."""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.counter import escpos, raw_print
from app.counter.raw_print import PaperOutError, RawPrintFailed, RawTarget, parse_target
from app.counter.report_data import ReceiptData
from app.errors import InvalidInput
from tests.fake_printers import FakeNetworkPrinter
from tests.waiting import wait_for


def receipt(**changes) -> ReceiptData:
    base = ReceiptData(
        school="华东理工示范大学", number=1234, kind="recharge", utility="electricity",
        building_name="梅园3栋", room_code="301", student_name="欧阳娜娜", student_no="2023001234",
        amount_fen=123450, method_label="微信支付 WeChat Pay", reference="4200001234202503011234567890",
        operator_name="王老师", at=datetime(2025, 3, 1, 6, 5, 33, tzinfo=UTC), balance_after_fen=201075,
        days_left=33)
    return replace(base, **changes)


def gb(text: str) -> bytes:
    return text.encode("gb18030")


# ----- reading the job back as the printer would -------------------------------------------------

@dataclass
class Printed:
    lines: list[tuple[str, int, bool]] = field(default_factory=list)   # (text, width factor, bold)
    inits: int = 0
    chinese: bool = False
    cuts: int = 0
    commands: list[bytes] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line, _w, _b in self.lines)


def interpret(job: bytes) -> Printed:
    """The commands this module uses (ESC @, FS &, ESC a/E/d, GS !/V); anything else fails the test."""
    out, i, line, wide, bold, line_bold = Printed(), 0, bytearray(), 1, False, False
    while i < len(job):
        b = job[i]
        if b == 0x1B:
            cmd = job[i + 1:i + 2]
            if cmd == b"@":
                out.inits += 1
                i += 2
                continue
            assert cmd in (b"a", b"E", b"d"), job[i:i + 3]
            if cmd == b"E":
                bold = job[i + 2] == 1
                line_bold = line_bold or bold
            if cmd == b"d":
                out.lines.extend([("", 1, False)] * job[i + 2])
            out.commands.append(job[i:i + 3])
            i += 3
        elif b == 0x1C:
            assert job[i + 1:i + 2] == b"&"
            out.chinese = True
            i += 2
        elif b == 0x1D:
            cmd = job[i + 1:i + 2]
            assert cmd in (b"!", b"V"), job[i:i + 3]
            if cmd == b"!":
                wide = (job[i + 2] >> 4) + 1
            else:
                out.cuts += 1
            out.commands.append(job[i:i + 3])
            i += 3
        elif b == 0x0A:
            out.lines.append((line.decode("gb18030"), wide, line_bold or bold))
            line, line_bold = bytearray(), False
            i += 1
        else:
            assert b >= 0x20, f"a control byte {b:#x} in the text"
            line.append(b)
            i += 1
    assert not line, "text after the last line feed"
    return out


def columns(text: str) -> int:
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


# ----- the bytes -------------------------------------------------------------------------------

@pytest.mark.parametrize(("paper", "cols"), [("80mm", 48), ("58mm", 32)])
def test_a_receipt_is_chinese_mode_gb18030_text_and_a_cut(paper, cols):
    job = escpos.render_receipt(receipt(), paper)
    assert job.startswith(b"\x1b@\x1c&")                      # initialise, then Chinese characters
    assert job.endswith(b"\x1dV\x01") and b"\x1bd" in job[-8:]  # feed past the cutter, cut
    for text in ("欧阳娜娜 (2023001234)", "华东理工示范大学", "收款收据", "梅园3栋 301", "壹仟贰佰叁拾肆元伍角整",
                 "￥1,234.50", "￥2,010.75", "王老师", "2025-03-01 14:05:33", "00001234", "33 天 days"):
        assert gb(text) in job, text
    assert b"\xa3\xa4" + b"1,234.50" in job                  # ￥ is A3 A4 in GB2312/GB18030
    assert gb("¥") not in job                                  # never U+00A5's four-byte code
    printed = interpret(job)
    assert printed.inits == 1 and printed.chinese and printed.cuts == 1
    for text, wide, _bold in printed.lines:
        assert columns(text) * wide <= cols, (text, wide)        # nothing runs past the roll
    flat = printed.text.replace("\n", "").replace(" ", "")
    assert "欧阳娜娜(2023001234)" in flat and "4200001234202503011234567890" in flat
    title = next(line for line in printed.lines if line[0] == "收款收据")
    assert title[1] == 2 and title[2]                          # double size and bold
    assert "培训" not in printed.text and "副本" not in printed.text


def test_58mm_puts_long_values_under_their_label_and_wraps_them():
    long_name = "阿卜杜热合曼·买买提艾力·艾克拜尔"
    printed = interpret(escpos.render_receipt(receipt(student_name=long_name), "58mm"))
    lines = [text for text, _w, _b in printed.lines]
    at = lines.index("学生 Student")
    assert lines[at + 1].startswith("  阿卜杜热合曼")
    assert long_name + " (2023001234)" in "".join(line.strip() for line in lines[at + 1:at + 3])
    assert max(columns(line) for line in lines) == 32


def test_training_receipts_say_so_at_the_top_and_the_foot():
    job = escpos.render_receipt(receipt(training=True), "58mm")
    assert gb("培训 TRAINING") in job and gb("非正式收据") in job and b"not a real receipt" in job
    printed = interpret(job)
    texts = [text for text, _w, _b in printed.lines]
    assert texts[0] == "=" * 32 and texts[1].strip() == "培训 TRAINING" and texts[2] == "=" * 32
    banner = printed.lines[1]
    assert banner[1] == 2 and banner[2]                        # double size, bold
    assert printed.text.count("非正式收据") == 2                # under the banner and at the foot
    assert texts.index(texts[1]) < texts.index("华东理工示范大学")
    for paper in ("80mm", "58mm"):
        assert b"TRAINING" not in escpos.render_receipt(receipt(), paper)


def test_copies_voids_and_refunds_carry_their_marks():
    copy = interpret(escpos.render_receipt(receipt(copy=True), "80mm")).text
    assert "副本 COPY" in copy and "COPY: reprint, not the original" in copy
    void = interpret(escpos.render_receipt(receipt(), "80mm", voids=1200, void_reason="typed for the wrong room"))
    assert "作废 VOID" in void.text and "00001200" in void.text and "typed for the wrong room" in void.text
    assert "-￥1,234.50" in void.text and "作废凭证" in void.text
    refund = interpret(escpos.render_receipt(receipt(kind="refund", utility="water"), "58mm")).text
    assert "退款凭证" in refund and "领款人签字 Received by:" in refund and "水费退款" in refund


def test_control_characters_in_the_data_are_printed_not_obeyed():
    job = escpos.render_receipt(receipt(student_name="张\x1dV\x00三\x1b@", operator_name="王\n老师"), "80mm")
    printed = interpret(job)                                   # the interpreter refuses stray commands
    assert printed.cuts == 1 and printed.inits == 1
    assert "张 V 三 @" in printed.text and "王 老师" in printed.text


def test_the_test_page_prints_chinese_yen_and_a_ruler_then_cuts():
    job = escpos.render_test_page("58mm")
    assert job.startswith(b"\x1b@\x1c&") and job.endswith(b"\x1dV\x01")
    assert gb("中文") in job and gb("打印测试页") in job and b"\xa3\xa41,234.50" in job
    assert b"\x81\x30\x84\x36" in job                          # ¥ in its four-byte GB18030 form, once
    assert "12345678901234567890123456789012" in interpret(job).text
    assert "1234567890" * 4 + "12345678" in interpret(escpos.render_test_page("80mm")).text


def test_only_rolls_have_columns():
    with pytest.raises(ValueError, match="roll"):
        escpos.render_receipt(receipt(), "A5")


# ----- targets -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "target"), [
    ("192.168.1.50:9100", RawTarget("tcp", "192.168.1.50", 9100)),
    ("192.168.1.50", RawTarget("tcp", "192.168.1.50", 9100)),
    ("tcp://printer.local", RawTarget("tcp", "printer.local", 9100)),
    ("printer.local:9101", RawTarget("tcp", "printer.local", 9101)),
    ("COM3", RawTarget("serial", "COM3", 9600)),
    ("com4@19200", RawTarget("serial", "com4", 19200)),
    ("/dev/ttyUSB0@115200", RawTarget("serial", "/dev/ttyUSB0", 115200)),
    ("serial:loop://", RawTarget("serial", "loop://", 9600)),
    ("/dev/usb/lp0", RawTarget("device", "/dev/usb/lp0")),
    ("LPT1", RawTarget("device", "LPT1")),
    ("queue:XP-58", RawTarget("queue", "XP-58")),
    ("XP-58", RawTarget("queue", "XP-58")),
    ("", RawTarget("queue", "Receipts")),
])
def test_targets_are_read_as_an_installer_writes_them(text, target):
    assert parse_target(text, default_queue="Receipts") == target


@pytest.mark.parametrize("text", ["10.0.0.9:99999", "COM3@fast"])
def test_unreadable_targets_are_refused(text):
    with pytest.raises(InvalidInput):
        parse_target(text)


# ----- a network printer -------------------------------------------------------------------------

@pytest.fixture
def network_printer():
    printers: list[FakeNetworkPrinter] = []

    def make(status=None) -> FakeNetworkPrinter:
        printers.append(FakeNetworkPrinter(status))
        return printers[-1]

    yield make
    for p in printers:
        p.close()


def test_a_network_printer_receives_the_receipt(network_printer):
    printer = network_printer()
    job = escpos.render_receipt(receipt(), "80mm")
    raw_print.send(parse_target(f"127.0.0.1:{printer.port}"), job)
    assert wait_for(printer.closed.is_set, timeout=10)
    assert bytes(printer.received).endswith(job)                     # whole, after the status questions
    assert bytes(printer.received[:-len(job)]) == b"\x10\x04\x02\x10\x04\x04"


def test_a_printer_that_does_not_answer_status_is_printed_to_anyway(network_printer):
    printer = network_printer(status={})
    raw_print.send(parse_target(f"127.0.0.1:{printer.port}"), b"\x1b@hello\n", status_timeout=0.2)
    assert wait_for(printer.closed.is_set, timeout=10)
    assert bytes(printer.received).endswith(b"\x1b@hello\n")


@pytest.mark.parametrize(("status", "says"), [
    ({2: 0x12, 4: 0x72}, "out of paper"),
    ({2: 0x32, 4: 0x12}, "end of its paper"),
    ({2: 0x16, 4: 0x12}, "cover open"),
])
def test_a_printer_out_of_paper_gets_nothing(network_printer, status, says):
    printer = network_printer(status=status)
    with pytest.raises(PaperOutError, match=says):
        raw_print.send(parse_target(f"127.0.0.1:{printer.port}"), escpos.render_receipt(receipt()))
    assert wait_for(printer.closed.is_set, timeout=10)
    assert b"\x1b@" not in printer.received                          # not one byte of the receipt


def test_an_unreachable_printer_says_so():
    port = FakeNetworkPrinter.closed_port()
    with pytest.raises(RawPrintFailed, match=f"127.0.0.1:{port} cannot be reached"):
        raw_print.send(parse_target(f"127.0.0.1:{port}"), b"x")


# ----- a device, a serial line, a queue ---------------------------------------------------------

def test_a_device_file_gets_the_bytes(tmp_path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    job = escpos.render_receipt(receipt(), "58mm")
    raw_print.send(RawTarget("device", str(device)), job)
    assert device.read_bytes() == job


def test_a_missing_device_says_to_plug_the_printer_in(tmp_path):
    with pytest.raises(RawPrintFailed, match="plugged in"):
        raw_print.send(parse_target(str(tmp_path / "usb" / "lp0")), b"x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_device_with_nobody_at_the_other_end_fails_at_once_and_one_that_stalls_times_out(tmp_path):
    fifo = tmp_path / "lp"
    os.mkfifo(fifo)
    with pytest.raises(RawPrintFailed, match="No printer answers"):
        raw_print.send(RawTarget("device", str(fifo)), b"x")         # no reader: ENXIO
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)              # a printer that takes nothing
    try:
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        with pytest.raises(RawPrintFailed, match="did not take the receipt within 0.3 seconds"):
            raw_print.send(RawTarget("device", str(fifo)), b"\x00" * (1 << 20), timeout=0.3)
    finally:
        os.close(reader)


def test_a_serial_printer_gets_the_bytes_and_is_asked_its_status_through_pyserial(network_printer):
    job = escpos.render_receipt(receipt(), "58mm")
    raw_print.send(parse_target("serial:loop://@9600"), job, status_timeout=0.1)   # the loop echoes: no status
    printer = network_printer()          # pyserial's socket:// port: a serial line with a printer at the end
    raw_print.send(parse_target(f"serial:socket://127.0.0.1:{printer.port}"), job)
    assert wait_for(printer.closed.is_set, timeout=10)
    assert bytes(printer.received) == b"\x10\x04\x02\x10\x04\x04" + job
    out_of_paper = network_printer(status={2: 0x12, 4: 0x72})
    with pytest.raises(PaperOutError):
        raw_print.send(parse_target(f"serial:socket://127.0.0.1:{out_of_paper.port}"), job)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script plays CUPS's lp")
def test_a_cups_queue_gets_the_job_in_raw_mode(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/args"\ncat > "{tmp_path}/job"\n')
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    job = escpos.render_receipt(receipt(), "80mm")
    raw_print.send(parse_target("", default_queue="XP-80"), job, title="Receipt 1234")
    assert (tmp_path / "job").read_bytes() == job
    assert (tmp_path / "args").read_text().split() == ["-o", "raw", "-t", "Receipt", "1234", "-d", "XP-80"]

    lp.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(RawPrintFailed, match="XP-81 refused the receipt: lp: The printer or class does not exist"):
        raw_print.send(parse_target("queue:XP-81"), job)

    lpstat = bin_dir / "lpstat"
    lpstat.write_text('#!/bin/sh\necho "printer XP-80 disabled since Mon 01 Jan 2025 -"\necho "\tMedia empty"\n')
    lpstat.chmod(0o755)
    with pytest.raises(RawPrintFailed, match="XP-80 is stopped"):
        raw_print.send(parse_target("XP-80"), job)


def test_without_lp_a_queue_target_says_what_to_give_instead(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(RawPrintFailed, match="host:9100"):
        raw_print.send(parse_target("XP-58"), b"x")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab1 ¥·—中文梅园\t")), max_size=120),
       cols=st.sampled_from([8, 32, 48]))
def test_wrapping_keeps_every_character_within_the_columns(text, cols):
    lines = escpos.wrap(text, cols)
    assert all(escpos.width(line) <= cols for line in lines)
    assert "".join(lines).replace(" ", "") == escpos.clean(text).replace(" ", "")
