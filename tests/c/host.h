/*
 * host.h - the C host the tests drive: one SMSCserver with every callback
 * registered, a dispatcher pthread in pumped mode, a record of what each
 * callback saw, and invariant checks made inside the callbacks (right
 * thread, per-connection order, no concurrent callbacks of one connection,
 * nothing after OnTcpDisconnected).
 *
 * Callbacks copy what they keep (event memory is valid only during the
 * callback) into the host under its mutex; tests wait on the counters.
 */
#ifndef SMSC_TESTS_HOST_H
#define SMSC_TESTS_HOST_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "smscserver.h"

enum ev_kind {
    EV_CONNECTED,
    EV_DISCONNECTED,
    EV_LOGIN,
    EV_LOGOUT,
    EV_SUBMIT,
    EV_COMPLETED,
    EV_INCOMPLETE,
    EV_DELIVER_RESP,
    EV_RAW,
    EV_TRACE,
    EV_QUERY,
    EV_CANCEL,
    EV_REPLACE,
    EV_KINDS
};
#define REG(k) (1u << (k))
#define REG_ALL ((1u << EV_KINDS) - 1)

/* What OnTcpConnected does. */
enum { CONN_ACCEPT, CONN_CLOSE, CONN_NOTHING };

/* What OnSmppSubmitMessageReceived does (after recording the event). */
enum {
    SUB_ANSWER,     /* smppSendSubmitMessageResponse(status 0, "M<seq>") */
    SUB_DECLINE,    /* return 1: the library answers ESME_RSYSERR */
    SUB_IGNORE,     /* return 0 without answering (response-timeout) */
    SUB_CLOSE,      /* answer, then tcpCloseConnection(own ClientID) */
    SUB_CLOSE_ALL,  /* tcpCloseAllConnections */
    SUB_DESTROY,    /* smscDestroyServer from inside the callback */
    SUB_FINALIZE,   /* answer, then smppFinalizeServer */
    SUB_UNREGISTER, /* answer, then unregister this very callback */
    SUB_SLOW        /* sleep slow_ms, then answer */
};

#define TRACE_KEEP 32
#define MAX_SEQS 16
#define CLIENT_SLOTS 1024

typedef struct trace_rec {
    int32_t cid;
    uint32_t op, opt;
    char from[64], to[64], pdu[512];
} trace_rec;

typedef struct client_slot {
    int32_t cid;
    int connected, disconnected, busy;
    uint32_t last_submit_seq;
} client_slot;

typedef struct host {
    SMSCserver *srv;
    int mode; /* SMSC_DISPATCH_* */
    int port;
    unsigned reg; /* REG() mask of registered callbacks */

    /* dispatcher thread (pumped mode) */
    pthread_t disp;
    int disp_started, disp_paused, disp_stop, disp_exit;
    long disp_calls;

    pthread_mutex_t mu;
    pthread_cond_t cv;
    long n[EV_KINDS];       /* callbacks finished, per kind */
    long started[EV_KINDS]; /* callbacks entered, per kind */
    long total;

    /* behaviour knobs (set before the event; read under mu) */
    int on_connect;
    const char *password; /* NULL = every login accepted */
    uint32_t reject_status;
    const char *login_system_id; /* SystemID of the bind_resp */
    int login_decline;
    int login_close;    /* tcpCloseConnection after a rejected login */
    int login_finalize; /* smppFinalizeServer from the login callback */
    int submit_mode;
    int slow_ms;
    int receipt_from_callback; /* send the status report inside the submit callback */
    int logout_answer;         /* 1: answer unbind ourselves; 0: decline */
    int raw_answer;            /* answer RAW requests with smppSendRAW */
    int typed_answer;          /* answer query/cancel/replace */

    /* results of calls made inside callbacks */
    int cb_ret_destroy, cb_ret_close, cb_ret_after_close, cb_ret_finalize, cb_ret_unregister, cb_ret_answer;
    long long slow_done_ms;
    long answered;

    /* copies of the last event of each kind */
    struct {
        int32_t cid;
        char host[64];
        int32_t port;
    } conn;
    struct {
        int32_t cid, reason;
        char text[128];
    } disc;
    struct {
        int32_t cid;
        uint32_t seq;
        char system_id[32], password[32], system_type[32], range[64];
        int version, ton, npi, bind_mode;
    } login;
    struct {
        int32_t cid;
        uint32_t seq;
    } logout;
    struct submit_rec {
        int32_t cid;
        uint32_t seq;
        char dst[128], src[64], content[1024], udh[64], service_type[16], ext[512];
        int dton, dnpi, ston, snpi, enc, pid, prio, dcs, regdel, esm;
        uint32_t options;
        int64_t delivery_time, validity;
        uint32_t seqs[MAX_SEQS];
        size_t nseqs;
        int seqs_null;
    } submit, completed;
    struct {
        int32_t cid;
        char src[64], dst[64];
        int ref, total, received;
        uint32_t seqs[MAX_SEQS];
        size_t nseqs;
    } incomplete;
    struct {
        int32_t cid;
        uint32_t seq, status;
        char msgid[80], ext[256];
    } dresp;
    struct {
        int32_t cid;
        uint32_t seq, cmd, status;
        char payload[1024];
    } raw;
    trace_rec traces[TRACE_KEEP];
    struct {
        int32_t cid;
        uint32_t seq;
        char msgid[80], src[32], service_type[16], dst[32], content[128];
        int ston, snpi, dton, dnpi, regdel, dflt;
        int64_t delivery_time, validity;
        uint32_t options;
    } query, cancel, replace;

    /* invariant violations seen inside callbacks */
    long violations;
    char violation[256];
    client_slot slots[CLIENT_SLOTS];
} host;

/* Creates the server, registers the callbacks in reg, sets the mode,
 * listens on 127.0.0.1:0 with ext, starts the dispatcher in pumped mode.
 * Returns 0 or the failing call's code. */
int host_start(host *h, int mode, unsigned reg, const char *ext);
/* Registers (or, with 0 in reg, unregisters) the callbacks of the mask. */
int host_register(host *h, unsigned reg);
/* Destroys the server (if not yet) and joins the dispatcher; returns the
 * destroy's code (or SMSC_ERR_INVALID_HANDLE when already destroyed). */
int host_stop(host *h);
/* Frees the host's mutex and condition (after host_stop). */
void host_free(host *h);

void host_pause(host *h, int paused);
/* Waits until n[kind] >= target: 1 yes, 0 timeout. */
int host_wait(host *h, int kind, long target, int timeout_ms);
/* Waits until started[kind] >= target. */
int host_wait_started(host *h, int kind, long target, int timeout_ms);
long host_total(host *h);
/* Callback events of every host so far. */
long host_events_total(void);
long host_count(host *h, int kind);
/* Copies the trace record whose op/opt match (newest first); 1 found. */
int host_find_trace(host *h, uint32_t op, uint32_t opt, trace_rec *out);

long long clock_ms(void);
void sleep_ms(int ms);

#endif
