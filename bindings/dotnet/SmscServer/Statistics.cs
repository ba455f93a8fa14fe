// Namespace smscs: Statistics and LatencyHistogram, the readable form of
// the C struct smscStatistics that SMSCserverBase.GetStatistics fills
// (docs/api.md, "Statistics").
using System;
using System.Runtime.InteropServices;
using smscs.SMPP;

namespace smscs
{
    /// <summary>The host's answer times of one class of requests (logins,
    /// submits, others): from reading a request to queueing its answer.</summary>
    public sealed class LatencyHistogram
    {
        /// <summary>Number of answers.</summary>
        public ulong Count { get; internal set; }
        /// <summary>Their answer times added up.</summary>
        public TimeSpan Sum { get; internal set; }
        /// <summary>The longest answer time.</summary>
        public TimeSpan Max { get; internal set; }
        /// <summary>Upper bound of each bucket in microseconds, ascending; the
        /// last is ulong.MaxValue (no bound).</summary>
        public ulong[] BoundsMicros { get; internal set; }
        /// <summary>Answers per bucket: at most its bound and above the bound
        /// before (not cumulative).</summary>
        public ulong[] Buckets { get; internal set; }

        internal static unsafe LatencyHistogram From(ulong count, ulong sum, ulong max, ulong* buckets, ulong[] bounds)
        {
            LatencyHistogram h = new LatencyHistogram
            {
                Count = count,
                Sum = TimeSpan.FromTicks((long)sum * 10),
                Max = TimeSpan.FromTicks((long)max * 10),
                BoundsMicros = bounds,
                Buckets = new ulong[bounds.Length],
            };
            for (int i = 0; i < bounds.Length; i++) h.Buckets[i] = buckets[i];
            return h;
        }
    }

    /// <summary>A snapshot of one server's statistics. Counters count from
    /// the server's creation; the ...Current, queue, PendingRequests and
    /// OutstandingDeliveries members are the state when it was taken.
    /// PDUsIn and PDUsOut are indexed by the protocol's kind enum
    /// (smppStatKindEnum, ucpStatKindEnum or cimd2StatKindEnum).</summary>
    public sealed class Statistics
    {
        /// <summary>The server's protocol.</summary>
        public smscProtocolEnum Protocol { get; private set; }
        /// <summary>Connections open now.</summary>
        public ulong ConnectionsCurrent { get; private set; }
        /// <summary>Every TCP connection the listener accepted.</summary>
        public ulong ConnectionsAccepted { get; private set; }
        /// <summary>Of those, closed before their session started (limits, PROXY header, TLS, not accepted in time).</summary>
        public ulong ConnectionsRefused { get; private set; }
        /// <summary>Sessions logged in (bound) now.</summary>
        public ulong LoginsCurrent { get; private set; }
        /// <summary>Positive login answers sent.</summary>
        public ulong LoginsAccepted { get; private set; }
        /// <summary>Negative login answers sent.</summary>
        public ulong LoginsRefused { get; private set; }
        /// <summary>PDUs received, by kind.</summary>
        public ulong[] PDUsIn { get; private set; }
        /// <summary>PDUs sent, by kind.</summary>
        public ulong[] PDUsOut { get; private set; }
        /// <summary>Frames received that could not be decoded or broke the protocol's syntax.</summary>
        public ulong Malformed { get; private set; }
        /// <summary>Answers sent with an error (SMPP non-zero status, UCP NACK, CIMD2 error code).</summary>
        public ulong ErrorResponses { get; private set; }
        /// <summary>Connections ended by a failed socket write.</summary>
        public ulong WriteErrors { get; private set; }
        /// <summary>Client requests the host did not answer within response-timeout.</summary>
        public ulong ResponseTimeouts { get; private set; }
        /// <summary>Deliveries the client did not answer within deliver-timeout.</summary>
        public ulong DeliverTimeouts { get; private set; }
        /// <summary>Connections closed for bind-, idle-, pdu- or write-timeout or an unanswered keep-alive.</summary>
        public ulong SessionTimeouts { get; private set; }
        /// <summary>Events waiting for the dispatcher now.</summary>
        public ulong EventQueue { get; private set; }
        /// <summary>Octets queued for writing now, over all connections.</summary>
        public ulong WriteQueueBytes { get; private set; }
        /// <summary>Client requests handed to the host and not answered yet.</summary>
        public ulong PendingRequests { get; private set; }
        /// <summary>Deliveries awaiting the client's answer.</summary>
        public ulong OutstandingDeliveries { get; private set; }
        /// <summary>Answer times of logins.</summary>
        public LatencyHistogram LoginLatency { get; private set; }
        /// <summary>Answer times of submits.</summary>
        public LatencyHistogram SubmitLatency { get; private set; }
        /// <summary>Answer times of every other request the host answered.</summary>
        public LatencyHistogram OtherLatency { get; private set; }

        /// <summary>The name of a PDU kind of this server's protocol
        /// ("skSmppSubmitSm"), or the number for a kind without a name.</summary>
        public string KindName(int kind)
        {
            switch (Protocol)
            {
                case smscProtocolEnum.SMSC_PROTOCOL_SMPP: return ((smppStatKindEnum)kind).ToString();
                case smscProtocolEnum.SMSC_PROTOCOL_UCP: return ((ucpStatKindEnum)kind).ToString();
                default: return ((cimd2StatKindEnum)kind).ToString();
            }
        }

        internal static unsafe Statistics From(ref Native.smscStatistics c)
        {
            Statistics s = new Statistics
            {
                Protocol = (smscProtocolEnum)c.Protocol,
                ConnectionsCurrent = c.ConnectionsCurrent,
                ConnectionsAccepted = c.ConnectionsAccepted,
                ConnectionsRefused = c.ConnectionsRefused,
                LoginsCurrent = c.LoginsCurrent,
                LoginsAccepted = c.LoginsAccepted,
                LoginsRefused = c.LoginsRefused,
                Malformed = c.Malformed,
                ErrorResponses = c.ErrorResponses,
                WriteErrors = c.WriteErrors,
                ResponseTimeouts = c.ResponseTimeouts,
                DeliverTimeouts = c.DeliverTimeouts,
                SessionTimeouts = c.SessionTimeouts,
                EventQueue = c.EventQueue,
                WriteQueueBytes = c.WriteQueueBytes,
                PendingRequests = c.PendingRequests,
                OutstandingDeliveries = c.OutstandingDeliveries,
                PDUsIn = new ulong[Kinds],
                PDUsOut = new ulong[Kinds],
            };
            ulong[] bounds = new ulong[Buckets];
            fixed (Native.smscStatistics* p = &c)
            {
                for (int i = 0; i < Kinds; i++)
                {
                    s.PDUsIn[i] = p->PDUsIn[i];
                    s.PDUsOut[i] = p->PDUsOut[i];
                }
                for (int i = 0; i < Buckets; i++) bounds[i] = p->LatencyBoundsMicros[i];
                s.LoginLatency = LatencyHistogram.From(c.LoginLatencyCount, c.LoginLatencySumMicros, c.LoginLatencyMaxMicros, p->LoginLatencyBuckets, bounds);
                s.SubmitLatency = LatencyHistogram.From(c.SubmitLatencyCount, c.SubmitLatencySumMicros, c.SubmitLatencyMaxMicros, p->SubmitLatencyBuckets, bounds);
                s.OtherLatency = LatencyHistogram.From(c.OtherLatencyCount, c.OtherLatencySumMicros, c.OtherLatencyMaxMicros, p->OtherLatencyBuckets, bounds);
            }
            return s;
        }

        // SMSC_STAT_KINDS and SMSC_LATENCY_BUCKETS of the header, read from
        // the generated struct's fixed arrays so that they cannot disagree.
        internal static readonly int Kinds = FixedLength("PDUsIn");
        internal static readonly int Buckets = FixedLength("LatencyBoundsMicros");

        static int FixedLength(string field)
        {
            return Marshal.SizeOf(typeof(Native.smscStatistics).GetField(field).FieldType) / sizeof(ulong);
        }
    }

    public abstract partial class SMSCserverBase
    {
        /// <summary>A snapshot of the server's statistics: connections,
        /// logins, PDUs in and out by kind, errors, queue depths and the host's
        /// answer times. Cheap enough to call at any rate, from any thread.
        /// Throws InvalidOperationException when the library refuses (a
        /// disposed server).</summary>
        public unsafe Statistics GetStatistics()
        {
            Native.smscStatistics c = new Native.smscStatistics();
            c.StructSize = (uint)sizeof(Native.smscStatistics);
            int rc = Native.smscGetStatistics(handle, &c);
            if (rc != 0) throw new InvalidOperationException("smscGetStatistics: " + ErrorText(rc));
            return Statistics.From(ref c);
        }
    }
}
