#!/usr/bin/env python3
"""The usage-overview flow of the SMSC server component this library replaces,
in Python with the same names.

    pip install <the smscserver wheel>
    python examples/python/server_usage_overview.py            # port 2048, all interfaces
    python examples/python/server_usage_overview.py --port 0 --host 127.0.0.1 --once

Create an instance, start listening, accept connections (OnTcpConnected), accept
logins (OnSmppLoginReceived), acknowledge submits (OnSmppSubmitMessageReceived),
see whole messages (OnSmppSubmitMessageCompleted), deliver a message and a
status report back (smppSendDeliverMessage, smppSendDeliverStatusReport), match
the client's answers (OnSmppDeliverResponseReceived), answer logouts
(OnSmppLogoutReceived) and close the connections clients keep after them
(tcpCloseConnection), see disconnects (OnTcpDisconnected) and stop listening
(smppFinalizeServer). ``--once`` exits after the first client has gone.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import threading
from datetime import datetime

import smscserver
from smscserver import (
    EncodingEnum,
    SMSCserverSMPP,
    smppMessageStateEnum,
    smppReportTypeEnum,
)


class ServerUsageOverview:
    LOGOUT_GRACE = 2.0  # seconds a client may keep the connection after its logout response

    def __init__(self, once: bool = False) -> None:
        self.once = once
        self.done = threading.Event()
        self.sequenceNumber = itertools.count(1)
        self.messageIDs = itertools.count(1)
        self.submitted = {}  # MessageID -> submit time, for the status report
        self.lastMessageID = ""

        #
        # Create Instance: one server object handles many client connections
        #
        self.serverSMPP = SMSCserverSMPP()

        self.serverSMPP.OnTcpConnected += self.serverSMPP_OnTcpConnected
        self.serverSMPP.OnSmppLoginReceived += self.serverSMPP_OnSmppLoginReceived
        self.serverSMPP.OnSmppSubmitMessageCompleted += self.serverSMPP_OnSmppSubmitMessageCompleted
        self.serverSMPP.OnSmppSubmitMessageReceived += self.serverSMPP_OnSmppSubmitMessageReceived
        self.serverSMPP.OnSmppDeliverResponseReceived += self.serverSMPP_OnSmppDeliverResponseReceived
        self.serverSMPP.OnSmppLogoutReceived += self.serverSMPP_OnSmppLogoutReceived
        self.serverSMPP.OnTcpDisconnected += self.serverSMPP_OnTcpDisconnected

    def getMessageID(self) -> str:
        # Use some method to generate unique message ID
        return "msg-%d" % next(self.messageIDs)

    # ------------------------------------------------------------ events

    #
    # Event fired when client connects on TCP/IP level
    #
    def serverSMPP_OnTcpConnected(self, sender: SMSCserverSMPP, e: smscserver.tcpConnectedEventArgs) -> None:
        print("OnTcpConnected: client %d from %s:%d" % (e.ClientID, e.RemoteHost, e.RemotePort), flush=True)
        self.serverSMPP.tcpAcceptConnection(e.ClientID)

    #
    # Event fired on login (bind) message receive
    #
    def serverSMPP_OnSmppLoginReceived(self, sender: SMSCserverSMPP,
                                       e: smscserver.smppLoginReceivedEventArgs) -> None:
        print("OnSmppLoginReceived: client %d system_id=%s mode=%s" % (e.ClientID, e.SystemID, e.BindMode.name),
              flush=True)
        self.serverSMPP.smppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "tops-smsc")

    def serverSMPP_OnSmppSubmitMessageCompleted(self, sender: SMSCserverSMPP,
                                                e: smscserver.smppSubmitMessageCompletedEventArgs) -> None:
        # Message received here is completed if it was a long/multipart
        # message or if no completing is necessary.
        print("OnSmppSubmitMessageCompleted: %s -> %s: %r (%d part(s))"
              % (e.Originator, e.Destination, e.Content, len(e.SequenceNumbers)), flush=True)
        # Answer the client: deliver a message, and a status report when it asked for one.
        self.deliverMessage(e.ClientID, e.Originator, e.Destination)
        if e.Options & smscserver.SubmitOptionEnum.soRequestStatusReport:
            self.deliverStatusReport(e.ClientID, e.Originator, e.Destination, self.lastMessageID)

    #
    # Event fired when message to submit is received
    # (submit_sm or submit_multi) from client
    #
    def serverSMPP_OnSmppSubmitMessageReceived(self, sender: SMSCserverSMPP,
                                               e: smscserver.smppSubmitMessageReceivedEventArgs) -> None:
        # Here every basic partial message is reported to the user.

        #
        # Use some method to generate unique message ID
        #
        MessageID = self.getMessageID()
        self.lastMessageID = MessageID
        self.submitted[MessageID] = datetime.now()

        MultipleDestinations = e.Destination.find(";") != -1

        self.serverSMPP.smppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, MessageID,
                                                      MultipleDestinations)
        print("OnSmppSubmitMessageReceived: part seq %d acknowledged as %s" % (e.SequenceNumber, MessageID),
              flush=True)

    #
    # Event fired when response to message or status response
    # (deliver_sm) has been received from the client party
    #
    def serverSMPP_OnSmppDeliverResponseReceived(self, sender: SMSCserverSMPP,
                                                 e: smscserver.smppDeliverResponseReceivedEventArgs) -> None:
        # Answer can be matched with submitted data via e.SequenceNumber parameter.
        print("OnSmppDeliverResponseReceived: seq %d status %d" % (e.SequenceNumber, e.Status), flush=True)

    #
    # Event fired on logout (unbind) message receive
    #
    def serverSMPP_OnSmppLogoutReceived(self, sender: SMSCserverSMPP,
                                        e: smscserver.smppLogoutReceivedEventArgs) -> None:
        print("OnSmppLogoutReceived: client %d" % e.ClientID, flush=True)
        self.serverSMPP.smppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0)
        # Then after giving some time to let client receive and process logout
        # response if the connection is not closed by the client it may be
        # closed using tcpCloseConnection method (a client that has gone makes
        # it return SMSC_ERR_UNKNOWN_CLIENT; ClientIDs are never reused).
        closer = threading.Timer(self.LOGOUT_GRACE, self.serverSMPP.tcpCloseConnection, (e.ClientID,))
        closer.daemon = True
        closer.start()

    #
    # Event fired when client disconnects on TCP/IP level
    #
    def serverSMPP_OnTcpDisconnected(self, sender: SMSCserverSMPP, e: smscserver.tcpDisconnectedEventArgs) -> None:
        print("OnTcpDisconnected: client %d (%s)" % (e.ClientID, e.ReasonText), flush=True)
        if self.once:
            self.done.set()

    # ----------------------------------------------------------- methods

    def deliverMessage(self, clientID: int, destination: str, originator: str) -> None:
        #
        # To deliver message to the client use
        # smppSendDeliverMessage method
        #
        result = self.serverSMPP.smppSendDeliverMessage(
            clientID, next(self.sequenceNumber), destination, 1, 1, originator, 1, 1,
            "Hello from SMSC Server Library", EncodingEnum.et7BitText, "", 0, "", "")

        if result == 0:
            print("smppSendDeliverMessage: delivery started", flush=True)  # Message delivery started correctly
        else:
            print("smppSendDeliverMessage: error %d %s" % (result, smscserver.error_text(result)), flush=True)

    def deliverStatusReport(self, clientID: int, destination: str, originator: str, messageID: str) -> None:
        #
        # To deliver status report to the client use
        # smppSendDeliverStatusReport method
        #
        result = self.serverSMPP.smppSendDeliverStatusReport(
            clientID, next(self.sequenceNumber), destination, 1, 1, originator, 1, 1,
            smppReportTypeEnum.rtFinal, messageID, "", 1, 1, self.submitted.get(messageID, datetime.now()),
            datetime.now(), smppMessageStateEnum.msDelivered, 0, "", "")

        if result == 0:
            print("smppSendDeliverStatusReport: status report started for %s" % messageID, flush=True)
        else:
            print("smppSendDeliverStatusReport: error %d %s" % (result, smscserver.error_text(result)), flush=True)

    # --------------------------------------------------------- lifecycle

    def run(self, host: str, port: int) -> int:
        #
        # Start server listening on all TCP/IP interfaces on port 2048
        #
        result = self.serverSMPP.smppInitializeServer(host, port, "")

        if result == 0:
            # Server initialized correctly, awaiting client connections
            print("listening on port %d" % self.serverSMPP.LocalPort, flush=True)
        else:
            # Error initializing server
            print("error initializing server: %d %s" % (result, smscserver.error_text(result)), flush=True)
            return 1

        try:
            while not self.done.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass

        #
        # Make server stop listening for incoming connections
        #
        self.serverSMPP.smppFinalizeServer()
        # No longer awaiting client connections

        self.serverSMPP.close()  # closes the remaining connections and frees the server
        print("server finalized", flush=True)
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="", help='listen address ("" = all interfaces)')
    ap.add_argument("--port", type=int, default=2048, help="0 = a free port")
    ap.add_argument("--once", action="store_true", help="exit after the first client disconnected")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return ServerUsageOverview(args.once).run(args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
