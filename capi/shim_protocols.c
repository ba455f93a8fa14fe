/*
 * The public UCP/EMI and CIMD2 functions of include/smscserver.h, forwarded
 * to their go* exports like shim.c does for SMPP. No logic here.
 */
#include "smscserver.h"
#include "trampoline.h"
#include "_cgo_export.h"

SMSCserver *ucpCreateServer(void) { return (SMSCserver *)goUcpCreateServer(); }
int ucpInitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters) {
    return goUcpInitializeServer(h, (char *)LocalHost, LocalPort, (char *)ExtendedParameters);
}
int ucpFinalizeServer(SMSCserver *h) { return goUcpFinalizeServer(h); }
int ucpSendLoginResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t ErrorCode,
                         const char *ErrorMessage) {
    return goUcpSendLoginResponse(h, ClientID, TransactionNumber, ErrorCode, (char *)ErrorMessage);
}
int ucpSendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                                 int64_t TimeStamp, uint32_t ErrorCode, const char *ErrorMessage) {
    return goUcpSendSubmitMessageResponse(h, ClientID, TransactionNumber, (char *)Destination, TimeStamp, ErrorCode,
                                          (char *)ErrorMessage);
}
int ucpSendDeliverMessage(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                          const char *Originator, const char *Content, int Encoding, const char *UserDataHeader,
                          uint32_t Options, int64_t TimeStamp, const char *ExtendedParameters,
                          uint32_t *TransactionNumbers, size_t Capacity, size_t *Count) {
    return goUcpSendDeliverMessage(h, ClientID, TransactionNumber, (char *)Destination, (char *)Originator,
                                   (char *)Content, Encoding, (char *)UserDataHeader, Options, TimeStamp,
                                   (char *)ExtendedParameters, TransactionNumbers, Capacity, Count);
}
int ucpSendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t TransactionNumber, int64_t MessageTimeStamp,
                               const char *Destination, const char *Originator, int StatusCode, int StatusErrorCode,
                               int64_t TimeStamp, const char *ExtendedParameters) {
    return goUcpSendDeliverStatusReport(h, ClientID, TransactionNumber, MessageTimeStamp, (char *)Destination,
                                        (char *)Originator, StatusCode, StatusErrorCode, TimeStamp,
                                        (char *)ExtendedParameters);
}
int ucpSendRAW(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t OperationType, const char *Payload) {
    return goUcpSendRAW(h, ClientID, TransactionNumber, OperationType, (char *)Payload);
}

SMSCserver *cimd2CreateServer(void) { return (SMSCserver *)goCimd2CreateServer(); }
int cimd2InitializeServer(SMSCserver *h, const char *LocalHost, int LocalPort, const char *ExtendedParameters) {
    return goCimd2InitializeServer(h, (char *)LocalHost, LocalPort, (char *)ExtendedParameters);
}
int cimd2FinalizeServer(SMSCserver *h) { return goCimd2FinalizeServer(h); }
int cimd2SendRAW(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t OperationCode, const char *Payload) {
    return goCimd2SendRAW(h, ClientID, TransactionNumber, OperationCode, (char *)Payload);
}
int cimd2SendLoginResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, uint32_t ErrorCode,
                           const char *ErrorMessage) {
    return goCimd2SendLoginResponse(h, ClientID, TransactionNumber, ErrorCode, (char *)ErrorMessage);
}
int cimd2SendDeliverMessage(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                            const char *Originator, const char *Content, int Encoding, const char *UserDataHeader,
                            uint32_t Options, int64_t TimeStamp, const char *ExtendedParameters,
                            uint32_t *TransactionNumbers, size_t Capacity, size_t *Count) {
    return goCimd2SendDeliverMessage(h, ClientID, TransactionNumber, (char *)Destination, (char *)Originator,
                                     (char *)Content, Encoding, (char *)UserDataHeader, Options, TimeStamp,
                                     (char *)ExtendedParameters, TransactionNumbers, Capacity, Count);
}
int cimd2SendDeliverStatusReport(SMSCserver *h, int ClientID, uint32_t TransactionNumber, int64_t MessageTimeStamp,
                                 const char *Destination, int StatusCode, int StatusErrorCode, int64_t TimeStamp,
                                 const char *ExtendedParameters) {
    return goCimd2SendDeliverStatusReport(h, ClientID, TransactionNumber, MessageTimeStamp, (char *)Destination,
                                          StatusCode, StatusErrorCode, TimeStamp, (char *)ExtendedParameters);
}
int cimd2SendSubmitMessageResponse(SMSCserver *h, int ClientID, uint32_t TransactionNumber, const char *Destination,
                                   int64_t TimeStamp, uint32_t ErrorCode, const char *ErrorMessage) {
    return goCimd2SendSubmitMessageResponse(h, ClientID, TransactionNumber, (char *)Destination, TimeStamp, ErrorCode,
                                            (char *)ErrorMessage);
}

#define SMSC_REGISTER(event, type)                                                  \
    int smscSet##event(SMSCserver *h, type cb, void *userData) {                     \
        return goSmscSetCallback(h, SMSC_EV_##event, (uintptr_t)cb, (uintptr_t)userData); \
    }
SMSC_REGISTER(OnUcpLoginReceived, ucpLoginReceivedEvent)
SMSC_REGISTER(OnUcpSubmitMessageReceived, ucpSubmitMessageReceivedEvent)
SMSC_REGISTER(OnUcpSubmitMessageCompleted, ucpSubmitMessageCompletedEvent)
SMSC_REGISTER(OnUcpSubmitMessageIncomplete, ucpSubmitMessageIncompleteEvent)
SMSC_REGISTER(OnUcpDeliverResponseReceived, ucpDeliverResponseReceivedEvent)
SMSC_REGISTER(OnUcpRAWReceived, ucpRAWReceivedEvent)
SMSC_REGISTER(OnUcpTraceProtocol, ucpTraceProtocolEvent)
SMSC_REGISTER(OnCimd2LoginReceived, cimd2LoginReceivedEvent)
SMSC_REGISTER(OnCimd2LogoutReceived, cimd2LogoutReceivedEvent)
SMSC_REGISTER(OnCimd2SubmitMessageReceived, cimd2SubmitMessageReceivedEvent)
SMSC_REGISTER(OnCimd2SubmitMessageCompleted, cimd2SubmitMessageCompletedEvent)
SMSC_REGISTER(OnCimd2SubmitMessageIncomplete, cimd2SubmitMessageIncompleteEvent)
SMSC_REGISTER(OnCimd2DeliverResponseReceived, cimd2DeliverResponseReceivedEvent)
SMSC_REGISTER(OnCimd2RAWReceived, cimd2RAWReceivedEvent)
SMSC_REGISTER(OnCimd2TraceProtocol, cimd2TraceProtocolCallback)
