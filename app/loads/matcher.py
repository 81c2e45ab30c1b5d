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
distances so found. There are two: one on the RMS of the deviations and one on the largest single
deviation, so one feature far outside the cluster (an inverter air conditioner's crest factor against
a heater's) rejects a switch-on however well the other nine agree. A switch-on further than that from every cluster is "unknown" — the matcher
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
UNITS = np.array([0.10, 0.004, 0.02, 0.015, 0.015, 0.015, 0.02, 0.03, 0.12, 0.01])
DIMS = len(UNITS)
LINK = 3.5                  # captures closer than this (in units, RMS) join one cluster
MIN_THRESHOLD = 2.2         # no cluster accepts less than this (a cluster of one device)
THRESHOLD_MARGIN = 1.25     # above the largest leave-one-device-out distance
DEFAULT_THRESHOLD = 3.0     # a cluster with a single device: nothing to learn the spread from
BUSY_W, BUSY_SHARE = 20, 0.05   # other loads on the branch before the step: ΔQ is not the step's own
GAP_QUANTILE, GAP_CAP_RMS, GAP_CAP_Z = 0.8, 4.0, 8.0
MIN_MAX_Z = 3.0             # the largest single deviation no cluster refuses
DEFAULT_MAX_Z = 4.0         # ... for a cluster with a single device


def _row(f: Features) -> tuple[float, ...]:
    nan = math.nan
    dp = max(f.dp, 1)
    # §13's ΔQ is the difference of the branch's reactive powers, which hold distortion power too and
    # so do not add up when other loads run on the branch (a fridge beside an induction cooker flips
    # its sign): it counts only when the branch was (nearly) idle before the step.
    busy = f.power_after is not None and f.power_after - f.dp > max(BUSY_W, BUSY_SHARE * dp)
    q = nan if f.dq is None or busy else f.dq / math.hypot(dp, f.dq)
    return (math.log(dp), f.pf / 1000.0, q, f.i3 / 1000.0, f.i5 / 1000.0,
            nan if f.i7 is None else f.i7 / 1000.0, f.thd / 1000.0,
            nan if not f.crest else f.crest / 100.0,
            nan if not f.inrush else math.log(f.inrush / 100.0),
            nan if f.fluctuation is None or f.inrush is None else f.fluctuation / 1000.0)


def vector(f: Features) -> np.ndarray:
    """The feature vector of one switch-on (NaN where a feature is unknown)."""
    return np.array(_row(f), dtype=float)


def matrix(features: Sequence[Features]) -> np.ndarray:
    return np.array([_row(f) for f in features], dtype=float).reshape(len(features), DIMS)


@dataclass(frozen=True)
class Cluster:
    appliance: int               # Appliance.ident
    index: int                   # its number within the appliance (0, 1, ...)
    centre: np.ndarray
    spread: np.ndarray
    threshold: float             # on the RMS deviation
    max_z: float                 # on the largest single deviation
    size: int
    devices: int


@dataclass(frozen=True)
class Match:
    """What the matcher makes of one switch-on: a named appliance, or None for unknown."""

    appliance: Appliance | None
    distance: float              # to the nearest cluster (in spreads); inf with an empty library
    confidence: float            # 0-1: how clearly the nearest appliance wins
    nearest: Appliance | None    # the nearest appliance even when rejected (for the technician)
    allowed_fit: Appliance | None = None   # the nearest allowed appliance (in scope) that accepts it too
    blocked_fit: Appliance | None = None   # the nearest blocked appliance (in scope) that accepts it too

    @property
    def name(self) -> str:
        return self.appliance.name if self.appliance is not None else "unknown"

    @property
    def ambiguous(self) -> bool:
        """Both a blocked and an allowed appliance accept it: the features cannot tell them apart."""
        return self.allowed_fit is not None and self.blocked_fit is not None


NO_MATCH = Match(None, math.inf, 0.0, None)


def _rms(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """RMS over the known (non-NaN) entries along axis; inf where nothing is known."""
    known = ~np.isnan(z)
    n = known.sum(axis=axis)
    s = np.where(known, z * z, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, np.sqrt(s / np.maximum(n, 1)), np.inf)


def _max_abs(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Largest |entry| over the known (non-NaN) entries along axis; inf where nothing is known."""
    known = ~np.isnan(z)
    m = np.where(known, np.abs(z), 0.0).max(axis=axis)
    return np.where(known.any(axis=axis), m, np.inf)


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre and spread of captures x (rows), NaN-aware; spread = √(std² + unit²)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)        # an all-NaN column: unknown stays NaN
        centre = np.nanmedian(x, axis=0)
        std = np.nanstd(x, axis=0) if len(x) > 1 else np.zeros(DIMS)
    std = np.nan_to_num(std)
    return centre, np.sqrt(std * std + UNITS * UNITS)


def _clusters(x: np.ndarray) -> list[np.ndarray]:
    """Complete-linkage groups of rows closer than LINK (in units); row indices per group.

    The group distances are kept in one matrix updated after each merge (complete linkage: the merged
    group's distance to another is the larger of the two), so a merge costs one row of numpy work; the
    matcher of a 1,100-capture library builds in a fraction of a second."""
    n = len(x)
    if n == 0:
        return []
    d = _rms((x[:, None, :] - x[None, :, :]) / UNITS)
    d = np.where(np.isfinite(d), d, np.inf)
    np.fill_diagonal(d, np.inf)
    groups: list[list[int] | None] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], d, np.inf)
        flat = int(np.argmin(masked))
        a, b = divmod(flat, n)
        if not masked[a, b] <= LINK:
            break
        a, b = min(a, b), max(a, b)
        merged = np.maximum(d[a], d[b])
        d[a, :], d[:, a] = merged, merged
        d[a, a] = np.inf
        alive[b] = False
        groups[a] = groups[a] + groups[b]          # type: ignore[operator]
        groups[b] = None
    return [np.array(sorted(g)) for g in groups if g is not None]


def _threshold(x: np.ndarray, devices: list[str]) -> tuple[float, float]:
    """Reject thresholds of a cluster (RMS, largest single deviation): above each device's deviations
    from the cluster rebuilt without it."""
    names = sorted(set(devices))
    if len(names) < 2:
        return DEFAULT_THRESHOLD, DEFAULT_MAX_Z
    worst = worst_z = 0.0
    dev = np.array(devices)
    for name in names:
        out = dev == name
        centre, spread = _stats(x[~out])
        z = (x[out] - centre) / spread
        worst = max(worst, float(_rms(z).max()))
        worst_z = max(worst_z, float(_max_abs(z).max()))
    return max(MIN_THRESHOLD, worst * THRESHOLD_MARGIN), max(MIN_MAX_Z, worst_z * THRESHOLD_MARGIN)


def _appliance_gap(x: np.ndarray, groups: list[np.ndarray], devices: list[str]) -> tuple[float, float]:
    """How far a new device of the appliance may lie from its nearest cluster: each device's captures
    against the appliance's clusters rebuilt without that device (the worst RMS and single deviation,
    each at the capture's nearest cluster). An induction cooker's designs and power levels spread
    wider than any one cluster: a new cooker between two clusters is still a cooker."""
    dev = np.array(devices)
    found_rms: list[np.ndarray] = []
    found_z: list[np.ndarray] = []
    for name in sorted(set(devices)):
        out = dev == name
        best_rms = np.full(int(out.sum()), np.inf)
        best_z = np.full(int(out.sum()), np.inf)
        for rows in groups:
            keep = rows[~out[rows]]
            if len(keep) == 0:
                continue
            centre, spread = _stats(x[keep])
            z = (x[out] - centre) / spread
            r, m = _rms(z), _max_abs(z)
            better = r < best_rms
            best_rms, best_z = np.where(better, r, best_rms), np.where(better, m, best_z)
        ok = np.isfinite(best_rms)
        found_rms.append(best_rms[ok])
        found_z.append(best_z[ok])
    r, z = np.concatenate(found_rms), np.concatenate(found_z)
    if not len(r):
        return 0.0, 0.0
    # most new devices, not the oddest one: an outlier design would open the cluster to everything
    return (min(float(np.quantile(r, GAP_QUANTILE)) * THRESHOLD_MARGIN, GAP_CAP_RMS),
            min(float(np.quantile(z, GAP_QUANTILE)) * THRESHOLD_MARGIN, GAP_CAP_Z))


def build_clusters(app: Appliance) -> list[Cluster]:
    """The matcher's clusters of one appliance (none when it has no captures)."""
    if not app.captures:
        return []
    x = matrix([c.features for c in app.captures])
    devices = [c.device or f"capture-{n}" for n, c in enumerate(app.captures)]
    groups = _clusters(x)
    gap_rms, gap_z = _appliance_gap(x, groups, devices) if len(set(devices)) > 1 else (0.0, 0.0)
    out = []
    for k, rows in enumerate(groups):
        sub = x[rows]
        centre, spread = _stats(sub)
        devs = [devices[i] for i in rows]
        rms_limit, z_limit = _threshold(sub, devs)
        out.append(Cluster(app.ident, k, centre, spread, max(rms_limit, gap_rms), max(z_limit, gap_z),
                           len(rows), len(set(devs))))
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
        self._max_z = np.array([c.max_z for c in self.clusters])
        self._owner = np.array([c.appliance for c in self.clusters], dtype=int)
        self._apps = [self.apps[c.appliance] for c in self.clusters]
        self._allow = np.array([a.verdict is Verdict.ALLOW for a in self._apps], dtype=bool)
        # the RMS distance as three matrix products (see _measure): per cluster, which features it
        # knows, their weights 1/spread² and the weighted centre and its square
        known = ~np.isnan(self._centre)
        c0 = np.where(known, self._centre, 0.0)
        w = np.where(known, 1.0 / (self._spread * self._spread), 0.0)
        self._known_t = known.astype(float).T
        self._w_t, self._wc_t, self._wcc_t = w.T, (w * c0).T, (w * c0 * c0).T
        self._inv_spread = 1.0 / self._spread

    def distances(self, x: np.ndarray) -> np.ndarray:
        """Distance of every row of x to every cluster (n × k)."""
        return self._measure(x)[0]

    def _measure(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """RMS distance (n × k) and relative distance: ≤ 1 exactly where the cluster accepts the row.

        Both over the features the row and the cluster both know. The sum of squared deviations
        Σ w·(x − c)² over known features expands into three matrix products (x², x and 1 against the
        clusters' w, w·c and w·c²), so only the largest single deviation needs the n × k × features
        array; it is the same figure as `_rms`/`_max_abs` of the deviations, to rounding."""
        kx = ~np.isnan(x)
        x0 = np.where(kx, x, 0.0)
        n = kx.astype(float) @ self._known_t
        sq = (x0 * x0) @ self._w_t - 2.0 * (x0 @ self._wc_t) + kx.astype(float) @ self._wcc_t
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(n > 0, np.sqrt(np.maximum(sq, 0.0) / np.maximum(n, 1)), np.inf)
        z = x[:, None, :] - self._centre[None, :, :]
        z *= self._inv_spread[None, :, :]
        np.abs(z, out=z)
        largest = np.fmax.reduce(z, axis=-1)            # NaN only where nothing is known
        largest = np.where(np.isnan(largest), np.inf, largest)
        rel = np.maximum(d / self._threshold[None, :], largest / self._max_z[None, :])
        return d, rel

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
        n = len(x)
        if not self.clusters:
            return [NO_MATCH] * n
        d, rel = self._measure(x)
        if scopes is not None:
            rel = np.where(self._scope_masks(scopes), rel, np.inf)
        rows = np.arange(n)
        best = np.argmin(rel, axis=1)       # the cluster that accepts it most comfortably
        r = rel[rows, best]
        dist = np.where(np.isfinite(r), d[rows, best], np.inf)
        owner = self._owner[best]
        # the runner-up among other appliances: how clearly the nearest wins
        others = np.where(self._owner[None, :] == owner[:, None], np.inf, rel)
        second = others.min(axis=1) if others.shape[1] else np.full(n, np.inf)
        accepted = r <= 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            margin = np.where(np.isfinite(second), np.clip((second - r) / np.maximum(second, 1e-9), 0.0, 1.0), 1.0)
            conf = np.where(accepted, np.round(margin * (1.0 - 0.5 * r), 3), 0.0)
        # the nearest accepting cluster of each verdict (ambiguity: both a blocked and an allowed one)
        rel_allow = np.where(self._allow[None, :], rel, np.inf)
        rel_block = np.where(self._allow[None, :], np.inf, rel)
        allow_k, block_k = np.argmin(rel_allow, axis=1), np.argmin(rel_block, axis=1)
        allow_ok = rel_allow[rows, allow_k] <= 1.0
        block_ok = rel_block[rows, block_k] <= 1.0
        apps = self._apps
        out = []
        for row in range(n):
            dr = float(dist[row])
            if dr == math.inf:
                out.append(NO_MATCH)
                continue
            nearest = apps[best[row]]
            out.append(Match(nearest if accepted[row] else None, dr, float(conf[row]), nearest,
                             apps[allow_k[row]] if allow_ok[row] else None,
                             apps[block_k[row]] if block_ok[row] else None))
        return out

    def _scope_masks(self, scopes) -> np.ndarray:
        """Per event, which clusters it may be named as (a room sees its own scope's appliances)."""
        masks: dict[frozenset[int] | None, int] = {}
        index = np.array([masks.setdefault(sc, len(masks)) for sc in scopes], dtype=int)
        table = np.array([np.ones(len(self._owner), dtype=bool) if sc is None else np.isin(self._owner, list(sc))
                          for sc in masks]).reshape(len(masks), len(self._owner))
        return table[index]

    def blocked(self, m: Match) -> bool:
        return m.appliance is not None and m.appliance.verdict is Verdict.BLOCK

    def allowed(self, m: Match) -> bool:
        return m.appliance is not None and m.appliance.verdict is Verdict.ALLOW
