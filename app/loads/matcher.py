"""The host matcher: names a switch-on from its features, or says "unknown" when nothing in the
library is close enough.

Each appliance's captures are grouped into clusters (an induction cooker's power levels, a hair
dryer's settings: several clusters of one appliance). A cluster is a centre and a spread per
feature; the distance of a switch-on to it is the root mean square of its per-feature deviations in
spreads, over the features both sides know (a waveform capture has no inrush or fluctuation). The
spread is the devices' own spread with a floor per feature, so a cluster learned from three kettles
still accepts a fourth.

The reject threshold is learned, per cluster, from the captures themselves: each device's captures
are matched against the cluster rebuilt without that device, and the threshold sits above the
distances so found. A switch-on further than that from every cluster is "unknown" — the matcher
never forces the nearest class. ``classify_many`` does a whole batch with numpy: the service feeds it
every event a line drained.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.loads.features import Features
from app.loads.library import Appliance, Library, Verdict

# Feature space: ln ΔP, PF, reactive fraction, I3, I5, I7, THD, crest, ln inrush, fluctuation.
# Units: the floor of each feature's spread, i.e. a difference that always counts as "one spread".
UNITS = np.array([0.10, 0.015, 0.04, 0.02, 0.02, 0.02, 0.04, 0.05, 0.12, 0.01])
DIMS = len(UNITS)
LINK = 3.5                  # captures closer than this (in units, RMS) join one cluster
MIN_THRESHOLD = 2.2         # no cluster accepts less than this (a cluster of one device)
THRESHOLD_MARGIN = 1.25     # above the largest leave-one-device-out distance
DEFAULT_THRESHOLD = 3.0     # a cluster with a single device: nothing to learn the spread from


def vector(f: Features) -> np.ndarray:
    """The feature vector of one switch-on (NaN where a feature is unknown)."""
    nan = math.nan
    dp = max(f.dp, 1)
    q = nan if f.dq is None else f.dq / math.hypot(dp, f.dq)
    return np.array([
        math.log(dp), f.pf / 1000.0, q, f.i3 / 1000.0, f.i5 / 1000.0,
        nan if f.i7 is None else f.i7 / 1000.0, f.thd / 1000.0,
        nan if not f.crest else f.crest / 100.0,
        nan if not f.inrush else math.log(f.inrush / 100.0),
        nan if f.fluctuation is None or f.inrush is None else f.fluctuation / 1000.0,
    ])


def matrix(features: Sequence[Features]) -> np.ndarray:
    return np.array([vector(f) for f in features]).reshape(len(features), DIMS)


@dataclass(frozen=True)
class Cluster:
    appliance: int               # Appliance.ident
    index: int                   # its number within the appliance (0, 1, ...)
    centre: np.ndarray
    spread: np.ndarray
    threshold: float
    size: int
    devices: int


@dataclass(frozen=True)
class Match:
    """What the matcher makes of one switch-on: a named appliance, or None for unknown."""

    appliance: Appliance | None
    distance: float              # to the nearest cluster (in spreads); inf with an empty library
    confidence: float            # 0-1: how clearly the nearest appliance wins
    nearest: Appliance | None    # the nearest appliance even when rejected (for the technician)

    @property
    def name(self) -> str:
        return self.appliance.name if self.appliance is not None else "unknown"


def _rms(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """RMS over the known (non-NaN) entries along axis; inf where nothing is known."""
    known = ~np.isnan(z)
    n = known.sum(axis=axis)
    s = np.where(known, z * z, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, np.sqrt(s / np.maximum(n, 1)), np.inf)


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre and spread of captures x (rows), NaN-aware; spread = √(std² + unit²)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)        # an all-NaN column: unknown stays NaN
        centre = np.nanmedian(x, axis=0)
        std = np.nanstd(x, axis=0) if len(x) > 1 else np.zeros(DIMS)
    std = np.nan_to_num(std)
    return centre, np.sqrt(std * std + UNITS * UNITS)


def _clusters(x: np.ndarray) -> list[np.ndarray]:
    """Complete-linkage groups of rows closer than LINK (in units); row indices per group."""
    n = len(x)
    d = _rms((x[:, None, :] - x[None, :, :]) / UNITS)
    groups = [[i] for i in range(n)]
    while len(groups) > 1:
        best, pair = math.inf, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                link = d[np.ix_(groups[a], groups[b])].max()
                if link < best:
                    best, pair = link, (a, b)
        if pair is None or best > LINK:
            break
        a, b = pair
        groups[a] += groups.pop(b)
    return [np.array(sorted(g)) for g in groups]


def _threshold(x: np.ndarray, devices: list[str]) -> float:
    """Reject threshold of a cluster: above each device's distance to the cluster rebuilt without it."""
    names = sorted(set(devices))
    if len(names) < 2:
        return DEFAULT_THRESHOLD
    worst = 0.0
    dev = np.array(devices)
    for name in names:
        out = dev == name
        centre, spread = _stats(x[~out])
        worst = max(worst, float(_rms((x[out] - centre) / spread).max()))
    return max(MIN_THRESHOLD, worst * THRESHOLD_MARGIN)


def build_clusters(app: Appliance) -> list[Cluster]:
    """The matcher's clusters of one appliance (none when it has no captures)."""
    if not app.captures:
        return []
    x = matrix([c.features for c in app.captures])
    devices = [c.device or f"capture-{n}" for n, c in enumerate(app.captures)]
    out = []
    for k, rows in enumerate(_clusters(x)):
        sub = x[rows]
        centre, spread = _stats(sub)
        devs = [devices[i] for i in rows]
        out.append(Cluster(app.ident, k, centre, spread, _threshold(sub, devs), len(rows), len(set(devs))))
    return out


class Matcher:
    """Classifies switch-ons against a library (built once per library version; thread-safe to use)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.version = library.version
        self.apps = {a.ident: a for a in library.appliances}
        self.clusters = [c for a in library.appliances for c in build_clusters(a)]
        k = len(self.clusters)
        self._centre = np.array([c.centre for c in self.clusters]).reshape(k, DIMS)
        self._spread = np.array([c.spread for c in self.clusters]).reshape(k, DIMS)
        self._threshold = np.array([c.threshold for c in self.clusters])
        self._owner = np.array([c.appliance for c in self.clusters], dtype=int)

    def distances(self, x: np.ndarray) -> np.ndarray:
        """Distance of every row of x to every cluster (n × k)."""
        z = (x[:, None, :] - self._centre[None, :, :]) / self._spread[None, :, :]
        return _rms(z)

    def classify_many(self, features: Sequence[Features], in_scope: Sequence[frozenset[int] | None] | None = None,
                      chunk: int = 4096) -> list[Match]:
        """Match every switch-on; in_scope (per event) limits the appliances it may be named as."""
        out: list[Match] = []
        x_all = matrix(features)
        for start in range(0, len(features), chunk):
            x = x_all[start:start + chunk]
            out.extend(self._decide(x, None if in_scope is None else in_scope[start:start + chunk]))
        return out

    def classify(self, f: Features, in_scope: frozenset[int] | None = None) -> Match:
        return self.classify_many([f], None if in_scope is None else [in_scope])[0]

    def _decide(self, x: np.ndarray, scopes) -> list[Match]:
        if not self.clusters:
            return [Match(None, math.inf, 0.0, None) for _ in range(len(x))]
        d = self.distances(x)
        if scopes is not None:
            for row, scope in enumerate(scopes):
                if scope is not None:
                    d[row, ~np.isin(self._owner, list(scope))] = np.inf
        best = np.argmin(d, axis=1)
        out = []
        for row, k in enumerate(best):
            dist = float(d[row, k])
            if not math.isfinite(dist):
                out.append(Match(None, math.inf, 0.0, None))
                continue
            owner = self._owner[k]
            nearest = self.apps[int(owner)]
            # the runner-up among other appliances: how clearly the nearest wins
            others = d[row][self._owner != owner]
            second = float(others.min()) if others.size else math.inf
            accepted = dist <= self._threshold[k]
            conf = 0.0
            if accepted:
                margin = 1.0 if not math.isfinite(second) else min(1.0, max(0.0, (second - dist) / max(second, 1e-9)))
                conf = round(margin * (1.0 - 0.5 * dist / self._threshold[k]), 3)
            out.append(Match(nearest if accepted else None, dist, conf, nearest))
        return out

    def blocked(self, m: Match) -> bool:
        return m.appliance is not None and m.appliance.verdict is Verdict.BLOCK

    def allowed(self, m: Match) -> bool:
        return m.appliance is not None and m.appliance.verdict is Verdict.ALLOW
