"""A minimal raw-socket SMPP client for what smpplib cannot send
(submit_multi, cancel_sm, replace_sm, unknown commands, silence)."""

from __future__ import annotations

import socket
import struct
from typing import NamedTuple, Optional


class PDU(NamedTuple):
    cmd: int
    status: int
    seq: int
    body: bytes


def cstr(s: str) -> bytes:
    return s.encode("latin-1") + b"\0"


def split_cstr(b: bytes, off: int = 0):
    end = b.index(b"\0", off)
    return b[off:end].decode("latin-1"), end + 1


BIND_TRANSCEIVER = 0x09
BIND_TRANSMITTER = 0x02
BIND_RECEIVER = 0x01
QUERY_SM = 0x03
REPLACE_SM = 0x07
CANCEL_SM = 0x08
ENQUIRE_LINK = 0x15
SUBMIT_MULTI = 0x21
DATA_SM = 0x103
GENERIC_NACK = 0x80000000
RESP = 0x80000000


class RawSMPP:
    def __init__(self, port: int, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.seq = 0
        self.buf = b""

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, cmd: int, body: bytes = b"", seq: Optional[int] = None, status: int = 0) -> int:
        if seq is None:
            self.seq += 1
            seq = self.seq
        self.sock.sendall(struct.pack(">IIII", 16 + len(body), cmd, status, seq) + body)
        return seq

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed by the server")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self) -> PDU:
        length, cmd, status, seq = struct.unpack(">IIII", self._read(16))
        return PDU(cmd, status, seq, self._read(length - 16))

    def recv_cmd(self, cmd: int) -> PDU:
        """Next PDU with command id ``cmd``; answers enquire_link on the way."""
        for _ in range(100):
            p = self.recv()
            if p.cmd == ENQUIRE_LINK:
                self.send(ENQUIRE_LINK | RESP, seq=p.seq)
                continue
            if p.cmd == cmd:
                return p
            raise AssertionError("expected command 0x%x, got 0x%x status 0x%x" % (cmd, p.cmd, p.status))
        raise AssertionError("too many PDUs")

    def bind(self, cmd: int = BIND_TRANSCEIVER, system_id: str = "raw", password: str = "pw",
             version: int = 0x34) -> PDU:
        body = cstr(system_id) + cstr(password) + cstr("") + bytes([version, 0, 0]) + cstr("")
        self.send(cmd, body)
        return self.recv_cmd(cmd | RESP)

    def wait_closed(self) -> bool:
        """Read until EOF (answering enquire_links): True when the server closed."""
        try:
            while True:
                p = self.recv()
                if p.cmd == ENQUIRE_LINK:
                    self.send(ENQUIRE_LINK | RESP, seq=p.seq)
        except EOFError:
            return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False


def submit_multi_body(src: str, dests, text: bytes) -> bytes:
    b = cstr("") + bytes([1, 1]) + cstr(src) + bytes([len(dests)])
    for d in dests:
        b += bytes([1, 1, 1]) + cstr(d)
    b += bytes([0, 0, 0]) + cstr("") + cstr("") + bytes([0, 0, 0, 0, len(text)]) + text
    return b


def query_body(message_id: str, src: str) -> bytes:
    return cstr(message_id) + bytes([1, 1]) + cstr(src)


def cancel_body(message_id: str, src: str, dst: str, service_type: str = "") -> bytes:
    return cstr(service_type) + cstr(message_id) + bytes([1, 1]) + cstr(src) + bytes([2, 1]) + cstr(dst)


def replace_body(message_id: str, src: str, text: bytes, registered: int = 1) -> bytes:
    return (cstr(message_id) + bytes([1, 1]) + cstr(src) + cstr("") + cstr("")
            + bytes([registered, 0, len(text)]) + text)
