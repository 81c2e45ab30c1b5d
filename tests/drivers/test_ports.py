"""The port picker's list and "test connection": stable names, no pseudo terminals, a held port named."""
from __future__ import annotations

import select
import subprocess
import sys
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers import ports
from drivers.errors import PortError
from tests.drivers.test_sim_main import sim_on_link

Comport = namedtuple("Comport", "device description manufacturer serial_number hwid")


@pytest.fixture
def sim_link(tmp_path) -> Iterator[Path]:
    """The simulator's line on a pty, reached through a symlink (as a by-id link would be)."""
    with sim_on_link(tmp_path / "ttyDORM", meters=1, water=0) as link:
        yield link


def test_list_ports_gives_the_by_id_name_and_the_adapter_and_leaves_out_ptys(monkeypatch, tmp_path) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    usb0, usb1 = dev / "ttyUSB0", dev / "ttyUSB1"
    usb0.touch()
    usb1.touch()
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-FTDI_FT232R_USB_UART_A10K3XYZ-if00-port0").symlink_to(usb1)
    fake = [Comport(str(usb1), "FT232R USB UART", "FTDI", "A10K3XYZ", "USB VID:PID=0403:6001"),
            Comport(str(usb0), "CH340 serial converter", "QinHeng", None, "USB VID:PID=1a86:7523"),
            Comport("/dev/pts/3", "n/a", None, None, "n/a"),
            Comport("COM3", "USB-SERIAL CH340 (COM3)", "wch.cn", None, "USB"),
            Comport("COM10", "Prolific USB-to-Serial Comm Port (COM10)", "Prolific", None, "USB")]
    monkeypatch.setattr(ports.serial.tools.list_ports, "comports", lambda: fake)
    monkeypatch.setattr(ports, "BY_ID", by_id)
    monkeypatch.setattr(ports.sys, "platform", "linux")
    listed = ports.list_ports()
    names = [p.name for p in listed]
    stable = str(by_id / "usb-FTDI_FT232R_USB_UART_A10K3XYZ-if00-port0")
    assert names == [stable, str(usb0), "COM3", "COM10"]       # numbers in names sort as numbers
    assert "/dev/pts/3" not in [p.device for p in listed]
    ftdi = next(p for p in listed if p.name == stable)
    assert ftdi.device == str(usb1)
    assert ftdi.label == f"{stable} ({usb1}, FT232R USB UART, FTDI, A10K3XYZ)"
    com3 = next(p for p in listed if p.name == "COM3")
    assert com3.label == "COM3 (USB-SERIAL CH340 (COM3), wch.cn)"


def test_test_connection_opens_the_simulators_line_and_closes_it(sim_link) -> None:
    assert ports.test_connection(str(sim_link), 9600, "N") == f"The port {sim_link} opened at 9600 baud, 8N1."
    # closed again: a second test (exclusive) opens it too
    assert ports.test_connection(str(sim_link), 19200, "E").endswith("opened at 19200 baud, 8E1.")


def test_a_port_another_program_holds_is_refused_with_its_name(sim_link) -> None:
    holder = subprocess.Popen([sys.executable, "-c",
                               "import serial, sys, time\n"
                               f"s = serial.Serial({str(sim_link)!r}, exclusive=True)\n"
                               "print('held', flush=True)\n"
                               "sys.stdin.read()\n"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        ready, _, _ = select.select([holder.stdout], [], [], 20)
        assert ready and holder.stdout.readline().strip() == "held"
        with pytest.raises(PortError) as err:
            ports.test_connection(str(sim_link), 9600, "N")
        message = str(err.value)
        assert message.startswith(f"The port {sim_link} is in use by another program")
        assert message.endswith("close it, or choose another port.")
        if sys.platform.startswith("linux"):
            assert f"(process {holder.pid})" in message
    finally:
        holder.kill()
        holder.wait(5)
    # once that program has gone, the port opens
    assert "opened" in ports.test_connection(str(sim_link))


def test_test_connection_says_why_a_port_or_gateway_cannot_be_opened(tmp_path) -> None:
    with pytest.raises(PortError, match=r"^There is no port .*no-such-tty on this computer \(is the adapter "
                                        r"plugged in\?\)\.$"):
        ports.test_connection(str(tmp_path / "no-such-tty"))
    import socket

    with socket.socket() as s:        # a local port nobody listens on
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    with pytest.raises(PortError, match=rf"^The gateway socket://127.0.0.1:{free} did not accept a connection"):
        ports.test_connection(f"socket://127.0.0.1:{free}")
    with pytest.raises(PortError, match="^Give a serial port"):
        ports.test_connection("  ")
