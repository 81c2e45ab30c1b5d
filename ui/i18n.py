"""The translation function for every string a person reads: `_("Balance: {amount}").format(...)`.

`_` looks a source text up in the "DormWatt" context of the installed catalogue and gives the source
back when there is no translation, so English needs no catalogue. `N_` only marks a literal for the
extractor (resources/translations/extract.py) where the text must be translated later, at display
time: tables of labels built at import, before any translator is installed.

`install_translations(app)` chooses the language once, at start: the preference stored in QSettings
"ui/language" ("zh_CN", "en" or "system"), and for "system" Chinese in a Chinese locale, English
otherwise. A change of preference applies at the next start.

`tr_message(text)` translates a sentence app/ produced (an error's message, an alarm's text): app/ has
no Qt and writes English with the values filled in, so the text is matched against the templates
extract.py collected from app/ (messages.json, e.g. "{0} is full ({1} of {2} beds taken).") and the
template's translation in context "DormWattMessages" gets the same values back.
"""
from __future__ import annotations

import functools
import json
import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from resources import ROOT as RESOURCES

log = logging.getLogger(__name__)

CONTEXT = "DormWatt"
MESSAGE_CONTEXT = "DormWattMessages"
TRANSLATIONS = RESOURCES / "translations"
MESSAGES = TRANSLATIONS / "messages.json"
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
LANGUAGE_KEY = "ui/language"
SYSTEM = "system"
# The languages shipped: code -> the language's own name (an autonym is never translated).
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

_installed: list[QTranslator] = []   # translators must outlive the call that installs them


def _(text: str, disambiguation: str | None = None) -> str:
    """`text` in the installed language. Give `disambiguation` (a literal, e.g. "relay") only for a
    word the catalogue must translate two ways: `_("Close", "relay")` is not `_("Close")`."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)


def N_(text: str) -> str:
    """Mark `text` for the catalogue without translating it now; pass it through `_` when shown."""
    return text


def tr_message(text: str) -> str:
    """An app message in the installed language: the translation of the template that matches all of
    `text`, with the values of `text` filled back in. A value that is itself a whole message or word
    of app/ (a branch name, a reason) is translated too, unless it is quoted input (“…”). Text that no
    template matches, or whose template has no translation, comes back unchanged."""
    return _translate_message(text, nested=True)


def in_chinese() -> bool:
    """True while the Chinese catalogue is installed (for texts app/ gives in both languages, such as an
    import's column names)."""
    return bool(_installed)


def _translate_message(text: str, *, nested: bool) -> str:
    found = _match(text)
    if found is None:
        # "Label: sentence" (an import row's column, then what is wrong with its cell): the sentence alone
        label, sep, rest = text.partition(": ")
        if nested and sep and rest and _match(rest) is not None:
            return f"{label}: {_translate_message(rest, nested=True)}"
        return text
    template, values = found
    translated = QCoreApplication.translate(MESSAGE_CONTEXT, template)
    if translated == template:
        return text
    quoted = _quoted_placeholders(template)
    if nested:
        values = tuple(v if i in quoted else _translate_message(v, nested=False) for i, v in enumerate(values))
    return _PLACEHOLDER.sub(lambda m: values[int(m.group(1))] if int(m.group(1)) < len(values) else m.group(0),
                            translated)


@functools.lru_cache(maxsize=4096)
def _match(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(template, values by placeholder number) of the most specific template matching all of `text`."""
    for pattern, template, order in _patterns():
        m = pattern.fullmatch(text)
        if m is not None:
            values = [""] * (max(order) + 1 if order else 0)
            for group, number in enumerate(order, 1):
                values[number] = m.group(group)
            return template, tuple(values)
    return None


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str, tuple[int, ...]], ...]:
    """Every template compiled once, most literal characters first (the most specific wins)."""
    try:
        templates = json.loads(MESSAGES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("no message templates at %s; app messages stay in English", MESSAGES)
        return ()
    compiled = []
    for template in templates:
        pieces = _PLACEHOLDER.split(template)      # literal, number, literal, number, ..., literal
        literals, order = pieces[0::2], tuple(int(n) for n in pieces[1::2])
        regex = "(.+?)".join(re.escape(part) for part in literals)
        compiled.append((re.compile(regex, re.DOTALL), template, order, sum(map(len, literals))))
    compiled.sort(key=lambda item: -item[3])
    return tuple(item[:3] for item in compiled)


@functools.cache
def _quoted_placeholders(template: str) -> frozenset[int]:
    """Placeholders written as “{n}”: what a person typed, shown as it was typed."""
    return frozenset(int(n) for n in re.findall(r"“\{(\d+)\}”", template))


def stored_language(settings: QSettings | None = None) -> str:
    """The stored preference: a code of LANGUAGES, or SYSTEM when unset or unknown."""
    value = str((settings if settings is not None else QSettings()).value(LANGUAGE_KEY, SYSTEM) or SYSTEM)
    return value if value in LANGUAGES else SYSTEM


def store_language(code: str, settings: QSettings | None = None) -> None:
    """Remember the preference for the next start; ValueError for a language not shipped."""
    if code != SYSTEM and code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    s = settings if settings is not None else QSettings()
    s.setValue(LANGUAGE_KEY, code)
    s.sync()


def system_language(locale: QLocale | None = None) -> str:
    """What "follow the system" gives: Chinese in a Chinese locale, English otherwise."""
    loc = locale or QLocale.system()
    return "zh_CN" if loc.language() == QLocale.Language.Chinese else "en"


def chosen_language(settings: QSettings | None = None, locale: QLocale | None = None) -> str:
    """The language to use: the stored preference, else `system_language()`."""
    stored = stored_language(settings)
    return stored if stored != SYSTEM else system_language(locale)


def catalogue(code: str):
    """The compiled catalogue of one language (a path; it need not exist)."""
    return TRANSLATIONS / f"dormwatt_{code}.qm"


def install_translations(app: QCoreApplication, language: str | None = None) -> str:
    """Install the catalogue of `language` (default: `chosen_language()`) and Qt's own for standard
    buttons and dialogs; returns the language now in force ("en" when a catalogue is missing)."""
    remove_translations(app)
    code = language or chosen_language()
    if code == "en":
        return "en"
    ours = QTranslator(app)
    if not ours.load(str(catalogue(code))):
        log.warning("no catalogue for %s at %s; staying in English", code, catalogue(code))
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return code


def remove_translations(app: QCoreApplication) -> None:
    """Back to the English sources (tests switch languages with this)."""
    while _installed:
        app.removeTranslator(_installed.pop())
