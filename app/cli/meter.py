"""`meter assign`: put the meter at an address of a bus into a room; `meter commission`: make the
meters of a bus hold the ledger's balance."""
from __future__ import annotations

import argparse

from app.cli.stores import actor, open_store
from app.metering import commissioning


def address(text: str) -> int:
    """An argparse type: a Modbus unicast address."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an address 1-247, got {text!r}") from None
    if not 1 <= value <= 247:
        raise argparse.ArgumentTypeError(f"a meter address is 1-247, got {value}")
    return value


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    meter = sub.add_parser("meter", help="meters: assign one to a room, commission a bus's meters", parents=[common])
    meter_sub = meter.add_subparsers(dest="meter_command", required=True)
    assign = meter_sub.add_parser("assign", help="record that the meter at an address of a bus serves a room",
                                  parents=[common])
    assign.add_argument("--bus", type=int, required=True, metavar="ID")
    assign.add_argument("--address", type=address, required=True, metavar="N", help="Modbus address, 1-247")
    assign.add_argument("--room", required=True, metavar="CODE", help='the room\'s code, e.g. "B1-101"')
    assign.add_argument("--kind", choices=tuple(commissioning.KINDS), default="ddsy",
                        help="ddsy (electricity, the default) or lxsy (water)")
    assign.add_argument("--serial", default="", metavar="TEXT", help="the meter's serial number (see bus scan)")
    assign.set_defaults(handler=assign_meter)
    commission = meter_sub.add_parser(
        "commission", parents=[common],
        help="make the electricity meters of a bus hold the ledger's balance (a set-balance each)")
    commission.add_argument("--bus", type=int, required=True, metavar="ID")
    commission.add_argument("--address", type=address, action="append", metavar="N",
                            help="only this address (repeatable); default: every electricity meter of the bus")
    commission.set_defaults(handler=commission_meters)


def assign_meter(args: argparse.Namespace) -> int:
    store = open_store(args, "write")
    try:
        meter_id = commissioning.assign_meter(store, actor(args, store), bus_id=args.bus, address=args.address,
                                              room_code=args.room, kind=args.kind, serial_no=args.serial)
    finally:
        store.dispose()
    print(f"{commissioning.KIND_LABELS[args.kind]} {meter_id}: address {args.address} on bus {args.bus} serves "
          f"room {args.room.strip().upper()}")
    return 0


def commission_meters(args: argparse.Namespace) -> int:
    store = open_store(args, "write")
    try:
        n = commissioning.commission_meters(store, actor(args, store), args.bus, args.address)
    finally:
        store.dispose()
    print(f"bus {args.bus}: {n} set-balance purchase(s) queued; the meter service delivers them")
    return 0
