"""Raw-socket UCP/EMI and CIMD2 clients: both protocols frame their messages
between STX (0x02) and ETX (0x03). Frames are built and read as bytes so that
tests can compare the library's frames byte for byte (docs/test-vectors.md)."""

from __future__ import annotations

import socket
from typing import Iterable, List, Optional, Tuple

STX = b"\x02"
ETX = b"\x03"
TAB = "\t"


# ------------------------------------------------------------------ UCP/EMI


def ucp_checksum(body: str) -> str:
    """Sum of the octets from the first TRN digit through the last '/', mod 256."""
    return "%02X" % (sum(body.encode("latin-1")) & 0xFF)


def ucp_frame(trn: int, kind: str, ot: int, fields: Iterable[str]) -> str:
    """``TT/LLLLL/O|R/OT/f1/.../fn/CC`` (without STX/ETX); every field ends with '/'."""
    data = "".join(f + "/" for f in fields)
    body = "%02d/%05d/%s/%02d/%s" % (trn, len(data) + 16, kind, ot, data)
    return body + ucp_checksum(body)


def ucp_login_frame(trn: int = 0, user: str = "emiuser", password: str = "secret") -> str:
    """OT 60 as Kannel sends it: OTON 6, ONPI 5, STYP 1, PWD IRA-hex, VERS 0100."""
    pwd = password.encode("ascii").hex().upper()
    return ucp_frame(trn, "O", 60, [user, "6", "5", "1", pwd, "", "0100", "", "", "", "", ""])


def ucp_ack(trn: int, ot: int, sm: str = "") -> str:
    """A positive result to a 5x operation: ``A/MVP/SM`` (Kannel: ``A///``)."""
    return ucp_frame(trn, "R", ot, ["A", "", sm])


def ucp_51_fields(adc: str, oadc: str, amsg_hex: str, nrq: str = "", nt: str = "", xser: str = "") -> List[str]:
    """The 33 fields of an OT 51 with MT 3 (alphanumeric text, IRA hex)."""
    f = [""] * 33
    f[0], f[1], f[3], f[5] = adc, oadc, nrq, nt
    f[18] = "3"  # MT
    f[20] = amsg_hex  # Msg
    f[30] = xser
    return f


# -------------------------------------------------------------------- CIMD2


def cimd2_packet(op: int, num: int, params: Iterable[Tuple[str, str]] = (), checksum: bool = True) -> bytes:
    """``STX CC:NNN TAB {PPP:value TAB}* [XX] ETX``; the checksum sums the octets
    from STX (inclusive) through the last TAB."""
    body = STX + ("%02d:%03d" % (op, num) + TAB + "".join("%s:%s\t" % p for p in params)).encode("latin-1")
    if checksum:
        body += ("%02X" % (sum(body) & 0xFF)).encode("ascii")
    return body + ETX


# ------------------------------------------------------------------- client


class RawSTX:
    """A loopback TCP client reading STX..ETX frames (returned without STX/ETX)."""

    def __init__(self, port: int, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, frame: "str | bytes") -> None:
        """Send a frame; a str is wrapped in STX/ETX (UCP style), bytes go as they are."""
        if isinstance(frame, str):
            frame = STX + frame.encode("latin-1") + ETX
        self.sock.sendall(frame)

    def recv(self) -> str:
        """The next frame's text between STX and ETX (octets before STX skipped)."""
        while True:
            i = self.buf.find(STX)
            if i >= 0:
                j = self.buf.find(ETX, i)
                if j >= 0:
                    out, self.buf = self.buf[i + 1:j], self.buf[j + 1:]
                    return out.decode("latin-1")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed by the server")
            self.buf += chunk

    def recv_raw(self) -> bytes:
        """The next frame with its STX and ETX, as bytes."""
        return STX + self.recv().encode("latin-1") + ETX

    def wait_closed(self) -> bool:
        """Read until EOF: True when the server closed the connection."""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False


def ucp_trn(frame: str) -> int:
    return int(frame[:2])


def cimd2_num(frame: str) -> int:
    return int(frame[3:6])


def ucp_fields(frame: str) -> List[str]:
    return frame.split("/")


def parse_cimd2(frame: str) -> Tuple[int, int, List[Tuple[str, str]]]:
    """(op, number, [(code, value), ...]) of a frame's text (checksum dropped)."""
    head, _, rest = frame.partition(TAB)
    params = []
    for p in rest.split(TAB):
        if ":" in p:
            k, _, v = p.partition(":")
            params.append((k, v))
    return int(head[:2]), int(head[3:]), params


def expect(got: str, want: str, what: str = "frame") -> None:
    assert got == want, "%s: got %r, want %r" % (what, got, want)


__all__ = ["RawSTX", "ucp_frame", "ucp_login_frame", "ucp_ack", "ucp_51_fields", "ucp_checksum",
           "cimd2_packet", "ucp_trn", "cimd2_num", "parse_cimd2", "expect", "Optional"]
