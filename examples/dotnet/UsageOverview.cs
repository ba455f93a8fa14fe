// The C# code of shared/docs/reference/server-usage-overview.txt, unchanged,
// arranged in one class: every line between a "verbatim" and an "end
// verbatim" marker is copied from the reference (the example runner checks
// this). Only the glue outside the markers is ours: the class, the methods
// that hold the statement snippets, and the three names the snippets use
// without declaring them (clientID, sequenceNumber, getMessageID).
using System;
using System.Threading;
using smscs;
using smscs.SMPP;

namespace SmscExamples
{
    public class UsageOverview : IDisposable
    {
        // Used by the snippets, declared by us: the connection to deliver to
        // (set by the runner) and the next sequence number.
        public int clientID;
        int sequenceNumber = 1;
        int lastMessageID;

        // Create Instance
        // ---- verbatim from server-usage-overview.txt ----
          SMSCserverSMPP serverSMPP = new smscs.SMPP.SMSCserverSMPP();
        // ---- end verbatim ----

        public SMSCserverSMPP Server
        {
            get { return serverSMPP; }
        }

        // "Use some method to generate unique message ID"
        string getMessageID()
        {
            return "msg-" + Interlocked.Increment(ref lastMessageID);
        }

        // Start Listening for Connections
        public int StartListening()
        {
            // ---- verbatim from server-usage-overview.txt ----
            //
            // Start server listening on all TCP/IP interfaces on port 2048
            //
            int result = serverSMPP.smppInitializeServer("", 2048, "");

            if(result == 0) {
              // Server initialized correctly, awaiting client connections
            } else {
              // Error initializing server
            }
            // ---- end verbatim ----
            return result;
        }

        // The event registrations of every section
        public void RegisterEvents()
        {
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnTcpConnected +=
              new smscs.tcpConnectedEvent(
                this.serverSMPP_OnTcpConnected);
            // ---- end verbatim ----
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnSmppLoginReceived +=
              new smscs.SMPP.smppLoginReceivedEvent(
                this.serverSMPP_OnSmppLoginReceived);
            // ---- end verbatim ----
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnSmppSubmitMessageCompleted +=
              new smscs.SMPP.smppSubmitMessageCompletedEvent(
                this.serverSMPP_OnSmppSubmitMessageCompleted);
            this.serverSMPP.OnSmppSubmitMessageReceived +=
              new smscs.SMPP.smppSubmitMessageReceivedEvent(
                this.serverSMPP_OnSmppSubmitMessageReceived);
            // ---- end verbatim ----
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnSmppDeliverResponseReceived +=
              new smscs.SMPP.smppDeliverResponseReceivedEvent(
                this.serverSMPP_OnSmppDeliverResponseReceived);
            // ---- end verbatim ----
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnSmppLogoutReceived +=
              new smscs.SMPP.smppLogoutReceivedEvent(
                this.serverSMPP_OnSmppLogoutReceived);
            // ---- end verbatim ----
            // ---- verbatim from server-usage-overview.txt ----
            this.serverSMPP.OnTcpDisconnected +=
              new smscs.tcpDisconnectedEvent(
                this.serverSMPP_OnTcpDisconnected);
            // ---- end verbatim ----
        }

        // Client Connection Notification
        // ---- verbatim from server-usage-overview.txt ----
        //
        // Event fired when client connects on TCP/IP level
        //
        private void serverSMPP_OnTcpConnected(object sender,
          smscs.tcpConnectedEventArgs e)
        {
          serverSMPP.tcpAcceptConnection(e.ClientID);
        }
        // ---- end verbatim ----

        // Client Login Notification
        // ---- verbatim from server-usage-overview.txt ----
        //
        // Event fired on login (bind) message receive
        //
        private void serverSMPP_OnSmppLoginReceived(object sender,
          smscs.SMPP.smppLoginReceivedEventArgs e)
        {
          serverSMPP.smppSendLoginResponse(e.ClientID,
            e.SequenceNumber, e.BindMode, 0, "tops-smsc");
        }
        // ---- end verbatim ----

        // Message Received Notification
        // ---- verbatim from server-usage-overview.txt ----
        private void serverSMPP_OnSmppSubmitMessageCompleted(
          object sender,
          smscs.SMPP.smppSubmitMessageCompletedEventArgs e)
        {
          // Message received here is completed if it was a long/multipart
          // message or if no completing is necessary.
        }

        //
        // Event fired when message to submit is received
        // (send_sm or submit_multi) from client
        //
        private void serverSMPP_OnSmppSubmitMessageReceived(
          object sender,
          smscs.SMPP.smppSubmitMessageReceivedEventArgs e)
        {
          // Here every basic partial message is reported to the user.

          //
          // Use some method to generate unique message ID
          //
          string MessageID = getMessageID();

          bool MultipleDestinations = (e.Destination.IndexOf(";") != -1);

          serverSMPP.smppSendSubmitMessageResponse(e.ClientID,
            e.SequenceNumber, 0, MessageID, MultipleDestinations);
        }
        // ---- end verbatim ----

        // Deliver Message
        public int DeliverMessage()
        {
            // ---- verbatim from server-usage-overview.txt ----
            //
            // To deliver message to the client use
            // smppSendDeliverMessage method
            //
            int result = serverSMPP.smppSendDeliverMessage(clientID,
              sequenceNumber++, "48999123456", 1, 1, "48999654321", 1, 1,
              "Hello from SMSC Server Library", EncodingEnum.et7BitText,
              "", 0, "", "");

            if(result == 0) {
              // Message delivery started correctly
            } else {
              // Error delivering message
            }
            // ---- end verbatim ----
            return result;
        }

        // Deliver Status Report
        public int DeliverStatusReport()
        {
            // ---- verbatim from server-usage-overview.txt ----
            //
            // To deliver status report to the client use
            // smppSendDeliverStatusReport method
            //
            int result = serverSMPP.smppSendDeliverStatusReport(clientID,
              sequenceNumber++, "48999123456", 1, 1, "48999654321", 1, 1,
              smppReportTypeEnum.rtFinal, "", "", 1, 1, DateTime.Now,
              DateTime.Now, smppMessageStateEnum.msDelivered, 0, "", "");

            if(result == 0) {
              // Status report delivery started correctly
            } else {
              // Error delivering message
            }
            // ---- end verbatim ----
            return result;
        }

        // Handling Client Response
        // ---- verbatim from server-usage-overview.txt ----
        //
        // Event fired when response to message or status response
        // (deliver_sm) has been received from the client party
        //
        private void serverSMPP_OnSmppDeliverResponseReceived(
          object sender,
          smscs.SMPP.smppDeliverResponseReceivedEventArgs e)
        {

        }
        // ---- end verbatim ----

        // Client Logout Notification
        // ---- verbatim from server-usage-overview.txt ----
        //
        // Event fired on logout (unbind) message receive
        //
        private void serverSMPP_OnSmppLogoutReceived(object sender,
          smscs.SMPP.smppLogoutReceivedEventArgs e)
        {
          serverSMPP.smppSendLogoutResponse(e.ClientID,
            e.SequenceNumber, 0);
        }
        // ---- end verbatim ----

        // Client Disconnect Notification
        // ---- verbatim from server-usage-overview.txt ----
        //
        // Event fired when client disconnects on TCP/IP level
        //
        private void serverSMPP_OnTcpDisconnected(object sender,
          smscs.tcpDisconnectedEventArgs e)
        {

        }
        // ---- end verbatim ----

        // Stop Listening for Connections
        public void StopListening()
        {
            // ---- verbatim from server-usage-overview.txt ----
            //
            // Make server stop listening for incoming connections
            //
            serverSMPP.smppFinalizeServer();

            // No longer awaiting client connections
            // ---- end verbatim ----
        }

        public void Dispose()
        {
            serverSMPP.Dispose();
        }
    }
}
