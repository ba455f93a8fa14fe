"""smpp_probe.py PORT - one SMPP 3.4 session against examples/c/smsc.c.

Used by deb_test.sh on the program built from the installed .deb: a bind
with a wrong password must be refused (ESME_RINVPASWD), a bind with the
example's password "secret" accepted, a submit_sm answered with a message
id, and an unbind answered. Standard library only (it runs before any venv).
"""

import socket
import struct
import sys

BIND_TRX, BIND_TRX_RESP = 0x00000009, 0x80000009
SUBMIT_SM, SUBMIT_SM_RESP = 0x00000004, 0x80000004
UNBIND, UNBIND_RESP = 0x00000006, 0x80000006
ESME_RINVPASWD = 0x0E


def cstr(s):
    return s.encode("ascii") + b"\0"


def pdu(cmd, seq, body=b""):
    return struct.pack(">IIII", 16 + len(body), cmd, 0, seq) + body


def read_pdu(sock):
    head = b""
    while len(head) < 16:
        chunk = sock.recv(16 - len(head))
        if not chunk:
            raise SystemExit("FAIL connection closed while waiting for a PDU")
        head += chunk
    length, cmd, status, seq = struct.unpack(">IIII", head)
    body = b""
    while len(body) < length - 16:
        chunk = sock.recv(length - 16 - len(body))
        if not chunk:
            raise SystemExit("FAIL connection closed inside a PDU")
        body += chunk
    return cmd, status, seq, body


def expect(sock, want_cmd, want_seq):
    # the SMSC may send enquire_link or deliver_sm in between: skip them
    for _ in range(10):
        cmd, status, seq, body = read_pdu(sock)
        if cmd == want_cmd and seq == want_seq:
            return status, body
    raise SystemExit("FAIL no answer 0x%08X to sequence %d" % (want_cmd, want_seq))


def bind(port, password):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    body = cstr("probe") + cstr(password) + cstr("") + bytes([0x34, 0, 0]) + cstr("")
    sock.sendall(pdu(BIND_TRX, 1, body))
    status, _ = expect(sock, BIND_TRX_RESP, 1)
    return sock, status


def main():
    port = int(sys.argv[1])
    sock, status = bind(port, "wrong")
    sock.close()
    if status != ESME_RINVPASWD:
        raise SystemExit("FAIL bind with a wrong password: status 0x%02X, want 0x%02X" % (status, ESME_RINVPASWD))
    print("ok   bind with a wrong password refused (0x%02X)" % status)

    sock, status = bind(port, "secret")
    if status != 0:
        raise SystemExit("FAIL bind with the right password: status 0x%02X" % status)
    print("ok   bind_transceiver accepted")
    text = b"hello from the .deb"
    body = (cstr("") + bytes([1, 1]) + cstr("4670000001") + bytes([1, 1]) + cstr("4670000002")
            + bytes([0, 0, 0]) + cstr("") + cstr("") + bytes([0, 0, 0, 0, len(text)]) + text)
    sock.sendall(pdu(SUBMIT_SM, 2, body))
    status, body = expect(sock, SUBMIT_SM_RESP, 2)
    msgid = body.split(b"\0", 1)[0].decode("ascii")
    if status != 0 or not msgid:
        raise SystemExit("FAIL submit_sm: status 0x%02X, message id %r" % (status, msgid))
    print("ok   submit_sm answered with message id %s" % msgid)
    sock.sendall(pdu(UNBIND, 3))
    status, _ = expect(sock, UNBIND_RESP, 3)
    if status != 0:
        raise SystemExit("FAIL unbind: status 0x%02X" % status)
    print("ok   unbind answered")
    sock.close()


if __name__ == "__main__":
    main()
