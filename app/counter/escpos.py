"""Receipts as ESC/POS bytes, for thermal printers driven raw (no system driver), Chinese in GB18030.

The same facts as the PDF receipt (receipts_pdf.render_receipt), laid out in the printer's own font:
48 columns on an 80 mm roll, 32 on a 58 mm roll (font A, 12 dots a column; a Chinese character is a
24-dot square and takes two columns). The job starts with ESC @ (initialise) and FS & (Chinese
character mode), sets the title bold and double size, and ends with a feed and a GS V cut.

Why not python-escpos: its text path sends a piece of text as GB18030 only when the piece holds a
character from U+4E00 to U+9FA5, without FS &; any other piece goes through single-byte code pages
(ESC t), so "¥12.50" on a line of its own comes out as ESC t 0, 0x9D (CP437's ¥), which a printer in
Chinese mode reads as the first half of a double-byte character (it swallows the "1"), and characters
past U+9FA5 print as "?". It also brings eight packages (PyYAML, qrcode, python-barcode, ...) for what
is a dozen command bytes here. Sending is in app.counter.raw_print.

A caller may rely on:
- `render_receipt(data, paper, voids=, void_reason=)` (paper "80mm" or "58mm"): bytes starting
  with ESC @ FS &, every text GB18030-encoded, ending with GS V; the student, school, room, number,
  amount in figures and in capitals, and the marks 副本 COPY, 作废 VOID, 培训 TRAINING as on the PDF;
- the money sign goes out as the full-width ￥ (A3 A4, in GB2312, so in every Chinese font ROM;
  U+00A5's own GB18030 code is four bytes that printers with a GBK font print as rubbish);
- control characters in the data (a name with ESC in it) are printed as spaces, never obeyed;
- `render_test_page(paper)`: 中文, ￥, an amount in capitals and a column ruler, with the cut.
"""
from __future__ import annotations

import unicodedata

from app.counter.capital_numerals import capital_amount
from app.counter.money import Money
from app.counter.report_data import TRAINING_LINE, ReceiptData, local_time_text, receipt_number_text

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
LEFT, CENTRE = ESC + b"a\x00", ESC + b"a\x01"
NORMAL_SIZE, DOUBLE_HEIGHT, DOUBLE_SIZE = GS + b"!\x00", GS + b"!\x01", GS + b"!\x11"
FEED_AND_CUT = ESC + b"d\x04" + GS + b"V\x01"       # feed past the cutter, then a partial cut
COLUMNS = {"80mm": 48, "58mm": 32}
YEN, FULL_WIDTH_YEN = "¥", "￥"
TRAINING_BANNER = "培训 TRAINING"


def columns_of(paper: str) -> int:
    """The columns of font A across `paper`; ValueError for a paper that is not a roll."""
    try:
        return COLUMNS[paper]
    except KeyError:
        raise ValueError(f"Unknown roll {paper!r}; one of {sorted(COLUMNS)}") from None


def clean(text: str) -> str:
    """`text` as the printer gets it: control characters as spaces, ¥ as the full-width ￥."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).replace(YEN, FULL_WIDTH_YEN)


def encode(text: str) -> bytes:
    """`text` (cleaned) in GB18030, the printer's Chinese-mode code."""
    return clean(text).encode("gb18030", errors="replace")


def width(text: str) -> int:
    """Columns `text` takes: one for an ASCII character, two for any other (a double-byte character)."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in clean(text))


def wrap(text: str, cols: int) -> list[str]:
    """`text` in lines of at most `cols` columns: Chinese breaks anywhere, Latin words at spaces (a word
    longer than a line is cut). Always at least one line."""
    lines: list[str] = []
    line, line_w = "", 0
    for token in _tokens(clean(text)):
        w = width(token)
        if line_w + w > cols and line.strip():
            lines.append(line.rstrip())
            line, line_w = "", 0
            token = token.lstrip()
            w = width(token)
        while w > cols:                       # a word longer than a line
            head = _cut(token, cols - line_w)
            lines.append((line + head).rstrip())
            line, line_w = "", 0
            token = token[len(head):]
            w = width(token)
        line += token
        line_w += w
    lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        latin = ord(ch) < 0x80 and ch != " "
        if out and latin and ord(out[-1][-1]) < 0x80 and out[-1][-1] != " ":
            out[-1] += ch
        elif ch == " " and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _cut(token: str, cols: int) -> str:
    taken, used = "", 0
    for ch in token:
        if used + width(ch) > cols:
            break
        taken += ch
        used += width(ch)
    return taken or token[:1]


class Ticket:
    """An ESC/POS job being written: lines, rules, labelled fields, banners, then `cut()`."""

    def __init__(self, paper: str) -> None:
        self.cols = columns_of(paper)
        self.out = bytearray(INIT + CHINESE_ON + LEFT + NORMAL_SIZE)

    def raw(self, data: bytes) -> Ticket:
        self.out += data
        return self

    def text(self, text: str, *, centre: bool = False, bold: bool = False, size: bytes = NORMAL_SIZE,
             wide: bool = False) -> Ticket:
        """One paragraph, wrapped to the roll (`wide`: the size doubles the width, so half the columns)."""
        self.out += (CENTRE if centre else LEFT) + size + (BOLD_ON if bold else b"")
        for line in wrap(text, self.cols // 2 if wide else self.cols):
            self.out += encode(line) + b"\n"
        self.out += (BOLD_OFF if bold else b"") + NORMAL_SIZE + LEFT
        return self

    def rule(self, char: str = "-") -> Ticket:
        self.out += LEFT + encode(char * self.cols) + b"\n"
        return self

    def field(self, zh: str, en: str, value: str, *, bold: bool = False, tall: bool = False) -> Ticket:
        """"编号 No.      00001234": the value at the right of its label when both fit on a line, else on
        the lines below, indented by two."""
        label = f"{zh} {en}"
        style = (BOLD_ON if bold else b"") + (DOUBLE_HEIGHT if tall else b"")
        unstyle = (NORMAL_SIZE if tall else b"") + (BOLD_OFF if bold else b"")
        gap = self.cols - width(label) - width(value)
        if gap >= 1:
            self.out += encode(label + " " * gap) + style + encode(value) + unstyle + b"\n"
            return self
        self.out += encode(label) + b"\n" + style
        for line in wrap(value, self.cols - 2):
            self.out += encode("  " + line) + b"\n"
        self.out += unstyle
        return self

    def banner(self, text: str) -> Ticket:
        """`text` bold and double size between two rules of "=": the printed box of a mark."""
        wide = width(text) * 2 <= self.cols
        self.rule("=")
        self.text(text, centre=True, bold=True, size=DOUBLE_SIZE if wide else DOUBLE_HEIGHT, wide=wide)
        return self.rule("=")

    def training_line(self) -> Ticket:
        """TRAINING_LINE, broken after its Chinese on a roll too narrow for it whole."""
        zh, sep, en = TRAINING_LINE.rpartition(" not ")
        if width(TRAINING_LINE) <= self.cols:
            return self.text(TRAINING_LINE, centre=True, bold=True)
        return self.text(zh, centre=True, bold=True).text(sep.strip() + " " + en, centre=True, bold=True)

    def feed(self, lines: int = 1) -> Ticket:
        self.out += b"\n" * lines
        return self

    def cut(self) -> bytes:
        return bytes(self.out + FEED_AND_CUT)


def render_receipt(data: ReceiptData, paper: str = "80mm", *, voids: int | None = None,
                   void_reason: str = "") -> bytes:
    """The receipt, refund slip or void receipt of `data` as one ESC/POS job for a `paper` roll."""
    d = data
    t = Ticket(paper)
    refund, void = d.kind == "refund", voids is not None
    zh_title, en_title, item = d.wording(void=void)
    amount = Money(d.amount_fen)

    if d.training:
        t.banner(TRAINING_BANNER).training_line()
    if d.copy:
        t.banner("副本 COPY")
    if void:
        t.banner("作废 VOID")
    t.text(d.school, centre=True, bold=True)
    t.text(zh_title, centre=True, bold=True, size=DOUBLE_SIZE, wide=True).text(en_title, centre=True)
    t.rule().field("编号", "No.", receipt_number_text(d.number), bold=True)
    if void:
        t.field("原收据", "Voids receipt", receipt_number_text(voids), bold=True).field("原因", "Reason", void_reason)
    t.field("时间", "Time", local_time_text(d.at))
    t.field("房间", "Room", f"{d.building_name} {d.room_code}")
    t.field("学生", "Student", d.student_name + (f" ({d.student_no})" if d.student_no else ""))
    t.field("项目", "Item", item).field("方式", "Method", d.method_label)
    if d.reference:
        t.field("参考号", "Reference", d.reference)
    t.rule()
    t.field("作废金额" if void else "退款金额" if refund else "金额", "Amount voided" if void else "Amount",
            ("-" if void else "") + amount.display(), bold=True, tall=True)
    t.field("大写", "In words", capital_amount(amount))
    t.field("余额", "Balance after", Money(d.balance_after_fen).display())
    if d.days_left is not None and not refund and not void:
        t.field("预计可用", "Lasts about", f"{d.days_left} 天 days")
    t.rule().field("经办人", "Operator", d.operator_name)
    if refund or void:
        t.feed(2).text("领款人签字 Received by:").feed(2).rule("_")
    if d.copy:
        t.feed().text("副本：补打凭证，非原件", centre=True, bold=True)
        t.text("COPY: reprint, not the original", centre=True, bold=True)
    if d.training:
        t.feed().training_line()
    t.feed().text("请核对金额后签字 Please check the amount before signing" if refund or void
                  else "请妥善保管 Please keep this receipt", centre=True)
    return t.cut()


def render_test_page(paper: str = "80mm") -> bytes:
    """A raw test page: 中文, ￥ and capitals, a ruler as wide as the roll's columns (digits to the last
    column: none should wrap), and one character with a four-byte GB18030 code (U+00A5 itself: a
    printer with a GB18030 font prints ¥, one with GBK prints rubbish, which the page says)."""
    t = Ticket(paper)
    t.text("DormWatt", centre=True, bold=True)
    t.text("打印测试页", centre=True, bold=True, size=DOUBLE_SIZE, wide=True).text("Printer test page", centre=True)
    t.rule()
    t.field("中文", "Chinese", "收款收据 电费充值")
    t.field("金额", "Amount", Money(123450).display(), bold=True, tall=True)
    t.field("大写", "In words", capital_amount(Money(123450)))
    t.field("纸张", "Roll", f"{paper} · {t.cols} 列 columns")
    t.field("方式", "Mode", "ESC/POS GB18030")
    t.rule()
    t.raw(LEFT + "".join(str(i % 10) for i in range(1, t.cols + 1)).encode("ascii") + b"\n")
    t.raw(LEFT + encode("四字节 4-byte GB18030: ") + YEN.encode("gb18030") + b"\n")
    t.text("(乱码则打印机只有 GBK 字库 rubbish: a GBK font only; ￥ above still prints)")
    t.rule()
    return t.cut()
