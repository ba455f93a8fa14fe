// The C# usage-overview sample of the SMSC server component this library
// replaces, kept verbatim and arranged in one class: every line between a
// "vendor sample, verbatim" and an "end verbatim" marker is the vendor's code,
// unchanged, so that compiling this file against the binding proves that code
// written for that component ports without edits, and running it (Program.cs)
// proves it works against a real client. bindings/dotnet/tests/SmppTests.cs
// pins the marked regions with a SHA-256: they must not be edited. Only the
// glue outside the markers is ours: the class, the methods that hold the
// statement snippets, and the three names the snippets use without declaring
// them (clientID, sequenceNumber, getMessageID).
using System;
using System.Threading;
using System.Threading.Tasks;
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
        // ---- vendor sample, verbatim ----
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
            // ---- vendor sample, verbatim ----
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
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnTcpConnected +=
              new smscs.tcpConnectedEvent(
                this.serverSMPP_OnTcpConnected);
            // ---- end verbatim ----
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnSmppLoginReceived +=
              new smscs.SMPP.smppLoginReceivedEvent(
                this.serverSMPP_OnSmppLoginReceived);
            // ---- end verbatim ----
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnSmppSubmitMessageCompleted +=
              new smscs.SMPP.smppSubmitMessageCompletedEvent(
                this.serverSMPP_OnSmppSubmitMessageCompleted);
            this.serverSMPP.OnSmppSubmitMessageReceived +=
              new smscs.SMPP.smppSubmitMessageReceivedEvent(
                this.serverSMPP_OnSmppSubmitMessageReceived);
            // ---- end verbatim ----
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnSmppDeliverResponseReceived +=
              new smscs.SMPP.smppDeliverResponseReceivedEvent(
                this.serverSMPP_OnSmppDeliverResponseReceived);
            // ---- end verbatim ----
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnSmppLogoutReceived +=
              new smscs.SMPP.smppLogoutReceivedEvent(
                this.serverSMPP_OnSmppLogoutReceived);
            // ---- end verbatim ----
            // Ours: the sample's prose goes on "Then after giving some time to
            // let client receive and process logout response if the connection
            // is not closed by the client it may be closed using
            // tcpCloseConnection method", without code for it.
            this.serverSMPP.OnSmppLogoutReceived += this.closeAfterLogout;
            // ---- vendor sample, verbatim ----
            this.serverSMPP.OnTcpDisconnected +=
              new smscs.tcpDisconnectedEvent(
                this.serverSMPP_OnTcpDisconnected);
            // ---- end verbatim ----
        }

        // Client Connection Notification
        // ---- vendor sample, verbatim ----
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
        // ---- vendor sample, verbatim ----
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
        // ---- vendor sample, verbatim ----
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
            // ---- vendor sample, verbatim ----
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
            // ---- vendor sample, verbatim ----
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
        // ---- vendor sample, verbatim ----
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
        // ---- vendor sample, verbatim ----
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

        // How long a client may keep the connection after its logout response.
        public const int LogoutGraceMs = 2000;

        // Closes the connection unless the client did within LogoutGraceMs. A
        // client that has gone makes tcpCloseConnection return
        // SMSC_ERR_UNKNOWN_CLIENT; ClientIDs are never reused.
        void closeAfterLogout(object sender, smscs.SMPP.smppLogoutReceivedEventArgs e)
        {
            int id = e.ClientID;
            Task.Delay(LogoutGraceMs).ContinueWith(t => serverSMPP.tcpCloseConnection(id));
        }

        // Client Disconnect Notification
        // ---- vendor sample, verbatim ----
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
            // ---- vendor sample, verbatim ----
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
