"""Files the program ships: fonts, translations, icons, receipt templates."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONTS = ROOT / "fonts"
# A TrueType CJK font (Apache 2.0) so that Chinese names render in the window and embed in receipts
# on any machine, whatever fonts the system has.
CJK_FONT = FONTS / "DroidSansFallbackFull.ttf"
CJK_FAMILY = "Droid Sans Fallback"
