"""`bus list | add | set | scan`: the RS-485 lines, from the command line."""
from __future__ import annotations

import argparse
import time

from app.cli.stores import CommandFailed, actor, open_store
from app.metering import commissioning
from app.metering.commissioning import BAUDS, KIND_LABELS, PARITIES
from app.sync.leases import BusLeases
from drivers import scan as bus_scan
from drivers.errors import PortError


def addresses(text: str) -> list[int]:
    """An argparse type: "1-64,101-116" -> the addresses, each 1..247, in order, once."""
    try:
        return bus_scan.parse_addresses(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not 0.02 <= value <= 2.0:
        raise argparse.ArgumentTypeError(f"a reply timeout is 0.02 to 2 seconds, got {text}")
    return value


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    bus = sub.add_parser("bus", help="RS-485 lines (buses): list, add, change, scan", parents=[common])
    bus_sub = bus.add_subparsers(dest="bus_command", required=True)
    ls = bus_sub.add_parser("list", help="every bus with its line settings and meter counts", parents=[common])
    ls.set_defaults(handler=list_buses)

    add = bus_sub.add_parser("add", help="add a bus", parents=[common])
    add.add_argument("--port", metavar="URL", required=True,
                     help="serial port (/dev/serial/by-id/..., COM3) or gateway (socket://HOST:PORT)")
    add.add_argument("--baud", type=int, choices=BAUDS, default=9600)
    add.add_argument("--parity", choices=PARITIES, default="N")
    add.add_argument("--name", metavar="TEXT", help="a name for people (default RS485-NN)")
    add.set_defaults(handler=add_bus)

    set_ = bus_sub.add_parser("set", help="change a bus's port, line settings, name or enable it", parents=[common])
    set_.add_argument("id", type=int, metavar="ID")
    set_.add_argument("--port", metavar="URL")
    set_.add_argument("--baud", type=int, choices=BAUDS)
    set_.add_argument("--parity", choices=PARITIES)
    set_.add_argument("--name", metavar="TEXT")
    on_off = set_.add_mutually_exclusive_group()
    on_off.add_argument("--enable", dest="enabled", action="store_const", const=True)
    on_off.add_argument("--disable", dest="enabled", action="store_const", const=False)
    set_.set_defaults(handler=set_bus)

    scan = bus_sub.add_parser("scan", help="find the meters that answer on a bus (reads identities only)",
                              parents=[common])
    scan.add_argument("id", type=int, metavar="ID")
    scan.add_argument("--addresses", type=addresses, default=list(bus_scan.ADDRESSES), metavar="LIST",
                      help="addresses to try, e.g. 1-64,101-116 (default 1-247)")
    scan.add_argument("--timeout", type=timeout, default=bus_scan.DEFAULT_TIMEOUT_S, metavar="SECONDS",
                      help=f"reply timeout per address (default {bus_scan.DEFAULT_TIMEOUT_S:g} s)")
    scan.add_argument("--force", action="store_true",
                      help="scan even while a meter service serves the bus (its polls and the scan collide)")
    scan.set_defaults(handler=scan_bus)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def print_buses(buses: list[commissioning.BusSummary]) -> None:
    rows = [("id", "name", "port", "baud", "parity", "enabled", "electricity", "water")]
    rows += [(str(b.id), b.name, b.port, str(b.baud), b.parity, _yes(b.enabled), str(b.electricity), str(b.water))
             for b in buses]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def list_buses(args: argparse.Namespace) -> int:
    store = open_store(args, "read")
    try:
        buses = commissioning.list_buses(store)
    finally:
        store.dispose()
    if not buses:
        print("no buses; add one with `dormwatt bus add --port URL`")
        return 0
    print_buses(buses)
    return 0


def add_bus(args: argparse.Namespace) -> int:
    store = open_store(args, "create")
    try:
        bus_id = commissioning.add_bus(store, actor(args, store), port=args.port, baud=args.baud,
                                       parity=args.parity, name=args.name)
        bus = commissioning.get_bus(store, bus_id)
    finally:
        store.dispose()
    print(f"bus {bus.id} added: {bus.name} on {bus.port} at {bus.baud} 8{bus.parity}1, enabled")
    return 0


def set_bus(args: argparse.Namespace) -> int:
    if all(getattr(args, k) is None for k in ("port", "baud", "parity", "name", "enabled")):
        raise CommandFailed("bus set: nothing to change; give --port, --baud, --parity, --name, --enable or "
                            "--disable")
    store = open_store(args, "write")
    try:
        bus = commissioning.change_bus(store, actor(args, store), args.id, port=args.port, baud=args.baud,
                                       parity=args.parity, enabled=args.enabled, name=args.name)
    finally:
        store.dispose()
    print(f"bus {bus.id}: {bus.name} on {bus.port} at {bus.baud} 8{bus.parity}1, "
          f"{'enabled' if bus.enabled else 'disabled'}")
    return 0


def _describe(hit: bus_scan.Found, assigned: commissioning.Assignment | None) -> str:
    if hit.kind is None:
        what = f"{hit.model + ', ' if hit.model else ''}{hit.problem}"
    else:
        what = f"{hit.kind} ({hit.model}), serial {hit.serial_number}, firmware {hit.firmware}"
    if assigned is None:
        where = "not assigned"
    else:
        where = f"assigned to {assigned.room_code or 'no room'}"
        if assigned.kind != hit.kind:
            where += f", but the store has its {KIND_LABELS[assigned.kind]} at this address"
    return f"address {hit.address}: {what}; {where}"


def scan_bus(args: argparse.Namespace) -> int:
    store = open_store(args, "read")
    try:
        bus = commissioning.get_bus(store, args.id)
        assigned = commissioning.assignments(store, args.id)
        lease = BusLeases(store, "bus-scan").owners().get(bus.id)
    finally:
        store.dispose()
    if lease is not None and not lease.expired and not args.force:
        raise CommandFailed(f"bus scan: bus {bus.id} is being served by {lease.owner}; stop that service first "
                            "(or give --force: its polls and the scan's requests would garble each other)")
    span = f"{args.addresses[0]}-{args.addresses[-1]}" if len(args.addresses) > 1 else str(args.addresses[0])
    print(f"scanning bus {bus.id} ({bus.port}, {bus.baud} 8{bus.parity}1), {len(args.addresses)} addresses "
          f"in {span}, {args.timeout:g} s each...", flush=True)
    t = time.monotonic()
    try:
        found = bus_scan.scan(bus.port, baud=bus.baud, parity=bus.parity, addresses=args.addresses,
                              timeout_s=args.timeout,
                              on_found=lambda hit: print(_describe(hit, assigned.get(hit.address)), flush=True))
    except PortError as exc:
        raise CommandFailed(f"bus scan: {exc}") from None
    answered = {hit.address for hit in found}
    wanted = set(args.addresses)
    for address, a in sorted(assigned.items()):
        if address in wanted and address not in answered:
            print(f"address {address}: no answer; assigned to {a.room_code or 'no room'} as its "
                  f"{KIND_LABELS[a.kind]}")
    kinds = {k: sum(1 for hit in found if hit.kind == k) for k in commissioning.KINDS}
    unknown = sum(1 for hit in found if hit.kind is None)
    print(f"bus {bus.id}: {len(found)} answered ({kinds['ddsy']} ddsy, {kinds['lxsy']} lxsy, {unknown} other) "
          f"in {time.monotonic() - t:.1f} s")
    return 0
