/*
 * The public C functions of include/smscserver.h. Each one forwards to the
 * Go export of the same name with a "go" prefix: cgo cannot declare const
 * parameters, so the exports carry non-const prototypes and the documented
 * (const-correct) names live here. Besides these forwarders only the
 * callback trampoline and the table of process-lifetime blocks live here.
 */
#include "smscserver.h"
#include "trampoline.h"
#include "_cgo_export.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static __thread int smsc_callback_depth;

static pthread_mutex_t keep_mu = PTHREAD_MUTEX_INITIALIZER;
static void **keep_roots;
static size_t keep_len, keep_cap;

void capi_keep(void *p) {
    pthread_mutex_lock(&keep_mu);
    if (keep_len == keep_cap) {
        size_t n = keep_cap ? 2 * keep_cap : 64;
        void **r = realloc(keep_roots, n * sizeof *r);
        if (!r) { /* out of memory: the block just stays unrecorded */
            pthread_mutex_unlock(&keep_mu);
            return;
        }
        keep_roots = r;
        keep_cap = n;
    }
    keep_roots[keep_len++] = p;
    pthread_mutex_unlock(&keep_mu);
}

int capi_invoke(uintptr_t fn, uintptr_t userData, const void *args) {
    int r;
    smsc_callback_depth++;
    r = ((int (*)(void *, const void *))fn)((void *)userData, args);
    smsc_callback_depth--;
    return r;
}

int capi_invoke_free(uintptr_t fn, uintptr_t userData, void *args) {
    int r = capi_invoke(fn, userData, args);
    free(args);
    return r;
}

void *capi_alloc(size_t size, size_t zero) {
    void *p = malloc(size);
    if (p != NULL) {
        memset(p, 0, zero);
    }
    return p;
}

int smscAbiVersion(void) { return SMSCSERVER_ABI_VERSION; }
const char *smscVersion(void) { return "1.0.0"; }
const char *smscErrorText(int code) { return goSmscErrorText(code); }

SMSCserver *smppCreateServer(void) { return (SMSCserver *)goSmppCreateServer(); }
int smscDestroyServer(SMSCserver *h) { return goSmscDestroyServer(h, smsc_callback_depth > 0); }
int smscSetDispatchMode(SMSCserver *h, int mode) { return goSmscSetDispatchMode(h, mode); }
int smscDispatchEvents(SMSCserver *h, int timeoutMs, int maxEvents) { return goSmscDispatchEvents(h, timeoutMs, maxEvents); }
int smscWakeDispatcher(SMSCserver *h) { return goSmscWakeDispatcher(h); }

int smppInitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters) {
    return goSmppInitializeServer(h, (char *)LocalHost, LocalPort, (char *)ExtendedParameters);
}
int smppFinalizeServer(SMSCserver *h) { return goSmppFinalizeServer(h); }
int smscGetLocalPort(SMSCserver *h) { return goSmscGetLocalPort(h); }
int smscGetConnectionCount(SMSCserver *h) { return goSmscGetConnectionCount(h); }
int smscGetKeepAliveInterval(SMSCserver *h) { return goSmscGetKeepAliveInterval(h); }
int smscSetKeepAliveInterval(SMSCserver *h, int seconds) { return goSmscSetKeepAliveInterval(h, seconds); }
int smscGetThrottleRate(SMSCserver *h) { return goSmscGetThrottleRate(h); }
int smscSetThrottleRate(SMSCserver *h, int rate) { return goSmscSetThrottleRate(h, rate); }

int tcpAcceptConnection(SMSCserver *h, int ClientID) { return goTcpAcceptConnection(h, ClientID); }
int tcpCloseConnection(SMSCserver *h, int ClientID) { return goTcpCloseConnection(h, ClientID); }
int tcpCloseAllConnections(SMSCserver *h) { return goTcpCloseAllConnections(h); }

int smppSendLoginResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, int BindMode,
                          uint32_t Status, const char *SystemID) {
    return goSmppSendLoginResponse(h, ClientID, SequenceNumber, BindMode, Status, (char *)SystemID);
}
int smppSendLogoutResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status) {
    return goSmppSendLogoutResponse(h, ClientID, SequenceNumber, Status);
}
int smppSendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                                  const char *MessageID, int MultipleDestinations) {
    return goSmppSendSubmitMessageResponse(h, ClientID, SequenceNumber, Status, (char *)MessageID, MultipleDestinations);
}
int smppSendSubmitMultiMessageResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                                       const char *MessageID, const char *UnsuccessfulDestinations) {
    return goSmppSendSubmitMultiMessageResponse(h, ClientID, SequenceNumber, Status, (char *)MessageID,
                                                (char *)UnsuccessfulDestinations);
}
int smppSendDeliverMessage(SMSCserver *h, int ClientID, uint32_t SequenceNumber,
                           const char *Destination, int DestinationTON, int DestinationNPI,
                           const char *Originator, int OriginatorTON, int OriginatorNPI,
                           const char *Content, int Encoding, const char *UserDataHeader,
                           uint32_t Options, const char *ServiceType, const char *ExtendedParameters,
                           uint32_t *SequenceNumbers, size_t Capacity, size_t *Count) {
    return goSmppSendDeliverMessage(h, ClientID, SequenceNumber, (char *)Destination, DestinationTON, DestinationNPI,
                                    (char *)Originator, OriginatorTON, OriginatorNPI, (char *)Content, Encoding,
                                    (char *)UserDataHeader, Options, (char *)ServiceType, (char *)ExtendedParameters,
                                    SequenceNumbers, Capacity, Count);
}
int smppSendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t SequenceNumber,
                                const char *Destination, int DestinationTON, int DestinationNPI,
                                const char *Originator, int OriginatorTON, int OriginatorNPI,
                                int ReportType, const char *MessageID, const char *ServiceType,
                                int Submitted, int Delivered, int64_t SubmitDate, int64_t DoneDate,
                                int MessageState, int ErrorCode, const char *Text,
                                const char *ExtendedParameters) {
    return goSmppSendDeliverStatusReport(h, ClientID, SequenceNumber, (char *)Destination, DestinationTON, DestinationNPI,
                                         (char *)Originator, OriginatorTON, OriginatorNPI, ReportType, (char *)MessageID,
                                         (char *)ServiceType, Submitted, Delivered, SubmitDate, DoneDate, MessageState,
                                         ErrorCode, (char *)Text, (char *)ExtendedParameters);
}
int smppSendRAW(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t CommandID,
                uint32_t CommandStatus, const char *Payload) {
    return goSmppSendRAW(h, ClientID, SequenceNumber, CommandID, CommandStatus, (char *)Payload);
}
int smppSendQueryResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status,
                          const char *MessageID, int64_t FinalDate, int MessageState, int ErrorCode) {
    return goSmppSendQueryResponse(h, ClientID, SequenceNumber, Status, (char *)MessageID, FinalDate, MessageState, ErrorCode);
}
int smppSendCancelResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status) {
    return goSmppSendCancelResponse(h, ClientID, SequenceNumber, Status);
}
int smppSendReplaceResponse(SMSCserver *h, int ClientID, uint32_t SequenceNumber, uint32_t Status) {
    return goSmppSendReplaceResponse(h, ClientID, SequenceNumber, Status);
}

#define SMSC_REGISTER(event, type)                                        \
    int smscSet##event(SMSCserver *h, type cb, void *userData) {           \
        return goSmscSetCallback(h, SMSC_EV_##event, (uintptr_t)cb, (uintptr_t)userData); \
    }
SMSC_REGISTER(OnTcpConnected, tcpConnectedEvent)
SMSC_REGISTER(OnTcpDisconnected, tcpDisconnectedEvent)
SMSC_REGISTER(OnSmppLoginReceived, smppLoginReceivedEvent)
SMSC_REGISTER(OnSmppLogoutReceived, smppLogoutReceivedEvent)
SMSC_REGISTER(OnSmppSubmitMessageReceived, smppSubmitMessageReceivedEvent)
SMSC_REGISTER(OnSmppSubmitMessageCompleted, smppSubmitMessageCompletedEvent)
SMSC_REGISTER(OnSmppSubmitMessageIncomplete, smppSubmitMessageIncompleteEvent)
SMSC_REGISTER(OnSmppDeliverResponseReceived, smppDeliverResponseReceivedEvent)
SMSC_REGISTER(OnSmppRAWReceived, smppRAWReceivedEvent)
SMSC_REGISTER(OnSmppTraceProtocol, smppTraceProtocolEvent)
SMSC_REGISTER(OnSmppQueryReceived, smppQueryReceivedEvent)
SMSC_REGISTER(OnSmppCancelReceived, smppCancelReceivedEvent)
SMSC_REGISTER(OnSmppReplaceReceived, smppReplaceReceivedEvent)
