#!/usr/bin/env python3
"""Python smpplib (PyPI, pinned in requirements.txt) against the test SMSC.

Started by run.sh with SMPP_PORT / CTRL_PORT, in tests/interop/.venv. The
client splits long messages itself (smpplib.gsm.make_parts): GSM 7-bit
with UDH, where the part boundary cuts an escape sequence (the euro sign);
UCS-2 with UDH, where the boundary cuts a surrogate pair; and GSM with SAR
TLVs instead of a UDH. The server must report each message whole, in one
OnSmppSubmitMessageCompleted, with the text as sent, and answer every part
with an id whose receipt comes back to this transceiver.
"""

import os
import socket
import sys
import time

import smpplib.client
import smpplib.consts
import smpplib.gsm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from interop import Control, check, done, log  # noqa: E402


def gsm_text_with_split_escape():
    # smpplib cuts 7-bit parts every 153 octets: put the euro sign (ESC 0x65)
    # at octets 152-153 so ESC ends part 1 and 0x65 starts part 2.
    head = "Long GSM message from smpplib @ interop: " + "abcdefghij" * 20
    head = head[:152]
    return head + "€" + " and after the euro sign the text goes on for a while, " * 4


def ucs2_text_with_split_pair():
    # UCS-2 parts are 134 octets = 67 UTF-16 units: the emoji (a surrogate
    # pair) at units 66-67 is cut in two.
    head = ("Привет из smpplib! " * 4)[:66]
    return head + "🙂" + " Длинное сообщение в UCS-2, разрезанное клиентом." * 2


def main():
    ctl = Control()
    client = smpplib.client.Client("127.0.0.1", int(os.environ["SMPP_PORT"]), timeout=10)
    sent_ids = []
    receipts = []
    client.set_message_sent_handler(lambda pdu: sent_ids.append(pdu.message_id.decode()))

    def on_deliver(pdu):
        receipts.append(pdu)
        return 0  # deliver_sm_resp status
    client.set_message_received_handler(on_deliver)

    client.connect()
    client.bind_transceiver(system_id="pyuser", password="pw")
    b = ctl.wait("bind", system_id="pyuser")
    check(b is not None and b["mode"] == "trx", "bind_transceiver seen by the server", repr(b))

    cases = [
        ("gsm-udh", "447700900601", gsm_text_with_split_escape(), True, "et7BitText"),
        ("ucs2-udh", "447700900602", ucs2_text_with_split_pair(), True, "etUCS2Text"),
        ("gsm-sar", "447700900603", ("SAR segmented message from smpplib. " * 9).strip(), False, "et7BitText"),
    ]
    total_parts = 0
    for tag, dst, text, udhi, enc in cases:
        parts, coding, esm = smpplib.gsm.make_parts(text, use_udhi=udhi)
        check(len(parts) > 1, "%s: smpplib split it into %d parts" % (tag, len(parts)))
        total_parts += len(parts)
        ref = 0x1234 + len(dst) % 7
        for i, part in enumerate(parts, 1):
            kw = {}
            if not udhi:
                kw = dict(sar_msg_ref_num=ref, sar_total_segments=len(parts), sar_segment_seqnum=i)
            client.send_message(
                source_addr_ton=smpplib.consts.SMPP_TON_INTL, source_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
                source_addr="447700900600",
                dest_addr_ton=smpplib.consts.SMPP_TON_INTL, dest_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
                destination_addr=dst, short_message=part, data_coding=coding, esm_class=esm,
                registered_delivery=True, **kw)
        c = ctl.wait("complete", 10, dst=dst)
        if check(c is not None, "%s: server completed the message" % tag, repr(ctl.events("incomplete"))):
            check(c["parts"] == len(parts), "%s: from %d parts" % (tag, len(parts)), c["parts"])
            check(c["text"] == text, "%s: text as sent" % tag, "\n got  %r\n want %r" % (c["text"], text))
            check(c["enc"] == enc, "%s: encoding %s" % (tag, enc), c["enc"])
            check(c["udh"] == "", "%s: no UDH left after reassembly" % tag, c["udh"])
            if not udhi:
                check("smpp.tlv.sar_msg_ref_num=%04X" % ref in c["ext"], "%s: SAR TLVs reported" % tag, c["ext"])

    # Every part answered with an id, every id's receipt delivered back.
    end = time.time() + 15
    client._socket.settimeout(1)
    while time.time() < end and (len(sent_ids) < total_parts or len(receipts) < total_parts):
        try:
            client.read_once(auto_send_enquire_link=False)
        except socket.timeout:
            pass
    check(len(sent_ids) == total_parts and len(set(sent_ids)) == total_parts,
          "%d submit_sm_resp with distinct ids" % total_parts, repr(sent_ids))
    got = set()
    for r in receipts:
        rid = getattr(r, "receipted_message_id", None)
        if isinstance(rid, bytes):
            rid = rid.rstrip(b"\0").decode()
        got.add(rid)
    check(got == set(sent_ids), "a receipt for every part, matched by receipted_message_id",
          "%r vs %r" % (sorted(got), sorted(sent_ids)))
    check(all(r.esm_class & 0x04 for r in receipts), "receipts have esm_class 0x04")
    incomplete = ctl.events("incomplete")
    check(not incomplete, "no incomplete message", repr(incomplete))

    client.unbind()
    check(ctl.wait("unbind") is not None, "unbind seen by the server")
    client.disconnect()
    done()


if __name__ == "__main__":
    main()
