/* Internal to capi: the C side of calling host callbacks from Go. */
#ifndef SMSC_TRAMPOLINE_H
#define SMSC_TRAMPOLINE_H

/* Calls fn(userData, args); cgo cannot call C function pointers itself.
 * Tracks per thread that a callback is running, for smscDestroyServer. */
int capi_invoke(void *fn, void *userData, const void *args);

/* Event kinds for goSmscSetCallback; internal, the public API has one
 * registration function per event. */
enum smsc_event_kind {
    SMSC_EV_OnTcpConnected = 1,
    SMSC_EV_OnTcpDisconnected,
    SMSC_EV_OnSmppLoginReceived,
    SMSC_EV_OnSmppLogoutReceived,
    SMSC_EV_OnSmppSubmitMessageReceived,
    SMSC_EV_OnSmppSubmitMessageCompleted,
    SMSC_EV_OnSmppSubmitMessageIncomplete,
    SMSC_EV_OnSmppDeliverResponseReceived,
    SMSC_EV_OnSmppRAWReceived,
    SMSC_EV_OnSmppTraceProtocol,
    SMSC_EV_OnSmppQueryReceived,
    SMSC_EV_OnSmppCancelReceived,
    SMSC_EV_OnSmppReplaceReceived
};

#endif
