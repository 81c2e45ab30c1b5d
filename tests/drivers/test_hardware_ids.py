"""A bus's port named by the adapter's hardware ID opens that adapter under whatever name the system
gives it today (Windows renumbers COM ports when an adapter moves to another USB socket)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers import hardware_ids, ports, scan
from drivers.errors import PortError
from drivers.hardware_ids import AdapterAmbiguous, AdapterMissing
from tests.drivers.test_sim_main import sim_on_link


@dataclass
class Comport:
    """What pyserial's comports() reports of a port (the fields the resolver reads)."""
    device: str
    vid: int | None
    pid: int | None
    serial_number: str | None = None
    description: str = ""
    manufacturer: str = ""


FTDI_A = Comport("COM7", 0x0403, 0x6001, "A10K3XYZ")
FTDI_B = Comport("COM4", 0x0403, 0x6001, "B20Q1ABC")
CH340 = Comport("COM3", 0x1A86, 0x7523)
BUILT_IN = Comport("COM1", None, None)


@pytest.fixture
def plugged(monkeypatch) -> list[Comport]:
    """The adapters plugged in (a test changes the list as a technician re-plugs them)."""
    found: list[Comport] = [BUILT_IN, FTDI_A, FTDI_B, CH340]
    monkeypatch.setattr(hardware_ids.serial.tools.list_ports, "comports", lambda: list(found))
    return found


def test_the_adapter_is_found_under_its_current_name_after_it_moved(plugged) -> None:
    assert hardware_ids.resolve("hwid:0403:6001:A10K3XYZ") == "COM7"
    assert hardware_ids.resolve("HWID:1a86:7523") == "COM3"         # hex and the prefix in any case
    plugged[1] = Comport("COM12", 0x0403, 0x6001, "a10k3xyz")       # another socket: a new COM number
    assert hardware_ids.resolve("hwid:0403:6001:A10K3XYZ") == "COM12"


def test_other_port_names_are_left_alone_without_looking_at_the_ports(monkeypatch) -> None:
    def no_lookup():
        raise AssertionError("comports() was called")
    monkeypatch.setattr(hardware_ids.serial.tools.list_ports, "comports", no_lookup)
    for url in ("COM3", "/dev/ttyUSB0", "/dev/serial/by-id/usb-FTDI-if00-port0", "socket://10.0.0.5:4196"):
        assert hardware_ids.resolve(url) == url


def test_a_missing_ambiguous_or_malformed_hardware_id_is_one_sentence(plugged) -> None:
    with pytest.raises(AdapterMissing, match=r"^No adapter with the hardware ID hwid:0403:6001:ZZZ is plugged "
                                             r"into this computer\.$"):
        hardware_ids.resolve("hwid:0403:6001:ZZZ")
    with pytest.raises(AdapterAmbiguous) as err:
        hardware_ids.resolve("hwid:403:6001")
    assert str(err.value) == ("Several adapters have the hardware ID hwid:0403:6001 (COM4, COM7); add the "
                              "adapter's serial number: hwid:VID:PID:SERIAL.")
    for bad in ("hwid:0403", "hwid:FTDI:6001", "hwid:0403:6001:", "hwid:12345:6001"):
        with pytest.raises(PortError, match=r"is not a hardware ID: write hwid:VID:PID or hwid:VID:PID:SERIAL"):
            hardware_ids.resolve(bad)


@pytest.fixture
def sim_adapter(tmp_path, monkeypatch) -> Iterator[Path]:
    """The simulator's line, reported by comports() as an FTDI adapter with a serial number."""
    with sim_on_link(tmp_path / "ttyDORM", meters=1) as link:
        found = [BUILT_IN, Comport(str(link), 0x0403, 0x6001, "A10K3XYZ"), FTDI_B]
        monkeypatch.setattr(hardware_ids.serial.tools.list_ports, "comports", lambda: found)
        yield link


def test_a_line_named_by_hardware_id_opens_and_its_meter_answers(sim_adapter) -> None:
    url = "hwid:0403:6001:A10K3XYZ"
    assert ports.test_connection(url) == f"The port {url} opened at 9600 baud, 8N1."
    found = scan.scan(url, addresses=[1, 2])
    assert [(f.address, f.kind, f.serial_number) for f in found] == [(1, "ddsy", 24001001)]
    with pytest.raises(PortError, match="^No adapter with the hardware ID hwid:0403:6001:GONE"):
        ports.test_connection("hwid:0403:6001:GONE")


def test_the_port_picker_on_windows_offers_adapters_by_hardware_id(monkeypatch) -> None:
    found = [BUILT_IN, Comport("COM7", 0x0403, 0x6001, "A10K3XYZ", "USB Serial Port (COM7)", "FTDI"),
             # two adapters of one make without serial numbers (Windows' made-up instance IDs instead)
             Comport("COM3", 0x1A86, 0x7523, "5&2B6D2A4B&0&3", "USB-SERIAL CH340 (COM3)", "wch.cn"),
             Comport("COM5", 0x1A86, 0x7523, "5&2B6D2A4B&0&4", "USB-SERIAL CH340 (COM5)", "wch.cn"),
             Comport("COM9", 0x067B, 0x2303, "5&1F00&0&2", "Prolific USB-to-Serial Comm Port (COM9)", "Prolific")]
    monkeypatch.setattr(ports.serial.tools.list_ports, "comports", lambda: found)
    monkeypatch.setattr(hardware_ids.serial.tools.list_ports, "comports", lambda: found)
    monkeypatch.setattr(ports.sys, "platform", "win32")
    listed = {p.name: p for p in ports.list_ports()}
    assert sorted(listed) == ["COM1", "COM3", "COM5", "hwid:0403:6001:A10K3XYZ", "hwid:067B:2303"]
    ftdi = listed["hwid:0403:6001:A10K3XYZ"]
    assert ftdi.label == "hwid:0403:6001:A10K3XYZ (COM7, USB Serial Port (COM7), FTDI, A10K3XYZ)"
    # what the picker offers opens the adapter where it is now
    assert hardware_ids.resolve(ftdi.name) == "COM7"
    assert hardware_ids.resolve("hwid:067B:2303") == "COM9"
