/*
 * smscserver.h - C interface of libsmscserver, the server side of an SMS
 * centre (SMSC) as a library: SMPP 3.3/3.4/5.0, UCP/EMI and CIMD2 servers.
 *
 * This header is the one source of truth of the ABI: the library's event
 * copies and C forwarders, the Python ctypes mirrors and the .NET P/Invoke
 * mirrors are generated from it (make generate; docs/abi.md, "Generated
 * mirrors"). Comments on structs, members, callbacks and enums become the
 * bindings' documentation.
 *
 * Names follow the SMSC server component this library replaces
 * (smppInitializeServer, tcpAcceptConnection, OnSmppSubmitMessageReceived, ...)
 * so that code written against it ports by renaming nothing. Every function
 * takes the server handle first.
 *
 * CONVENTIONS (they hold for every function below unless its comment says
 * otherwise)
 *
 * Return codes: 0 success; negative = an smscError (see below, text by
 * smscErrorText); positive = the operating system's network error number:
 * errno on Linux and other Unix systems (EADDRINUSE is 98 on Linux), and on
 * Windows a Windows Sockets error number, WSAGetLastError's WSAE* value
 * (WSAEADDRINUSE 10048, WSAECONNRESET 10054, WSAEACCES 10013), never an
 * errno. smscErrorText gives the system's text for either.
 *
 * Each function's comment ends with "Returns:", the codes it can return
 * ("Returns (f, g*):" where one comment covers several functions). Every
 * function taking a handle can also return SMSC_ERR_INVALID_HANDLE (NULL,
 * made-up or destroyed handle, or another protocol's handle given to an
 * smpp*, ucp* or cimd2* function) and SMSC_ERR_INTERNAL (a library bug,
 * caught and logged), so the lists leave those two out. Exceptions:
 * smscDispatchEvents returns SMSC_ERR_SERVER_DESTROYED for a destroyed
 * handle; smscSetOnSmpp*, smscSetOnUcp* and smscSetOnCimd2* return
 * SMSC_ERR_INVALID_ARGUMENT for another protocol's handle; and a call
 * racing smscDestroyServer on another thread may get
 * SMSC_ERR_SERVER_DESTROYED (the functions taking a ClientID, and the
 * InitializeServer ones). Positive values come only from the
 * InitializeServer functions (e.g. EADDRINUSE for a port in use). No Send
 * function returns one: the library writes to the socket after the call
 * returned, and a failed write ends the connection (OnTcpDisconnected's
 * Reason names the error).
 *
 * Handles: SMSCserver is opaque. A handle stays invalid forever after
 * smscDestroyServer: using it again returns SMSC_ERR_INVALID_HANDLE, and it can
 * never alias a server created later. NULL and made-up handles are refused the
 * same way. Nothing crashes on a bad handle, a NULL pointer or a bad enum value.
 *
 * Strings: every const char* argument is UTF-8, NUL-terminated and borrowed:
 * the library copies what it needs before returning; the caller keeps
 * ownership. NULL string arguments are treated as "" unless documented as
 * required. The library never returns memory the caller must free.
 *
 * Threads: every function may be called from any thread, concurrently, and
 * from inside any callback (including tcpCloseConnection, smppFinalizeServer
 * and smscDestroyServer, see there).
 *
 * Times: int64_t milliseconds since the Unix epoch, UTC. 0 = "not set" (for
 * a date the library must print, "not set" means now).
 *
 * CALLBACKS
 * Every event has a callback type  int (*)(void *userData, const Args *e)
 * and one registration function smscSet<EventName>(h, callback, userData).
 * Registering NULL removes the callback and restores the library's default.
 *  - e and every string and array it points to are owned by the library and
 *    valid only until the callback returns: copy what you keep.
 *  - Return 0 when you handled the event. For request events (login, logout,
 *    submit, query, cancel, replace, RAW requests) a non-zero return asks the
 *    library to send its default answer, as if no callback were registered;
 *    for OnTcpConnected it accepts the connection (the default). Other
 *    events ignore the return value.
 *  - Which thread: in SMSC_DISPATCH_DIRECT mode (the default) callbacks run on
 *    library threads as events happen; in SMSC_DISPATCH_PUMPED mode they run on
 *    the thread that calls smscDispatchEvents. Events of one connection are
 *    never run concurrently with each other and always arrive in order;
 *    OnTcpDisconnected is the last one of a connection. Events of different
 *    connections may run concurrently in direct mode. One exception: the
 *    OnSmppTraceProtocol event of a PDU the host sends is run on the sending
 *    thread in direct mode.
 *  - No library lock is held while a callback runs.
 *  - userData is passed back untouched; the library never dereferences it.
 *  - ClientID is -1 in an event whose connection ended (or was closing
 *    after a final answer) before the event ran, as the reference defines
 *    it: in pumped mode events wait in a queue, so a host pumping late sees
 *    -1 and knows it can no longer answer (sending with -1 returns
 *    SMSC_ERR_UNKNOWN_CLIENT). The exceptions always carry the
 *    connection's real id: OnTcpDisconnected, so the host can forget it;
 *    the ...DeliverResponseReceived events, the answer or library outcome
 *    of the host's own delivery, so the host can match it; and the
 *    ...SubmitMessageIncomplete events (beyond the reference), which
 *    report what a connection left behind, often because it ended.
 *
 * DEFAULTS when no callback is registered: connections are accepted; logins
 * are rejected and the connection closed (SMPP bind_resp ESME_RBINDFAIL, UCP
 * NACK 07, CIMD2 51 with 900:100); keep-alives are answered by the library
 * (SMPP enquire_link, UCP 31, CIMD2 40); a logout is answered and the
 * connection closed (SMPP unbind, CIMD2 02); a submit is refused (SMPP
 * ESME_RSYSERR, UCP NACK 55, CIMD2 53 with 900:6); query/cancel/replace go
 * to OnSmppRAWReceived if registered, else get their failure status; other
 * requests get the protocol's "not supported" answer (SMPP generic_nack
 * ESME_RINVCMDID, UCP NACK 03, CIMD2 its response or 98 with 900:1). A request a callback received but
 * never answered gets the same default answer after response-timeout.
 *
 * TIMES IN EVENTS: DeliveryTime and ValidityPeriod are moments. A relative
 * time on the wire is reported as the moment the library read the submit
 * plus the period, with soDeliveryTimeRelative / soValidityPeriodRelative
 * set (subtract the event's arrival to recover the period); an absolute
 * one sets the ...Absolute flag; when a message has both forms, the
 * absolute one wins. A relative validity period is shortened to 31 days,
 * as the reference states ("Anything above will be shortened to 31
 * days"); absolute validity and delivery times are never changed. UCP has
 * no relative form.
 *
 * MEMORY: the library allocates event arguments in one block per event and
 * frees it when the callback returns. A server's memory is released by
 * smscDestroyServer; the handle itself costs a few bytes for the process
 * lifetime (so that it is never reused).
 */
#ifndef SMSCSERVER_H
#define SMSCSERVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SMSCSERVER_ABI_VERSION 1

/* The library's version, the one place every binding and the build take
 * it from. */
#define SMSCSERVER_VERSION_MAJOR 1
#define SMSCSERVER_VERSION_MINOR 0
#define SMSCSERVER_VERSION_PATCH 0
#define SMSCSERVER_VERSION "1.0.0"

/* ---------------------------------------------------------------- errors */

/* Negative return codes of the library (0 is success, positive an errno,
 * a WSAE* number on Windows). */
typedef enum smscError {
    SMSC_OK                      = 0,
    SMSC_ERR_INVALID_HANDLE      = -1,  /* unknown or destroyed server handle */
    SMSC_ERR_NOT_INITIALIZED     = -2,  /* the server is not listening */
    SMSC_ERR_ALREADY_INITIALIZED = -3,
    SMSC_ERR_UNKNOWN_CLIENT      = -4,  /* no connection with that ClientID (any more) */
    SMSC_ERR_INVALID_ARGUMENT    = -5,  /* NULL where required, bad enum, bad hex, out of range */
    SMSC_ERR_ENCODING_FAILED     = -6,  /* content has characters the encoding cannot carry */
    SMSC_ERR_CONTENT_TOO_LONG    = -7,  /* over 255 parts, or a field over its wire size */
    SMSC_ERR_WRONG_STATE         = -8,  /* e.g. deliver to a transmitter session */
    SMSC_ERR_BUFFER_TOO_SMALL    = -9,  /* an out array is too short; nothing was sent */
    SMSC_ERR_NOT_PENDING         = -10, /* no request with that number awaits an answer */
    SMSC_ERR_SEND_QUEUE_FULL     = -11, /* the client does not read */
    SMSC_ERR_CONNECTION_CLOSED   = -12,
    SMSC_ERR_INTERNAL            = -13, /* a library bug, caught; details in the log */
    SMSC_ERR_SERVER_DESTROYED    = -14,
    SMSC_ERR_TIMEOUT             = -15,
    SMSC_ERR_UNSUPPORTED         = -16  /* e.g. TLVs to an SMPP 3.3 client */
} smscError;

/* Text for any return code (negative, 0, errno or WSAE*). The string is static:
 * never free it.
 * Returns: the text (never NULL; "unknown error code" when it has none). */
const char *smscErrorText(int code);

/* SMSCSERVER_ABI_VERSION of the loaded library, and its SMSCSERVER_VERSION
 * string (static, never free it).
 * Returns (smscAbiVersion): the ABI version (> 0).
 * Returns (smscVersion): the version string (never NULL). */
int smscAbiVersion(void);
const char *smscVersion(void);

/* ----------------------------------------------------------------- enums */

/* How Content is converted to the message's alphabet. */
typedef enum EncodingEnum {
    et7BitText        = 0, /* GSM 03.38 default alphabet with extension table */
    et8BitHexadecimal = 1, /* binary; Content is hex, two digits per octet */
    etUCS2Text        = 2, /* UCS-2/UTF-16BE, surrogate pairs kept together */
    etISO88591        = 3,
    etISO88595        = 4,
    etISO88598        = 5,
    etWAPPushOrMMS    = 6  /* binary (hex Content) with DCS 0xF5 */
} EncodingEnum;

/* bit flags: message options (Options arguments and event fields). */
typedef enum SubmitOptionEnum {
    soRequestStatusReport    = 0x0001,
    soDirectDisplay          = 0x0002, /* flash SMS */
    soDeliveryTimeRelative   = 0x0004,
    soDeliveryTimeAbsolute   = 0x0008,
    soValidityPeriodRelative = 0x0010,
    soValidityPeriodAbsolute = 0x0020,
    soMessageClass0          = 0x0040,
    soMessageClass1          = 0x0080,
    soMessageClass2          = 0x0100,
    soMessageClass3          = 0x0200,
    soZeroSMS                = 0x0400
} SubmitOptionEnum;

/* SMPP bind mode of a login. */
typedef enum smppBindModeEnum {
    bmTransmitter = 0,
    bmReceiver    = 1,
    bmTransceiver = 2
} smppBindModeEnum;

/* Kind of status report smppSendDeliverStatusReport sends. */
typedef enum smppReportTypeEnum {
    rtFinal        = 0, /* esm_class 0x04 */
    rtIntermediate = 1  /* esm_class 0x20 */
} smppReportTypeEnum;

/* SMPP message_state values. */
typedef enum smppMessageStateEnum {
    msScheduled     = 0, /* 5.0 */
    msEnroute       = 1,
    msDelivered     = 2,
    msExpired       = 3,
    msDeleted       = 4,
    msUndeliverable = 5,
    msAccepted      = 6,
    msUnknown       = 7,
    msRejected      = 8,
    msSkipped       = 9  /* 5.0 */
} smppMessageStateEnum;

/* Which thread runs the callbacks (docs/dispatch.md). */
typedef enum smscDispatchMode {
    SMSC_DISPATCH_DIRECT = 0, /* callbacks on library threads (lowest latency) */
    SMSC_DISPATCH_PUMPED = 1  /* callbacks inside smscDispatchEvents on the host's thread */
} smscDispatchMode;

/* ------------------------------------------------------------- lifecycle */

typedef struct SMSCserver SMSCserver;

/* A new SMPP server object (not listening yet). NULL only when out of memory.
 * Returns: the new handle, or NULL. */
SMSCserver *smppCreateServer(void);

/* Finalizes the server, closes every connection and frees it. When called
 * outside a callback it waits (up to 10 s) until no callback of this server is
 * running and none will start, so userData may be freed right after. Called
 * from inside a callback it does not wait (it cannot wait for itself): other
 * callbacks of the server may still be finishing on other threads, and no new
 * one starts. Returns SMSC_ERR_TIMEOUT if callbacks were still running after
 * 10 s (the server is destroyed anyway).
 * Returns: 0, SMSC_ERR_TIMEOUT. */
int smscDestroyServer(SMSCserver *h);

/* Select direct or pumped dispatch (smscDispatchMode). Set it before
 * InitializeServer; changing it later applies to events not yet delivered.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (mode is not an smscDispatchMode). */
int smscSetDispatchMode(SMSCserver *h, int mode);

/* Pumped mode: run queued events on the calling thread. Waits up to
 * timeoutMs for the first event (-1 = forever, 0 = poll), then runs up to
 * maxEvents (<= 0 = all queued) without waiting again. Returns the number of
 * events run (>= 0), or SMSC_ERR_SERVER_DESTROYED once the server is
 * destroyed: the dispatcher thread should then exit. Blocks holding no lock.
 * Use one dispatching thread per server to keep per-connection order.
 * Returns: the number of events run (>= 0), or SMSC_ERR_SERVER_DESTROYED. */
int smscDispatchEvents(SMSCserver *h, int timeoutMs, int maxEvents);

/* Make a blocked smscDispatchEvents return 0 at once (for shutdown).
 * Returns: 0. */
int smscWakeDispatcher(SMSCserver *h);

/* Start listening. LocalHost "" or NULL = all interfaces (IPv4 and IPv6);
 * LocalPort 0 = a free port (read it with smscGetLocalPort).
 * ExtendedParameters: "key=value;..." with max-connections, bind-timeout,
 * accept-timeout, response-timeout, max-pdu-size, reassembly-timeout,
 * reassembly-max-messages, write-timeout, send-queue-bytes, system-id
 * (seconds for timeouts), throttle-scope=server|connection (how ThrottleRate
 * counts: the server's total, the default, or each connection apart). The
 * UCP and CIMD2 InitializeServer functions take the same keys. SMPP only:
 * unbind-close-timeout (see smppSendLogoutResponse).
 * PROXY protocol (HAProxy's v1 text and v2 binary header, for a load
 * balancer in front): proxy-protocol=off|on|optional (default off; on: every
 * connection must start with a header; optional: with or without one),
 * proxy-trusted=<CIDRs or addresses, comma-separated> (the only sources whose
 * header is believed; required when proxy-protocol is not off),
 * proxy-header-timeout (seconds, default 5). OnTcpConnected's RemoteHost and
 * RemotePort and the trace events' addresses are then the client's from the
 * header (a v2 LOCAL, v1 UNKNOWN keep the TCP address). A connection from an
 * untrusted source (on), a header from one (optional), a malformed header,
 * or none within proxy-header-timeout (on) closes that connection, logged,
 * without OnTcpConnected or OnTcpDisconnected. With optional, a client
 * silent past proxy-header-timeout is served with its TCP address.
 * Against hostile clients: pdu-timeout=<seconds> (default 30; 0 = off)
 * closes a connection whose frame has begun and is not complete that long
 * after; idle-timeout=<seconds> (default 0 = off) closes a logged-in client
 * that sent no frame for that long; reassembly-max-bytes=<octets> (default
 * 67108864 = 64 MiB; 0 = no limit) bounds what the reassembly of long
 * messages holds over all connections together, and a part that does not
 * fit is refused as a full reassembler refuses it (SMPP 0x58
 * ESME_RTHROTTLED, UCP NACK 04, CIMD2 900:10). Closing for pdu-timeout or
 * idle-timeout reports OnTcpDisconnected with Reason -1 and a ReasonText
 * naming the key; max-connections-per-ip=<n> (default 0 = unlimited)
 * closes a further connection from an address that already has n, before
 * OnTcpConnected and without any event, as max-connections does (behind
 * PROXY protocol the address is the client's from the header).
 * Every delivery accounted for: the server's own requests (deliveries and
 * status reports: deliver_sm, UCP 52/53, CIMD2 20/23) have a window per
 * connection, window=<n> (default: SMPP 100, UCP 98, CIMD2 100; at most
 * UCP 98 and CIMD2 126, what their short numbers allow beside the
 * keep-alive's), and deliver-timeout=<seconds> (default: response-timeout's
 * value; 0 = never). Each such request gets exactly one outcome in the
 * protocol's DeliverResponseReceived event: the client's answer, no answer
 * within deliver-timeout, or the connection lost with it unanswered (see
 * the events). A Send call finding the window full waits for a slot
 * (window-full=wait, the default), for at most deliver-timeout
 * (SMSC_ERR_TIMEOUT) and no longer than the connection
 * (SMSC_ERR_CONNECTION_CLOSED), or returns SMSC_ERR_SEND_QUEUE_FULL at once
 * (window-full=fail). A handler of the same connection in direct dispatch
 * mode never waits (only its thread reads the answers that would free a
 * slot): its request goes beyond the window. Keep-alives are not counted:
 * one at a time, and an unanswered one closes the connection. Login passwords are masked ('*'
 * for each octet) in the received frames the trace events show: the SMPP
 * binds' password, UCP 60/61 PWD and NPWD, CIMD2 login 011;
 * trace-passwords=true shows them. The library never logs them.
 * TLS (implicit, from the first byte; SMPP over TLS usually on port 3550):
 * tls-cert=<PEM file> and tls-key=<PEM file>, both or neither (re-read when
 * the files change, looked at every 2 s at most; a new pair that does not
 * load keeps the old one and is logged); tls-client-ca=<PEM file> with
 * tls-client-auth=none|request|require (default none; request and require
 * need tls-client-ca, and tls-client-ca needs one of them);
 * tls-min-version=1.2|1.3 (default 1.2); tls-handshake-timeout (seconds,
 * default 10). The handshake follows the PROXY header, if any, and comes
 * before OnTcpConnected, whose ExtendedParameters then carry tls.version,
 * tls.cipher and a verified client certificate's tls.peer-subject,
 * tls.peer-issuer and tls.peer-serial. A failed or late handshake closes
 * that connection alone and raises OnTcpDisconnected without an
 * OnTcpConnected before it: Reason -1 (or the OS error number of a reset)
 * and a ReasonText naming the TLS failure.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (LocalPort outside 0..65535, a
 * malformed ExtendedParameters value, proxy-protocol on or optional without
 * proxy-trusted, a TLS file that is missing or does not load, a key that
 * does not match the certificate, a LocalHost that does not resolve),
 * SMSC_ERR_ALREADY_INITIALIZED, or a positive OS error (EADDRINUSE,
 * EACCES, EADDRNOTAVAIL, ...). */
int smppInitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters);

/* Stop listening; existing connections stay open.
 * Returns: 0, SMSC_ERR_NOT_INITIALIZED (not listening). */
int smppFinalizeServer(SMSCserver *h);

/* The listening port (> 0), or a negative error.
 * Returns: the port (> 0), or SMSC_ERR_NOT_INITIALIZED (not listening). */
int smscGetLocalPort(SMSCserver *h);

/* Number of live connections (>= 0), or a negative error.
 * Returns: the value (>= 0). */
int smscGetConnectionCount(SMSCserver *h);

/* Properties. KeepAliveInterval: seconds of silence after which the server
 * sends enquire_link and closes a client that does not answer (0 = off).
 * ThrottleRate: the most messages per second the server sends for the host
 * (0 = unlimited), counted over all its connections together, or over each
 * connection apart with the InitializeServer key throttle-scope=connection.
 * Counted are the calls of SendDeliverMessage (each part), SendDeliverStatusReport
 * and SendSubmitMessageResponse (and SendSubmitMultiMessageResponse) of every
 * protocol, which wait on the caller's thread for their slot (holding no lock;
 * they return SMSC_ERR_CONNECTION_CLOSED when the connection closes
 * meanwhile). The library's own answers (keep-alives, default answers) and
 * SendRAW are not counted. A new KeepAliveInterval applies at once to the
 * sessions already open (each re-arms its timer); a new ThrottleRate applies
 * to the next message sent. Getters return the value (>= 0) or a negative
 * error.
 * Returns (smscGetKeepAliveInterval, smscGetThrottleRate): the value (>= 0).
 * Returns (smscSetKeepAliveInterval, smscSetThrottleRate): 0,
 * SMSC_ERR_INVALID_ARGUMENT (a negative value). */
int smscGetKeepAliveInterval(SMSCserver *h);
int smscSetKeepAliveInterval(SMSCserver *h, int seconds);
int smscGetThrottleRate(SMSCserver *h);
int smscSetThrottleRate(SMSCserver *h, int messagesPerSecond);

/* ------------------------------------------------------------ statistics */

/* Sizes of the arrays of smscStatistics: the per-kind PDU counters (room
 * for every protocol's kinds, so the struct keeps its size when a kind is
 * added) and the latency buckets (16 bounds and one bucket above them). */
#define SMSC_STAT_KINDS 32
#define SMSC_LATENCY_BUCKETS 17

/* The protocol of a server (smscStatistics.Protocol). */
typedef enum smscProtocolEnum {
    SMSC_PROTOCOL_SMPP  = 1,
    SMSC_PROTOCOL_UCP   = 2,
    SMSC_PROTOCOL_CIMD2 = 3
} smscProtocolEnum;

/* PDU kinds of an SMPP server's statistics: the index into
 * smscStatistics.PDUsIn and PDUsOut. Each bind_* counts as skSmppBind, each
 * bind_*_resp as skSmppBindResp; a PDU of no kind of its own as skSmppOther. */
typedef enum smppStatKindEnum {
    skSmppOther           = 0, /* outbind, alert_notification, broadcasts, unknown ids */
    skSmppBind            = 1,
    skSmppBindResp        = 2,
    skSmppUnbind          = 3,
    skSmppUnbindResp      = 4,
    skSmppSubmitSm        = 5,
    skSmppSubmitSmResp    = 6,
    skSmppSubmitMulti     = 7,
    skSmppSubmitMultiResp = 8,
    skSmppDataSm          = 9,
    skSmppDataSmResp      = 10,
    skSmppDeliverSm       = 11,
    skSmppDeliverSmResp   = 12,
    skSmppQuerySm         = 13,
    skSmppQuerySmResp     = 14,
    skSmppCancelSm        = 15,
    skSmppCancelSmResp    = 16,
    skSmppReplaceSm       = 17,
    skSmppReplaceSmResp   = 18,
    skSmppEnquireLink     = 19,
    skSmppEnquireLinkResp = 20,
    skSmppGenericNack     = 21
} smppStatKindEnum;

/* PDU kinds of a UCP server's statistics: an operation by its OT, its
 * positive (Ack) or negative (Nack) result; any other OT, operation or
 * result, is skUcpOther. A frame counts by its header even when its body
 * does not decode. */
typedef enum ucpStatKindEnum {
    skUcpOther  = 0,
    skUcp01     = 1, /* call input (submit) */
    skUcp01Ack  = 2,
    skUcp01Nack = 3,
    skUcp31     = 4, /* alert (keep-alive) */
    skUcp31Ack  = 5,
    skUcp31Nack = 6,
    skUcp51     = 7, /* submit short message */
    skUcp51Ack  = 8,
    skUcp51Nack = 9,
    skUcp52     = 10, /* delivery */
    skUcp52Ack  = 11,
    skUcp52Nack = 12,
    skUcp53     = 13, /* delivery notification */
    skUcp53Ack  = 14,
    skUcp53Nack = 15,
    skUcp60     = 16, /* session management (login) */
    skUcp60Ack  = 17,
    skUcp60Nack = 18
} ucpStatKindEnum;

/* PDU kinds of a CIMD2 server's statistics; other operations
 * (enquire, cancel, set, get, ...) and unreadable headers are skCimd2Other. */
typedef enum cimd2StatKindEnum {
    skCimd2Other                   = 0,
    skCimd2Login                   = 1, /* 01 */
    skCimd2LoginResp               = 2, /* 51 */
    skCimd2Logout                  = 3, /* 02 */
    skCimd2LogoutResp              = 4, /* 52 */
    skCimd2Submit                  = 5, /* 03 */
    skCimd2SubmitResp              = 6, /* 53 */
    skCimd2DeliverMessage          = 7, /* 20 */
    skCimd2DeliverMessageResp      = 8, /* 70 */
    skCimd2DeliverStatusReport     = 9, /* 23 */
    skCimd2DeliverStatusReportResp = 10, /* 73 */
    skCimd2Alive                   = 11, /* 40 */
    skCimd2AliveResp               = 12, /* 90 */
    skCimd2GeneralError            = 13, /* 98 */
    skCimd2Nack                    = 14  /* 99 */
} cimd2StatKindEnum;

/* A snapshot of one server's statistics, filled by smscGetStatistics
 * (docs/api.md, "Statistics"). The caller allocates it (on its stack, say)
 * and sets StructSize to sizeof(smscStatistics) before the call; the library
 * owns no part of it and keeps no pointer to it. Later versions of the
 * library only add members at the end: a library fills at most StructSize
 * bytes, and a caller compiled against a later header reads StructSize
 * after the call to learn how much was filled. Counters (..._total in
 * Prometheus terms) count from the server's creation and never go back;
 * the Current and queue members are the state at the call. Members are
 * read one by one without a common lock, so under load two members may be
 * a few events apart. Times are in microseconds. */
typedef struct smscStatistics {
    uint32_t StructSize;            /* in: sizeof(smscStatistics) as the caller knows it; out: the bytes filled */
    int32_t  Protocol;              /* smscProtocolEnum */
    uint64_t ConnectionsCurrent;    /* connections open now */
    uint64_t ConnectionsAccepted;   /* every TCP connection the listener accepted */
    uint64_t ConnectionsRefused;    /* of those, closed before their session started: max-connections, max-connections-per-ip, PROXY header, TLS handshake, closed by the host in OnTcpConnected or not accepted in time */
    uint64_t LoginsCurrent;         /* sessions logged in (bound) now; a UCP session without login-required counts from its connection */
    uint64_t LoginsAccepted;        /* positive login (bind) answers sent */
    uint64_t LoginsRefused;         /* negative login (bind) answers sent */
    uint64_t PDUsIn[SMSC_STAT_KINDS];  /* PDUs received, by kind: smppStatKindEnum, ucpStatKindEnum or cimd2StatKindEnum */
    uint64_t PDUsOut[SMSC_STAT_KINDS]; /* PDUs sent, by kind */
    uint64_t Malformed;             /* frames received that could not be decoded or broke the protocol's syntax */
    uint64_t ErrorResponses;        /* answers sent with an error: SMPP non-zero command_status (generic_nack too), UCP NACK, CIMD2 98, 99 or a response with 900 */
    uint64_t WriteErrors;           /* connections ended by a failed socket write (write-timeout included) */
    uint64_t ResponseTimeouts;      /* client requests the host did not answer within response-timeout */
    uint64_t DeliverTimeouts;       /* the server's deliveries the client did not answer within deliver-timeout */
    uint64_t SessionTimeouts;       /* connections closed for bind-, idle-, pdu- or write-timeout or an unanswered keep-alive */
    uint64_t EventQueue;            /* events waiting for smscDispatchEvents now (pumped mode) */
    uint64_t WriteQueueBytes;       /* octets queued for writing now, over all connections */
    uint64_t PendingRequests;       /* client requests handed to the host and not answered yet */
    uint64_t OutstandingDeliveries; /* the server's deliveries awaiting the client's answer */
    uint64_t LatencyBoundsMicros[SMSC_LATENCY_BUCKETS]; /* upper bound of each latency bucket, ascending; the last is UINT64_MAX */
    uint64_t LoginLatencyCount;     /* logins answered: the host's answer time, from reading the request to queueing the answer */
    uint64_t LoginLatencySumMicros; /* their answer times added up */
    uint64_t LoginLatencyMaxMicros; /* the longest of them */
    uint64_t LoginLatencyBuckets[SMSC_LATENCY_BUCKETS]; /* answers per bucket: at most LatencyBoundsMicros[i] and above the bound before (not cumulative) */
    uint64_t SubmitLatencyCount;    /* submits answered (SMPP submit_sm, submit_multi, data_sm; UCP 01, 51; CIMD2 03) */
    uint64_t SubmitLatencySumMicros;
    uint64_t SubmitLatencyMaxMicros;
    uint64_t SubmitLatencyBuckets[SMSC_LATENCY_BUCKETS];
    uint64_t OtherLatencyCount;     /* every other request answered (logout, query, cancel, replace, RAW, ...) */
    uint64_t OtherLatencySumMicros;
    uint64_t OtherLatencyMaxMicros;
    uint64_t OtherLatencyBuckets[SMSC_LATENCY_BUCKETS];
} smscStatistics;

/* Fill *stats with a snapshot of the server's statistics (see
 * smscStatistics; set stats->StructSize first). It takes no lock a
 * connection's reader or a Send call waits for, so it may be called at any
 * rate from any thread, inside callbacks too.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (stats is NULL, or its StructSize
 * is smaller than this header's first smscStatistics). */
int smscGetStatistics(SMSCserver *h, smscStatistics *stats);

/* ----------------------------------------------------------- connections */

/* Let a connection announced by OnTcpConnected start its session. Without an
 * OnTcpConnected callback connections are accepted automatically; with one,
 * a connection neither accepted nor closed within accept-timeout is closed.
 * Returns: 0 (also for one accepted already or closing),
 * SMSC_ERR_UNKNOWN_CLIENT. */
int tcpAcceptConnection(SMSCserver *h, int ClientID);
/* Close a connection now; OnTcpDisconnected follows with Reason -1.
 * Returns (tcpCloseConnection): 0 (also for one closing already),
 * SMSC_ERR_UNKNOWN_CLIENT.
 * Returns (tcpCloseAllConnections): 0. */
int tcpCloseConnection(SMSCserver *h, int ClientID);
int tcpCloseAllConnections(SMSCserver *h);

/* ------------------------------------------------------------ SMPP calls */

/* Answer a bind. Status 0 binds in the mode the client asked for; another
 * status (e.g. 0x0E ESME_RINVPASWD) leaves it unbound: close the connection
 * with tcpCloseConnection if it should go. SystemID "" = the server's
 * system-id; at most 15 characters.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (BindMode not an smppBindModeEnum,
 * SystemID over 15), SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED,
 * SMSC_ERR_NOT_PENDING, SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendLoginResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, int BindMode,
                          uint32_t Status, const char *SystemID);

/* Answer an unbind. With Status 0 the session is unbound but the connection
 * stays open (further requests get ESME_RINVBNDSTS, enquire_link is
 * answered) until the client closes it or the host does with
 * tcpCloseConnection, as the reference's usage overview has the host do
 * after giving the client some time to read the answer. The
 * smppInitializeServer key unbind-close-timeout=<seconds> (default 0 = off)
 * makes the library close it after that long instead. Another Status leaves
 * the session bound. Without an OnSmppLogoutReceived callback the library
 * answers with Status 0 and closes the connection itself.
 * Returns: 0, SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED,
 * SMSC_ERR_NOT_PENDING, SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendLogoutResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status);

/* Answer submit_sm, submit_multi or data_sm (the library knows which).
 * MessageID at most 64 characters. A non-zero Status sends the header only.
 * MultipleDestinations is accepted for compatibility and not needed.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (MessageID over 64),
 * SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED (also when it closes
 * while the call waits for ThrottleRate), SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                                  const char *MessageID, int MultipleDestinations);

/* Answer a submit_multi naming failed destinations:
 * "address:status;address:status" (status decimal or 0x hex).
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (MessageID over 64; with Status 0
 * also a malformed UnsuccessfulDestinations), SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING (also when
 * UnsuccessfulDestinations is not empty and the request is no
 * submit_multi), SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendSubmitMultiMessageResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                                       const char *MessageID, const char *UnsuccessfulDestinations);

/* Deliver a message (deliver_sm) to a receiver or transceiver session.
 * Content is split into concatenated parts when it does not fit one
 * (ExtendedParameters long-messages=udh8|udh16|sar|payload; udh8 default).
 * UserDataHeader is hex including the UDHL octet ("" = none) and is kept in
 * every part. Options: SubmitOptionEnum flags (soRequestStatusReport sets
 * registered_delivery 1, the class flags and soDirectDisplay the
 * data_coding class, soZeroSMS protocol_id 0x40; the time flags are
 * ignored: a delivery has no times to qualify). Parts use SequenceNumber,
 * SequenceNumber+1, ...; SequenceNumber 0 lets the library number them.
 * SequenceNumbers (may be NULL when Capacity is 0) receives the numbers of
 * the parts sent, in order; *Count (may be NULL) receives how many. If
 * SequenceNumbers is not NULL and Capacity is smaller than the number of
 * parts, nothing is sent, SMSC_ERR_BUFFER_TOO_SMALL is returned and *Count
 * is the number of parts needed. When a later part fails (the connection
 * closed, its send queue full), the call returns that error and the array
 * and *Count still give the parts that went out before: their answers
 * will arrive.
 * Other ExtendedParameters: smpp.esm_class, smpp.protocol_id,
 * smpp.priority_flag, smpp.registered_delivery, smpp.data_coding,
 * smpp.tlvs=<hex>, smpp.tlv.<name|0xTAG>=<hex>.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE (not bound as receiver
 * or transceiver), SMSC_ERR_UNSUPPORTED (TLVs for an SMPP 3.3 client),
 * SMSC_ERR_ENCODING_FAILED, SMSC_ERR_CONTENT_TOO_LONG,
 * SMSC_ERR_BUFFER_TOO_SMALL, SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int smppSendDeliverMessage(SMSCserver *h, int ClientID, uint32_t SequenceNumber,
                           const char *Destination, int DestinationTON, int DestinationNPI,
                           const char *Originator, int OriginatorTON, int OriginatorNPI,
                           const char *Content, int Encoding, const char *UserDataHeader,
                           uint32_t Options, const char *ServiceType, const char *ExtendedParameters,
                           uint32_t *SequenceNumbers, size_t Capacity, size_t *Count);

/* Deliver a status report: deliver_sm with esm_class 0x04 (rtFinal) or 0x20
 * (rtIntermediate), the receipt text "id:... sub:... dlvrd:... submit date:...
 * done date:... stat:... err:... text:..." and, for 3.4+ clients, the
 * receipted_message_id, message_state and network_error_code TLVs.
 * Destination is the original sender, Originator the original recipient.
 * SequenceNumber 0 = numbered by the library.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE (not bound as receiver
 * or transceiver), SMSC_ERR_UNSUPPORTED (TLVs for an SMPP 3.3 client),
 * SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int smppSendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t SequenceNumber,
                                const char *Destination, int DestinationTON, int DestinationNPI,
                                const char *Originator, int OriginatorTON, int OriginatorNPI,
                                int ReportType, const char *MessageID, const char *ServiceType,
                                int Submitted, int Delivered, int64_t SubmitDate, int64_t DoneDate,
                                int MessageState, int ErrorCode, const char *Text,
                                const char *ExtendedParameters);

/* Send any PDU: header from the arguments, Payload = body in hex (spaces
 * allowed). A response command id answering a pending request counts as its
 * answer.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (Payload not hex, or over 16 MiB),
 * SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED,
 * SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendRAW(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t CommandID,
                uint32_t CommandStatus, const char *Payload);

/* Answers to query_sm / cancel_sm / replace_sm (beyond the reference).
 * FinalDate 0 sends an empty final_date.
 * Returns (smppSendQueryResponse): 0, SMSC_ERR_INVALID_ARGUMENT (MessageID
 * over 64, MessageState or ErrorCode outside 0..255),
 * SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_SEND_QUEUE_FULL.
 * Returns (smppSendCancelResponse, smppSendReplaceResponse): 0,
 * SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_SEND_QUEUE_FULL. */
int smppSendQueryResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                          const char *MessageID, int64_t FinalDate, int MessageState, int ErrorCode);
int smppSendCancelResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status);
int smppSendReplaceResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status);

/* ---------------------------------------------------------------- events */

/* A client connected on TCP level. */
typedef struct tcpConnectedEventArgs {
    int32_t     ClientID;
    const char *RemoteHost;   /* "127.0.0.1", "::1" */
    int32_t     RemotePort;
    const char *ExtendedParameters; /* with TLS (tls-cert): "tls.version=TLS1.3;tls.cipher=TLS_AES_128_GCM_SHA256"
                               * and, for a verified client certificate, ";tls.peer-subject=CN=...,O=...;
                               * tls.peer-issuer=...;tls.peer-serial=<decimal>"; "" for plain TCP */
} tcpConnectedEventArgs;

/* A connection ended; always its last event. */
typedef struct tcpDisconnectedEventArgs {
    int32_t     ClientID;
    int32_t     Reason;       /* 0 closed by the peer (orderly), -1 ended by the library or the host,
                               * > 0 a network error: the OS's error number (errno on Linux,
                               * e.g. 104 ECONNRESET; a WSA code on Windows) */
    const char *ReasonText;   /* why, in words; names the network error */
} tcpDisconnectedEventArgs;

/* A bind_transmitter, bind_receiver or bind_transceiver. */
typedef struct smppLoginReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;
    const char *SystemID;
    const char *Password;
    const char *SystemType;
    uint8_t     InterfaceVersion; /* 0x33 and lower = 3.3, 0x34 = 3.4, 0x50 = 5.0 */
    uint8_t     AddressTON;
    uint8_t     AddressNPI;
    const char *AddressRange;
    int32_t     BindMode;         /* smppBindModeEnum */
} smppLoginReceivedEventArgs;

/* An unbind. */
typedef struct smppLogoutReceivedEventArgs {
    int32_t  ClientID;
    uint32_t SequenceNumber;
} smppLogoutReceivedEventArgs;

/* A submitted message (submit_sm, submit_multi, data_sm). Used by
 * OnSmppSubmitMessageReceived (every part; SequenceNumbers NULL,
 * SequenceNumberCount 0) and OnSmppSubmitMessageCompleted (the whole message,
 * with the sequence numbers of its parts in part order). */
typedef struct smppSubmitMessageEventArgs {
    int32_t         ClientID;
    uint32_t        SequenceNumber;
    const char     *Destination;      /* submit_multi: all destinations joined by ';' */
    uint8_t         DestinationTON;
    uint8_t         DestinationNPI;
    const char     *Originator;
    uint8_t         OriginatorTON;
    uint8_t         OriginatorNPI;
    const char     *Content;          /* decoded text; hex for binary data */
    int32_t         Encoding;         /* EncodingEnum */
    const char     *UserDataHeader;   /* hex incl. UDHL, "" when none */
    uint32_t        Options;          /* SubmitOptionEnum flags */
    int64_t         DeliveryTime;     /* not set when none; Options says relative or absolute */
    int64_t         ValidityPeriod;   /* not set when none */
    const char     *ServiceType;
    uint8_t         ProtocolID;
    uint8_t         Priority;
    uint8_t         DataCoding;
    uint8_t         RegisteredDelivery;
    uint8_t         EsmClass;
    const char     *ExtendedParameters; /* "smpp.command=submit_sm;smpp.tlv.<name>=<hex>;..." */
    const uint32_t *SequenceNumbers;
    size_t          SequenceNumberCount;
} smppSubmitMessageEventArgs;

typedef smppSubmitMessageEventArgs smppSubmitMessageReceivedEventArgs;
typedef smppSubmitMessageEventArgs smppSubmitMessageCompletedEventArgs;

/* A multipart message dropped because parts were missing after
 * reassembly-timeout or when the connection ended (beyond the reference). */
typedef struct smppSubmitMessageIncompleteEventArgs {
    int32_t         ClientID;
    const char     *Originator;
    const char     *Destination;
    uint16_t        Reference;
    int32_t         Total;
    int32_t         Received;
    const uint32_t *SequenceNumbers;
    size_t          SequenceNumberCount;
} smppSubmitMessageIncompleteEventArgs;

/* The client's deliver_sm_resp (or generic_nack) to a deliver_sm, or the
 * library's outcome of one left unanswered (Status 0xFFFFFFF0 or
 * 0xFFFFFFF1, see smppDeliverResponseReceivedEvent). */
typedef struct smppDeliverResponseReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;  /* of the deliver_sm it answers */
    uint32_t    Status;          /* command_status (also of a generic_nack); 0xFFFFFFF0 no answer within deliver-timeout, 0xFFFFFFF1 connection lost first */
    const char *MessageID;
    const char *ExtendedParameters;
} smppDeliverResponseReceivedEventArgs;

/* A PDU no other event decodes. */
typedef struct smppRAWReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;
    uint32_t    CommandID;
    uint32_t    CommandStatus;
    const char *Payload;         /* body after the header, hex */
} smppRAWReceivedEventArgs;

/* A PDU in either direction. */
typedef struct smppTraceProtocolEventArgs {
    int32_t     ClientID;
    const char *FromAddress;     /* "ip:port" */
    const char *ToAddress;
    uint32_t    Operation;       /* command_id */
    uint32_t    OperationType;   /* sequence_number */
    const char *PDU;             /* the whole PDU, hex */
} smppTraceProtocolEventArgs;

/* A query_sm. */
typedef struct smppQueryReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;
    const char *MessageID;
    const char *Originator;
    uint8_t     OriginatorTON;
    uint8_t     OriginatorNPI;
} smppQueryReceivedEventArgs;

/* A cancel_sm. */
typedef struct smppCancelReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;
    const char *ServiceType;
    const char *MessageID;
    const char *Originator;
    uint8_t     OriginatorTON;
    uint8_t     OriginatorNPI;
    const char *Destination;
    uint8_t     DestinationTON;
    uint8_t     DestinationNPI;
} smppCancelReceivedEventArgs;

/* A replace_sm. */
typedef struct smppReplaceReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    SequenceNumber;
    const char *MessageID;
    const char *Originator;
    uint8_t     OriginatorTON;
    uint8_t     OriginatorNPI;
    int64_t     DeliveryTime;
    int64_t     ValidityPeriod;
    uint32_t    Options;
    uint8_t     RegisteredDelivery;
    uint8_t     DefaultMessageID;
    const char *Content;         /* new short_message, hex (replace_sm has no data_coding) */
} smppReplaceReceivedEventArgs;

/* A client connected. With a handler, every connection must be accepted
 * (tcpAcceptConnection) or closed (tcpCloseConnection); without one, and
 * when the handler fails (returns non-zero in C), it is accepted. */
typedef int (*tcpConnectedEvent)(void *userData, const tcpConnectedEventArgs *e);
/* A connection ended: its last event. Reason 0 = the peer closed it in
 * order; -1 = the library or the host ended it (tcpCloseConnection, a
 * protocol error, bind-timeout, write-timeout, an unanswered keep-alive);
 * > 0 = a network error, the OS's error number (errno on Linux: ECONNRESET
 * for a peer's reset, EPIPE, ETIMEDOUT, EHOSTUNREACH, ...; WSA codes on
 * Windows), which ReasonText names. */
typedef int (*tcpDisconnectedEvent)(void *userData, const tcpDisconnectedEventArgs *e);
/* A bind; answer with smppSendLoginResponse. Without a handler binds are
 * rejected (ESME_RBINDFAIL) and the connection closed. */
typedef int (*smppLoginReceivedEvent)(void *userData, const smppLoginReceivedEventArgs *e);
/* An unbind; answer with smppSendLogoutResponse, then close the connection
 * with tcpCloseConnection if the client has not closed it after a while.
 * Without a handler the library answers and closes the connection. */
typedef int (*smppLogoutReceivedEvent)(void *userData, const smppLogoutReceivedEventArgs *e);
/* Every submitted part (submit_sm, submit_multi, data_sm); answer with
 * smppSendSubmitMessageResponse. Without a handler: ESME_RSYSERR. */
typedef int (*smppSubmitMessageReceivedEvent)(void *userData, const smppSubmitMessageReceivedEventArgs *e);
/* A whole message once all its parts arrived, with their SequenceNumbers. */
typedef int (*smppSubmitMessageCompletedEvent)(void *userData, const smppSubmitMessageCompletedEventArgs *e);
/* A multipart message dropped because parts were missing
 * (reassembly-timeout or connection end). */
typedef int (*smppSubmitMessageIncompleteEvent)(void *userData, const smppSubmitMessageIncompleteEventArgs *e);
/* The client's deliver_sm_resp (or generic_nack) to a deliver_sm or a
 * receipt; match it by SequenceNumber. Every deliver_sm the library sent
 * gets exactly one of these events: the client's answer, or the library's
 * outcome when there is none, Status 0xFFFFFFF0 with ExtendedParameters
 * "library.outcome=timeout" (no answer within deliver-timeout; a late
 * answer is then dropped) or Status 0xFFFFFFF1 with
 * "library.outcome=connection-lost" (the connection ended first). Both
 * values lie in the range SMPP reserves (above 0x4FF), which no client
 * sends. A connection-lost outcome comes before the connection's
 * OnTcpDisconnected and, like it, carries the real ClientID (no answer can
 * be sent to it). The existing event, not a new one: a host matching
 * answers to its deliveries already listens to it, and learns the
 * outcomes without another registration. */
typedef int (*smppDeliverResponseReceivedEvent)(void *userData, const smppDeliverResponseReceivedEventArgs *e);
/* A PDU no other event decodes (also query/cancel/replace when their own
 * events have no handler); answer requests with smppSendRAW. */
typedef int (*smppRAWReceivedEvent)(void *userData, const smppRAWReceivedEventArgs *e);
/* Every PDU in both directions, as hex; a bind's password masked, unless
 * trace-passwords=true. */
typedef int (*smppTraceProtocolEvent)(void *userData, const smppTraceProtocolEventArgs *e);
/* A query_sm; answer with smppSendQueryResponse (beyond the reference). */
typedef int (*smppQueryReceivedEvent)(void *userData, const smppQueryReceivedEventArgs *e);
/* A cancel_sm; answer with smppSendCancelResponse (beyond the reference). */
typedef int (*smppCancelReceivedEvent)(void *userData, const smppCancelReceivedEventArgs *e);
/* A replace_sm; answer with smppSendReplaceResponse (beyond the reference). */
typedef int (*smppReplaceReceivedEvent)(void *userData, const smppReplaceReceivedEventArgs *e);

/* Registration: one function per event. A NULL callback unregisters.
 * Returns (smscSetOnTcpConnected, smscSetOnTcpDisconnected): 0 (any
 * protocol's handle).
 * Returns (smscSetOnSmpp*): 0, SMSC_ERR_INVALID_ARGUMENT (a UCP or CIMD2
 * handle). */
int smscSetOnTcpConnected(SMSCserver *h, tcpConnectedEvent cb, void *userData);
int smscSetOnTcpDisconnected(SMSCserver *h, tcpDisconnectedEvent cb, void *userData);
int smscSetOnSmppLoginReceived(SMSCserver *h, smppLoginReceivedEvent cb, void *userData);
int smscSetOnSmppLogoutReceived(SMSCserver *h, smppLogoutReceivedEvent cb, void *userData);
int smscSetOnSmppSubmitMessageReceived(SMSCserver *h, smppSubmitMessageReceivedEvent cb, void *userData);
int smscSetOnSmppSubmitMessageCompleted(SMSCserver *h, smppSubmitMessageCompletedEvent cb, void *userData);
int smscSetOnSmppSubmitMessageIncomplete(SMSCserver *h, smppSubmitMessageIncompleteEvent cb, void *userData);
int smscSetOnSmppDeliverResponseReceived(SMSCserver *h, smppDeliverResponseReceivedEvent cb, void *userData);
int smscSetOnSmppRAWReceived(SMSCserver *h, smppRAWReceivedEvent cb, void *userData);
int smscSetOnSmppTraceProtocol(SMSCserver *h, smppTraceProtocolEvent cb, void *userData);
int smscSetOnSmppQueryReceived(SMSCserver *h, smppQueryReceivedEvent cb, void *userData);
int smscSetOnSmppCancelReceived(SMSCserver *h, smppCancelReceivedEvent cb, void *userData);
int smscSetOnSmppReplaceReceived(SMSCserver *h, smppReplaceReceivedEvent cb, void *userData);

/* ------------------------------------------------------------- UCP/EMI */

/* A new UCP/EMI server object. The common functions above (dispatch,
 * properties, tcp*, smscSetOnTcp*, smscDestroyServer) take it as well.
 * ExtendedParameters of ucpInitializeServer add ucp.login-required=true|false
 * (default true: a session must log in with OT 60 before submitting) and
 * ucp.time-zone=Local|UTC|<IANA name> (the zone of SCTS and other times on
 * the wire; default Local).
 *
 * UCP transaction numbers (TRNs) are 00..99, so at most 100 of the
 * server's requests can be in flight on a connection. The TransactionNumber
 * a host gives ucpSendDeliverMessage and ucpSendDeliverStatusReport is its
 * own identifier of the request and may be any value (a ported program
 * counts tn++ from 1): it goes on the wire as the TRN when it is 1..99 and
 * no request in flight uses it, else the frame takes the next free TRN.
 * The client's result is reported (OnUcpDeliverResponseReceived) with the
 * host's identifier, whatever went on the wire (the trace events show the
 * TRN). 0 lets the library choose; the identifier is then the TRN. Answers
 * to the client's operations (ucpSendLoginResponse,
 * ucpSendSubmitMessageResponse, ucpSendRAW) take its TRN, 0..99.
 * Returns (ucpCreateServer): the new handle, or NULL (out of memory).
 * Returns (ucpInitializeServer): 0, SMSC_ERR_INVALID_ARGUMENT (as for
 * smppInitializeServer, and a bad ucp.login-required or ucp.time-zone),
 * SMSC_ERR_ALREADY_INITIALIZED, or a positive OS error.
 * Returns (ucpFinalizeServer): 0, SMSC_ERR_NOT_INITIALIZED. */
SMSCserver *ucpCreateServer(void);
int ucpInitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters);
int ucpFinalizeServer(SMSCserver *h);

/* Answer an OT 60 login: ErrorCode 0 = positive result (A//), else NACK
 * with that EC (e.g. 07 authentication failure) and ErrorMessage as SM.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (TransactionNumber or ErrorCode
 * over 99, ErrorMessage not printable ASCII or with '/'),
 * SMSC_ERR_UNKNOWN_CLIENT, SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_CONTENT_TOO_LONG (frame over LEN's 99999),
 * SMSC_ERR_SEND_QUEUE_FULL. */
int ucpSendLoginResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t ErrorCode,
                         const char *ErrorMessage);

/* Answer an OT 51 (or 01) submit. ErrorCode 0 = positive result carrying
 * "AdC:SCTS": Destination "" = the submit's own AdC, TimeStamp (the SCTS, the
 * message's identity for later notifications) 0 = now. Else NACK with EC.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_CONTENT_TOO_LONG (frame over LEN's 99999),
 * SMSC_ERR_SEND_QUEUE_FULL. */
int ucpSendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                                 int64_t TimeStamp, uint32_t ErrorCode, const char *ErrorMessage);

/* Deliver a message (OT 52), split into parts when long (UDH in XSer);
 * the parts are identified by TransactionNumber, +1, +2, ... (any values,
 * see above); TimeStamp = SCTS (0 = now). The out array receives the
 * identifiers, as smppSendDeliverMessage's does. ExtendedParameters:
 * ucp.<field>=<value> overrides a field, long-messages=udh8|udh16,
 * iso-8859=ucs2|8bit: UCP and CIMD2 carry a GSM data coding scheme, which
 * has no ISO-8859 alphabet, so etISO88591/5/8 text goes as UCS-2 by default
 * (every character arrives; 70 per message); 8bit sends the charset's own
 * octets as 8-bit data instead, for clients that read them so.
 * Options: soRequestStatusReport sets NRq 1 / NT 3, the class flags and
 * soDirectDisplay MCLs and the XSer DCS, soZeroSMS RPID 0064; the time
 * flags are ignored (a delivery has no times to qualify).
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE (not logged in, with
 * ucp.login-required), SMSC_ERR_ENCODING_FAILED, SMSC_ERR_CONTENT_TOO_LONG
 * (also an alphanumeric Originator over 11 characters),
 * SMSC_ERR_BUFFER_TOO_SMALL, SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int ucpSendDeliverMessage(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                          const char *Originator, const char *Content, int Encoding, const char *UserDataHeader,
                          uint32_t Options, int64_t TimeStamp, const char *ExtendedParameters,
                          uint32_t *TransactionNumbers, size_t Capacity, size_t *Count);

/* Deliver a notification (OT 53). MessageTimeStamp = the SCTS given in the
 * submit's answer; Destination = the original recipient (OAdC of the 53);
 * Originator = the original sender (AdC of the 53); StatusCode = Dst (0
 * delivered, 1 buffered, 2 not delivered); StatusErrorCode = Rsn; TimeStamp =
 * DSCTS (0 = now). ExtendedParameters text=<AMsg text> replaces the default.
 * Originator NULL or "" addresses the 53 to the address the session logged
 * in with (its OT 60 OAdC) or to ucp.AdC=<address> from ExtendedParameters
 * (SMSC_ERR_INVALID_ARGUMENT when there is neither): the bindings offer
 * this call in cimd2SendDeliverStatusReport's shape, without Originator,
 * so that code ports between protocols by changing the prefix.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE, SMSC_ERR_ENCODING_FAILED
 * (the text, which names Destination, goes in GSM characters),
 * SMSC_ERR_CONTENT_TOO_LONG (a text over 640 GSM characters, a frame over
 * LEN's 99999), SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int ucpSendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t TransactionNumber, int64_t MessageTimeStamp,
                               const char *Destination, const char *Originator, int StatusCode, int StatusErrorCode,
                               int64_t TimeStamp, const char *ExtendedParameters);

/* Send any frame: Payload = the data part in hex. It goes out as a result
 * when an operation with that TRN and OT awaits an answer, else as an
 * operation.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_CONTENT_TOO_LONG (frame over LEN's
 * 99999), SMSC_ERR_SEND_QUEUE_FULL. */
int ucpSendRAW(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t OperationType, const char *Payload);

/* An OT 60 session management operation (login). */
typedef struct ucpLoginReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    const char *UserIdentity;       /* OAdC */
    const char *Originator;         /* the same OAdC */
    const char *Password;           /* PWD decoded from IRA hex */
    const char *NewPassword;        /* NPWD */
    uint8_t     OTON;
    uint8_t     ONPI;
    uint8_t     STYP;
    const char *VERS;
    const char *OPID;
    const char *ExtendedParameters;
} ucpLoginReceivedEventArgs;

/* A submitted message (OT 51, or 01). Used by
 * OnUcpSubmitMessageReceived (every part; the arrays are NULL/0) and
 * OnUcpSubmitMessageCompleted (the whole message; TransactionNumbers and
 * TimeStamps (the SCTS answered for each part, 0 if not answered
 * positively yet) of the parts, in part order). */
typedef struct ucpSubmitMessageEventArgs {
    int32_t         ClientID;
    uint32_t        TransactionNumber;
    const char     *Destination;      /* AdC */
    const char     *Originator;       /* OAdC; alphanumeric OAdC decoded */
    const char     *Content;
    int32_t         Encoding;         /* EncodingEnum */
    uint32_t        Options;          /* SubmitOptionEnum */
    const char     *UserDataHeader;   /* hex incl. UDHL (XSer 01) */
    int64_t         DeliveryTime;     /* not set when none; Options says relative or absolute */
    int64_t         ValidityPeriod;
    const char     *ExtendedParameters; /* "ucp.OT=51;ucp.NRq=1;..." */
    const uint32_t *TransactionNumbers;
    const int64_t  *TimeStamps;
    size_t          PartCount;
} ucpSubmitMessageEventArgs;
typedef ucpSubmitMessageEventArgs ucpSubmitMessageReceivedEventArgs;
typedef ucpSubmitMessageEventArgs ucpSubmitMessageCompletedEventArgs;

/* A multipart message dropped because parts were missing after
 * reassembly-timeout or when the connection ended (beyond the reference). */
typedef struct ucpSubmitMessageIncompleteEventArgs {
    int32_t         ClientID;
    const char     *Originator;
    const char     *Destination;
    uint16_t        Reference;
    int32_t         Total;
    int32_t         Received;
    const uint32_t *TransactionNumbers;
    const int64_t  *TimeStamps;
    size_t          PartCount;
} ucpSubmitMessageIncompleteEventArgs;

/* The client's result to an OT 52 or 53 the server sent. */
typedef struct ucpDeliverResponseReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    uint32_t    OperationType;   /* 52 or 53 */
    uint32_t    ErrorCode;       /* 0 for a positive result, else the EC; 0xFFFFFFF0 no result within deliver-timeout, 0xFFFFFFF1 connection lost first */
    const char *ErrorMessage;    /* the result's SM field */
    const char *ExtendedParameters;
} ucpDeliverResponseReceivedEventArgs;

/* A frame no other event decodes. */
typedef struct ucpRAWReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    uint32_t    OperationType;
    int32_t     IsResult;        /* a result (R), not an operation (O); 1 or 0 in C */
    const char *Payload;         /* the data part, hex */
} ucpRAWReceivedEventArgs;

/* A frame in either direction. */
typedef struct ucpTraceProtocolEventArgs {
    int32_t     ClientID;
    const char *FromAddress;
    const char *ToAddress;
    uint32_t    Operation;       /* OT */
    uint32_t    OperationType;   /* TRN */
    const char *PDU;             /* whole frame incl. STX/ETX, hex */
} ucpTraceProtocolEventArgs;

/* An OT 60 login; answer with ucpSendLoginResponse. Without a handler
 * logins get NACK 07 and the connection is closed. */
typedef int (*ucpLoginReceivedEvent)(void *userData, const ucpLoginReceivedEventArgs *e);
/* Every submitted part (OT 51 or 01); answer with
 * ucpSendSubmitMessageResponse. Without a handler: NACK 55 (system error). */
typedef int (*ucpSubmitMessageReceivedEvent)(void *userData, const ucpSubmitMessageReceivedEventArgs *e);
/* A whole message once all its parts arrived, with their
 * TransactionNumbers and TimeStamps (the SCTS answered for each part). */
typedef int (*ucpSubmitMessageCompletedEvent)(void *userData, const ucpSubmitMessageCompletedEventArgs *e);
/* A multipart message dropped because parts were missing
 * (reassembly-timeout or connection end). */
typedef int (*ucpSubmitMessageIncompleteEvent)(void *userData, const ucpSubmitMessageIncompleteEventArgs *e);
/* The client's result to an OT 52 or 53; match it by TransactionNumber
 * and OperationType. Every 52 and 53 gets exactly one of these events: the
 * client's result, or the library's outcome when there is none, ErrorCode
 * 0xFFFFFFF0 with ExtendedParameters "library.outcome=timeout" (no result
 * within deliver-timeout; a late one is then dropped) or 0xFFFFFFF1 with
 * "library.outcome=connection-lost" (before OnTcpDisconnected, with the
 * real ClientID), as for smppDeliverResponseReceivedEvent. UCP error codes
 * have two digits, so neither value is a client's. */
typedef int (*ucpDeliverResponseReceivedEvent)(void *userData, const ucpDeliverResponseReceivedEventArgs *e);
/* A frame no other event decodes (an operation of an open session the
 * library does not handle); answer it with ucpSendRAW. Without a
 * handler: NACK 03. */
typedef int (*ucpRAWReceivedEvent)(void *userData, const ucpRAWReceivedEventArgs *e);
/* Every frame in both directions, as hex (STX..ETX); the PWD and NPWD of
 * an OT 60 or 61 masked, unless trace-passwords=true. */
typedef int (*ucpTraceProtocolEvent)(void *userData, const ucpTraceProtocolEventArgs *e);

/* Registration, as for SMPP.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (an SMPP or CIMD2 handle). */
int smscSetOnUcpLoginReceived(SMSCserver *h, ucpLoginReceivedEvent cb, void *userData);
int smscSetOnUcpSubmitMessageReceived(SMSCserver *h, ucpSubmitMessageReceivedEvent cb, void *userData);
int smscSetOnUcpSubmitMessageCompleted(SMSCserver *h, ucpSubmitMessageCompletedEvent cb, void *userData);
int smscSetOnUcpSubmitMessageIncomplete(SMSCserver *h, ucpSubmitMessageIncompleteEvent cb, void *userData);
int smscSetOnUcpDeliverResponseReceived(SMSCserver *h, ucpDeliverResponseReceivedEvent cb, void *userData);
int smscSetOnUcpRAWReceived(SMSCserver *h, ucpRAWReceivedEvent cb, void *userData);
int smscSetOnUcpTraceProtocol(SMSCserver *h, ucpTraceProtocolEvent cb, void *userData);

/* ---------------------------------------------------------------- CIMD2 */

/* A new CIMD2 server object (the reference's SMSCserverCIMD2). The common
 * functions above take it as well. ExtendedParameters of
 * cimd2InitializeServer add time-zone=Local|UTC|<IANA name> (times on the
 * wire; default Local); max-pdu-size defaults to 4096 for CIMD2.
 *
 * CIMD2 packet numbers are three digits, the server's even (000..254) and
 * the client's odd, so at most 128 of the server's requests can be in
 * flight on a connection. The TransactionNumber a host gives
 * cimd2SendDeliverMessage and cimd2SendDeliverStatusReport is its own
 * identifier of the request and may be any value (a ported program counts
 * tn++ from 1): it goes on the wire unchanged when it is an even 2..254 no
 * request in flight uses, else the packet takes the next free even number.
 * The client's answer is reported (OnCimd2DeliverResponseReceived) with
 * the host's identifier, whatever went on the wire (the trace events show
 * the wire number). 0 lets the library choose; the identifier is then the
 * wire number. cimd2SendRAW sends its number as given (it must be 0..999).
 * Returns (cimd2CreateServer): the new handle, or NULL (out of memory).
 * Returns (cimd2InitializeServer): 0, SMSC_ERR_INVALID_ARGUMENT (as for
 * smppInitializeServer, and a time-zone it does not know),
 * SMSC_ERR_ALREADY_INITIALIZED, or a positive OS error.
 * Returns (cimd2FinalizeServer): 0, SMSC_ERR_NOT_INITIALIZED. */
SMSCserver *cimd2CreateServer(void);
int cimd2InitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters);
int cimd2FinalizeServer(SMSCserver *h);

/* Send any packet: Payload = the parameter area ("PPP:value<TAB>...") in hex.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_SEND_QUEUE_FULL. */
int cimd2SendRAW(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t OperationCode, const char *Payload);
/* Answer a login: ErrorCode 0 accepts (51 without parameters), else 51 with
 * 900:ErrorCode and 901:ErrorMessage.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (ErrorCode over 999, ErrorMessage
 * over 64 octets or with a TAB, STX or ETX), SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_SEND_QUEUE_FULL. */
int cimd2SendLoginResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t ErrorCode,
                           const char *ErrorMessage);
/* Deliver a message (20), split when long; TimeStamp = 060 (0 = now). The
 * parts are identified by TransactionNumber, +2, +4, ... (any values, see
 * above); TransactionNumbers receives those identifiers, as the out array
 * of smppSendDeliverMessage does (also after a partial failure).
 * ExtendedParameters: cimd2.<NNN>=<value> sets or (empty value) removes a
 * parameter, long-messages=udh8|udh16, iso-8859=ucs2|8bit (see
 * ucpSendDeliverMessage).
 * Options: the class flags and soDirectDisplay set 030, soZeroSMS sets 052
 * 64; soRequestStatusReport is ignored (a 20 cannot ask the client for a
 * report) and so are the time flags (a delivery has no times to qualify).
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE (not logged in),
 * SMSC_ERR_UNSUPPORTED (long-messages=sar or payload),
 * SMSC_ERR_ENCODING_FAILED, SMSC_ERR_CONTENT_TOO_LONG,
 * SMSC_ERR_BUFFER_TOO_SMALL, SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int cimd2SendDeliverMessage(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                            const char *Originator, const char *Content, int Encoding, const char *UserDataHeader,
                            uint32_t Options, int64_t TimeStamp, const char *ExtendedParameters,
                            uint32_t *TransactionNumbers, size_t Capacity, size_t *Count);
/* Deliver a status report (23): MessageTimeStamp = the 060 of the submit's
 * answer, Destination = the original recipient, StatusCode 061,
 * StatusErrorCode 062 (sent when not 0), TimeStamp 063 discharge time.
 * TransactionNumber: any identifier, as for cimd2SendDeliverMessage.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_WRONG_STATE (not logged in),
 * SMSC_ERR_UNSUPPORTED (long-messages=sar or payload),
 * SMSC_ERR_SEND_QUEUE_FULL (also
 * a full window with window-full=fail), SMSC_ERR_TIMEOUT (the window stayed
 * full for deliver-timeout). */
int cimd2SendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t TransactionNumber, int64_t MessageTimeStamp,
                                 const char *Destination, int StatusCode, int StatusErrorCode, int64_t TimeStamp,
                                 const char *ExtendedParameters);
/* Answer a submit: ErrorCode 0 = 53 with 021 and 060 (TimeStamp, 0 = a
 * fresh unique second); else 53 with 900/901.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT, SMSC_ERR_UNKNOWN_CLIENT,
 * SMSC_ERR_CONNECTION_CLOSED, SMSC_ERR_NOT_PENDING,
 * SMSC_ERR_SEND_QUEUE_FULL. */
int cimd2SendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                                   int64_t TimeStamp, uint32_t ErrorCode, const char *ErrorMessage);

/* A login (01). */
typedef struct cimd2LoginReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    const char *UserIdentity;
    const char *Password;
    const char *ExtendedParameters;
} cimd2LoginReceivedEventArgs;

/* A logout (02), already answered by the library (beyond the reference). */
typedef struct cimd2LogoutReceivedEventArgs {
    int32_t  ClientID;
    uint32_t TransactionNumber;
} cimd2LogoutReceivedEventArgs;

/* A submitted message (03). Used by
 * OnCimd2SubmitMessageReceived (arrays NULL/0) and
 * OnCimd2SubmitMessageCompleted (TimeStamps: the 060 answered for each part;
 * TransactionNumbers of the parts). */
typedef struct cimd2SubmitMessageEventArgs {
    int32_t         ClientID;
    uint32_t        TransactionNumber;
    const char     *Destination;
    const char     *Originator;
    const char     *Content;
    int32_t         Encoding;
    uint32_t        Options;
    const char     *UserDataHeader;
    int64_t         DeliveryTime;
    int64_t         ValidityPeriod;
    const char     *ExtendedParameters; /* "cimd2.<NNN>=<value>;..." */
    const uint32_t *TransactionNumbers;
    const int64_t  *TimeStamps;
    size_t          PartCount;
} cimd2SubmitMessageEventArgs;
typedef cimd2SubmitMessageEventArgs cimd2SubmitMessageReceivedEventArgs;
typedef cimd2SubmitMessageEventArgs cimd2SubmitMessageCompletedEventArgs;

/* A multipart message dropped because parts were missing after
 * reassembly-timeout or when the connection ended (beyond the reference). */
typedef struct cimd2SubmitMessageIncompleteEventArgs {
    int32_t         ClientID;
    const char     *Originator;
    const char     *Destination;
    uint16_t        Reference;
    int32_t         Total;
    int32_t         Received;
    const uint32_t *TransactionNumbers;
    size_t          PartCount;
} cimd2SubmitMessageIncompleteEventArgs;

/* The client's answer to a deliver message (20) or status report (23). */
typedef struct cimd2DeliverResponseReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    uint32_t    ErrorCode;       /* 900, 0 when none; 0xFFFFFFF0 no answer within deliver-timeout, 0xFFFFFFF1 connection lost first */
    int32_t     Code;            /* 70, 73, 98 or 99 (the library's outcomes: 70 or 73, the answer awaited) */
    const char *ErrorMessage;    /* 901 */
    const char *ExtendedParameters;
} cimd2DeliverResponseReceivedEventArgs;

/* A packet no other event decodes. */
typedef struct cimd2RAWReceivedEventArgs {
    int32_t     ClientID;
    uint32_t    TransactionNumber;
    int32_t     Code;            /* operation code */
    const char *Payload;         /* parameter area, hex */
} cimd2RAWReceivedEventArgs;

/* A packet in either direction. */
typedef struct cimd2TraceProtocolEventArgs {
    int32_t     ClientID;
    const char *FromAddress;
    const char *ToAddress;
    uint32_t    Operation;       /* operation code */
    uint32_t    OperationType;   /* packet number */
    const char *PDU;             /* whole packet STX..ETX, hex */
} cimd2TraceProtocolEventArgs;

/* A login; answer with cimd2SendLoginResponse. Without a handler logins
 * are rejected (900:100) and the connection closed. */
typedef int (*cimd2LoginReceivedEvent)(void *userData, const cimd2LoginReceivedEventArgs *e);
/* A logout, already answered by the library (beyond the reference). */
typedef int (*cimd2LogoutReceivedEvent)(void *userData, const cimd2LogoutReceivedEventArgs *e);
/* Every submitted part (03); answer with cimd2SendSubmitMessageResponse.
 * Without a handler: 53 with 900:6 (general system error). */
typedef int (*cimd2SubmitMessageReceivedEvent)(void *userData, const cimd2SubmitMessageReceivedEventArgs *e);
/* A whole message once all its parts arrived, with their
 * TransactionNumbers and TimeStamps (the 060 answered for each part). */
typedef int (*cimd2SubmitMessageCompletedEvent)(void *userData, const cimd2SubmitMessageCompletedEventArgs *e);
/* A multipart message dropped because parts were missing
 * (reassembly-timeout or connection end). */
typedef int (*cimd2SubmitMessageIncompleteEvent)(void *userData, const cimd2SubmitMessageIncompleteEventArgs *e);
/* The client's answer (70, 73, 98 or 99) to a deliver message or status
 * report; match it by TransactionNumber. Every 20 and 23 gets exactly one
 * of these events: the client's answer, or the library's outcome when there
 * is none, ErrorCode 0xFFFFFFF0 with ExtendedParameters
 * "library.outcome=timeout" (no answer within deliver-timeout; a late one
 * is then dropped) or 0xFFFFFFF1 with "library.outcome=connection-lost"
 * (before OnTcpDisconnected, with the real ClientID), Code the answer
 * awaited (70 or 73), as for smppDeliverResponseReceivedEvent. CIMD2 error
 * codes have three digits, so neither value is a client's. */
typedef int (*cimd2DeliverResponseReceivedEvent)(void *userData, const cimd2DeliverResponseReceivedEventArgs *e);
/* A packet no other event decodes; answer requests with cimd2SendRAW. */
typedef int (*cimd2RAWReceivedEvent)(void *userData, const cimd2RAWReceivedEventArgs *e);
/* Every packet in both directions, as hex (STX..ETX); a login's 011
 * (password) masked, unless trace-passwords=true. */
typedef int (*cimd2TraceProtocolCallback)(void *userData, const cimd2TraceProtocolEventArgs *e);

/* Registration, as for SMPP.
 * Returns: 0, SMSC_ERR_INVALID_ARGUMENT (an SMPP or UCP handle). */
int smscSetOnCimd2LoginReceived(SMSCserver *h, cimd2LoginReceivedEvent cb, void *userData);
int smscSetOnCimd2LogoutReceived(SMSCserver *h, cimd2LogoutReceivedEvent cb, void *userData);
int smscSetOnCimd2SubmitMessageReceived(SMSCserver *h, cimd2SubmitMessageReceivedEvent cb, void *userData);
int smscSetOnCimd2SubmitMessageCompleted(SMSCserver *h, cimd2SubmitMessageCompletedEvent cb, void *userData);
int smscSetOnCimd2SubmitMessageIncomplete(SMSCserver *h, cimd2SubmitMessageIncompleteEvent cb, void *userData);
int smscSetOnCimd2DeliverResponseReceived(SMSCserver *h, cimd2DeliverResponseReceivedEvent cb, void *userData);
int smscSetOnCimd2RAWReceived(SMSCserver *h, cimd2RAWReceivedEvent cb, void *userData);
int smscSetOnCimd2TraceProtocol(SMSCserver *h, cimd2TraceProtocolCallback cb, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* SMSCSERVER_H */
