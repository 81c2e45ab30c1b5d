"""Meter register profiles as data; look registers and blocks up by name, never by address."""

from __future__ import annotations

from drivers.profiles.base import Block, Profile, Register
from drivers.profiles.ddsy1946a13 import DDSY1946A13
from drivers.profiles.lxsy20 import LXSY20

PROFILES: tuple[Profile, ...] = (DDSY1946A13, LXSY20)


def by_model_code(code: int) -> Profile | None:
    """The profile whose model code register (0x0000) reads ``code``, or None if unknown."""
    for profile in PROFILES:
        if profile.model_code == code:
            return profile
    return None


__all__ = ["DDSY1946A13", "LXSY20", "PROFILES", "Block", "Profile", "Register", "by_model_code"]
