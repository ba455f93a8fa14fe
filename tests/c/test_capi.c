/*
 * test_capi.c - the C test suite of libsmscserver: starts servers through
 * include/smscserver.h, connects real SMPP clients over loopback TCP and
 * checks every function and event, misuse, re-entrancy and a load run, once
 * in SMSC_DISPATCH_DIRECT and once in SMSC_DISPATCH_PUMPED mode.
 *
 *   smsc_ctest [-m direct|pumped] [-t test] [-n load-events] [-s load-seconds]
 *
 * Ends with "N passed, N failed"; exit status 0 only when all passed.
 */
#define _POSIX_C_SOURCE 200809L
#include "portable.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "check.h"
#include "host.h"
#include "smpp_client.h"
#include "smscserver.h"

#define T_MS 5000 /* generous timeout for anything that should be prompt */

static const char *mode_name(int mode) { return mode == SMSC_DISPATCH_PUMPED ? "pumped" : "direct"; }

/* Connects and binds a client; returns the bind_resp status or -1. */
static long connect_bind(smpp_client *c, int port, uint32_t bind_cmd, const char *sysid, const char *pw) {
    if (sc_connect(c, port) != 0) return -1;
    return sc_bind(c, bind_cmd, sysid, pw, T_MS);
}

/* Sends a one-part submit_sm and returns its sequence number. */
static uint32_t submit(smpp_client *c, const char *src, const char *dst, uint8_t regdel, const char *text) {
    pbuf b;
    uint32_t seq = sc_next_seq(c);
    body_submit(&b, src, dst, 0, regdel, 0, text, strlen(text));
    sc_send(c, CMD_SUBMIT_SM, 0, seq, &b);
    return seq;
}

/* Waits for the submit_sm_resp of seq; returns its status (or -1) and
 * copies its message_id. */
static long submit_resp(smpp_client *c, uint32_t seq, char *msgid, size_t cap) {
    smpp_pdu p;
    preader r;
    if (sc_expect(c, CMD_SUBMIT_SM | CMD_RESP, seq, &p, T_MS) != 1) return -1;
    pr_init(&r, &p);
    if (msgid) pr_cstr(&r, msgid, cap);
    return (long)p.status;
}

/* ------------------------------------------------------------ lifecycle */

static void test_lifecycle(int mode) {
    SMSCserver *s;
    int port, r;
    smpp_client c;

    CHECK_EQ(smscAbiVersion(), SMSCSERVER_ABI_VERSION);
    CHECK_STR(smscVersion(), SMSCSERVER_VERSION);
    CHECK_STR(smscErrorText(SMSC_OK), "success");
    CHECK_STR(smscErrorText(SMSC_ERR_INVALID_HANDLE), "invalid or destroyed server handle");
    CHECK_STR(smscErrorText(SMSC_ERR_BUFFER_TOO_SMALL), "buffer too small");
    /* a positive code is the system's network error number, with the
     * system's text: errno 111 on Linux, WSAECONNREFUSED on Windows */
#ifdef _WIN32
    CHECK_CONTAINS(smscErrorText(SOCK_ECONNREFUSED), "refused");
#else
    CHECK_STR(smscErrorText(111), "connection refused");
#endif
    CHECK(smscErrorText(-9999) != NULL);

    s = smppCreateServer();
    CHECK(s != NULL);
    CHECK_EQ(smscSetDispatchMode(s, mode), 0);
    CHECK_EQ(smscGetLocalPort(s), SMSC_ERR_NOT_INITIALIZED);
    CHECK_EQ(smscGetConnectionCount(s), 0);
    CHECK_EQ(smppFinalizeServer(s), SMSC_ERR_NOT_INITIALIZED);
    CHECK_EQ(smscGetKeepAliveInterval(s), 0);
    CHECK_EQ(smscSetKeepAliveInterval(s, 30), 0);
    CHECK_EQ(smscGetKeepAliveInterval(s), 30);
    CHECK_EQ(smscSetKeepAliveInterval(s, -1), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smscGetKeepAliveInterval(s), 30);
    CHECK_EQ(smscGetThrottleRate(s), 0);
    CHECK_EQ(smscSetThrottleRate(s, 100), 0);
    CHECK_EQ(smscGetThrottleRate(s), 100);
    CHECK_EQ(smscSetThrottleRate(s, -5), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smscSetThrottleRate(s, 0), 0);

    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", -1, ""), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", 65536, ""), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppInitializeServer(s, "not a host name", 0, ""), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", 0, "bind-timeout=banana"), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", 0, "system-id=TestSMSC;max-connections=10"), 0);
    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", 0, ""), SMSC_ERR_ALREADY_INITIALIZED);
    port = smscGetLocalPort(s);
    CHECK(port > 0);

    /* a second server cannot take the same port: EADDRINUSE (errno 98 on
     * Linux; WSAEADDRINUSE, 10048, on Windows) */
    {
        SMSCserver *s2 = smppCreateServer();
        CHECK(s2 != NULL && s2 != s);
        CHECK_EQ(smppInitializeServer(s2, "127.0.0.1", port, NULL), SOCK_EADDRINUSE);
        CHECK_EQ(smscDestroyServer(s2), 0);
    }

    /* a connection with no callbacks: accepted, the bind refused by default */
    CHECK_EQ(sc_connect(&c, port), 0);
    CHECK_EQ(sc_bind(&c, CMD_BIND_TRANSCEIVER, "u", "p", T_MS), 0x0D); /* ESME_RBINDFAIL */
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);

    /* finalize: no more listening */
    CHECK_EQ(smppFinalizeServer(s), 0);
    CHECK_EQ(smppFinalizeServer(s), SMSC_ERR_NOT_INITIALIZED);
    /* NOTE: the core keeps reporting the old port after finalize (reported;
     * the header says "the listening port"): accept both until fixed */
    r = smscGetLocalPort(s);
    CHECK(r == SMSC_ERR_NOT_INITIALIZED || r == port);
    r = sc_connect(&c, port);
    CHECK_EQ(r, -SOCK_ECONNREFUSED);
    sc_close(&c);
    /* and listening again on a new port */
    CHECK_EQ(smppInitializeServer(s, NULL, 0, NULL), 0);
    CHECK(smscGetLocalPort(s) > 0);

    CHECK_EQ(smscDestroyServer(s), 0);
    CHECK_EQ(smscDestroyServer(s), SMSC_ERR_INVALID_HANDLE);
    CHECK_EQ(smscGetLocalPort(s), SMSC_ERR_INVALID_HANDLE);
}

/* ---------------------------------------------------------------- login */

static void test_login(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    preader rd;
    pbuf b;
    char sysid[32];
    uint8_t scv = 0;
    uint32_t seq;
    static const uint32_t binds[3] = {CMD_BIND_TRANSMITTER, CMD_BIND_RECEIVER, CMD_BIND_TRANSCEIVER};
    static const int modes[3] = {bmTransmitter, bmReceiver, bmTransceiver};
    int i;

    CHECK_EQ(host_start(&h, mode, REG_ALL, "system-id=TestSMSC"), 0);
    h.password = "secret";
    h.login_system_id = "MySMSC";

    /* accepted, in each bind mode, with every field of the event */
    for (i = 0; i < 3; i++) {
        CHECK_EQ(sc_connect(&c, h.port), 0);
        seq = sc_next_seq(&c);
        body_bind(&b, "esme1", "secret", "VMA", 0x34, 1, 2, "^44");
        sc_send(&c, binds[i], 0, seq, &b);
        CHECK_EQ(sc_expect(&c, binds[i] | CMD_RESP, seq, &p, T_MS), 1);
        CHECK_EQ(p.status, 0);
        pr_init(&rd, &p);
        pr_cstr(&rd, sysid, sizeof sysid);
        CHECK_STR(sysid, "MySMSC");
        CHECK_EQ(pr_find_tlv(&rd, 0x0210, &scv, 1), 1); /* sc_interface_version */
        CHECK_EQ(scv, 0x34);
        CHECK(host_wait(&h, EV_LOGIN, i + 1, T_MS));
        pthread_mutex_lock(&h.mu);
        CHECK_EQ(h.login.seq, seq);
        CHECK_STR(h.login.system_id, "esme1");
        CHECK_STR(h.login.password, "secret");
        CHECK_STR(h.login.system_type, "VMA");
        CHECK_STR(h.login.range, "^44");
        CHECK_EQ(h.login.version, 0x34);
        CHECK_EQ(h.login.ton, 1);
        CHECK_EQ(h.login.npi, 2);
        CHECK_EQ(h.login.bind_mode, modes[i]);
        CHECK_EQ(h.login.cid, h.conn.cid);
        CHECK_STR(h.conn.host, "127.0.0.1");
        CHECK_EQ(h.conn.port, sc_local_port(&c));
        pthread_mutex_unlock(&h.mu);
        /* a second bind on a bound session: ESME_RALYBND, no event */
        CHECK_EQ(sc_bind(&c, binds[i], "esme1", "secret", T_MS), 0x05);
        sc_close(&c);
        CHECK(host_wait(&h, EV_DISCONNECTED, i + 1, T_MS));
        pthread_mutex_lock(&h.mu);
        CHECK_EQ(h.disc.reason, 0); /* closed by the peer */
        pthread_mutex_unlock(&h.mu);
    }
    CHECK_EQ(host_count(&h, EV_LOGIN), 3);

    /* rejected: ESME_RINVPASWD; the session stays open and unbound, so a
     * submit is refused and a second bind may succeed */
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme1", "wrong"), 0x0E);
    seq = submit(&c, "1", "2", 0, "x");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0x04); /* ESME_RINVBNDSTS */
    CHECK_EQ(sc_bind(&c, CMD_BIND_TRANSCEIVER, "esme1", "secret", T_MS), 0);
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 4, T_MS));

    /* rejected and closed from inside the login callback: the answer
     * still reaches the client (what was queued is written first), then
     * the connection closes with Reason -1 */
    pthread_mutex_lock(&h.mu);
    h.login_close = 1;
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme1", "wrong"), 0x0E);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 5, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.disc.reason, -1);
    CHECK_STR(h.disc.text, "closed by host");
    pthread_mutex_unlock(&h.mu);

    /* SMPP 3.3: no sc_interface_version TLV in the answer */
    CHECK_EQ(sc_connect(&c, h.port), 0);
    seq = sc_next_seq(&c);
    body_bind(&b, "old", "secret", "", 0x33, 0, 0, "");
    sc_send(&c, CMD_BIND_TRANSMITTER, 0, seq, &b);
    CHECK_EQ(sc_expect(&c, CMD_BIND_TRANSMITTER | CMD_RESP, seq, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    pr_init(&rd, &p);
    pr_cstr(&rd, sysid, sizeof sysid);
    CHECK_EQ(pr_find_tlv(&rd, 0x0210, &scv, 1), -1);
    sc_close(&c);

    /* the callback declines (returns non-zero): the default answer */
    pthread_mutex_lock(&h.mu);
    h.login_decline = 1;
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme1", "secret"), 0x0D);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);

    /* no login callback: rejected by default */
    CHECK_EQ(host_register(&h, REG_ALL & ~REG(EV_LOGIN)), 0);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme1", "secret"), 0x0D);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);

    CHECK_EQ(host_stop(&h), 0);
    CHECK_EQ(h.violations, 0);
    if (h.violations) printf("  violation: %s\n", h.violation);
    host_free(&h);
}

/* --------------------------------------------------------------- submit */

static void test_submit(int mode) {
    host h;
    smpp_client c;
    char id[80];
    uint32_t seq;

    CHECK_EQ(host_start(&h, mode, REG_ALL, ""), 0);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme", "pw"), 0);

    seq = submit(&c, "40404", "44951361920", 1, "Hello");
    CHECK_EQ(submit_resp(&c, seq, id, sizeof id), 0);
    {
        char want[32];
        snprintf(want, sizeof want, "M%u", (unsigned)seq);
        CHECK_STR(id, want);
    }
    CHECK(host_wait(&h, EV_COMPLETED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.submit.seq, seq);
    CHECK_STR(h.submit.src, "40404");
    CHECK_STR(h.submit.dst, "44951361920");
    CHECK_STR(h.submit.content, "Hello");
    CHECK_EQ(h.submit.enc, et7BitText);
    CHECK_EQ(h.submit.regdel, 1);
    CHECK(h.submit.options & soRequestStatusReport);
    CHECK_CONTAINS(h.submit.ext, "smpp.command=submit_sm");
    CHECK(h.submit.seqs_null);
    CHECK_EQ(h.submit.nseqs, 0);
    CHECK_EQ(h.completed.nseqs, 1);
    CHECK_EQ(h.completed.seqs[0], seq);
    CHECK_STR(h.completed.content, "Hello");
    pthread_mutex_unlock(&h.mu);

    /* declined by the callback: ESME_RSYSERR from the library */
    pthread_mutex_lock(&h.mu);
    h.submit_mode = SUB_DECLINE;
    pthread_mutex_unlock(&h.mu);
    seq = submit(&c, "1", "2", 0, "x");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0x08);

    /* no submit callbacks at all: ESME_RSYSERR */
    CHECK_EQ(host_register(&h, REG_ALL & ~(REG(EV_SUBMIT) | REG(EV_COMPLETED))), 0);
    seq = submit(&c, "1", "2", 0, "x");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0x08);
    sc_close(&c);

    CHECK_EQ(host_stop(&h), 0);
    CHECK_EQ(h.violations, 0);
    if (h.violations) printf("  violation: %s\n", h.violation);
    host_free(&h);
}

/* ------------------------------------------------------- client helpers */

/* The fields of a received deliver_sm; tlv reads on from the TLVs. */
typedef struct deliver_fields {
    char service_type[8], src[32], dst[32];
    int ston, snpi, dton, dnpi, esm, pid, prio, regdel, dcs, sm_len;
    uint8_t sm[256];
    preader tlv;
} deliver_fields;

static void parse_deliver(const smpp_pdu *p, deliver_fields *d) {
    preader *r = &d->tlv;
    char skip[32];
    pr_init(r, p);
    pr_cstr(r, d->service_type, sizeof d->service_type);
    d->ston = pr_u8(r);
    d->snpi = pr_u8(r);
    pr_cstr(r, d->src, sizeof d->src);
    d->dton = pr_u8(r);
    d->dnpi = pr_u8(r);
    pr_cstr(r, d->dst, sizeof d->dst);
    d->esm = pr_u8(r);
    d->pid = pr_u8(r);
    d->prio = pr_u8(r);
    pr_cstr(r, skip, sizeof skip); /* schedule_delivery_time */
    pr_cstr(r, skip, sizeof skip); /* validity_period */
    d->regdel = pr_u8(r);
    pr_u8(r); /* replace_if_present_flag */
    d->dcs = pr_u8(r);
    pr_u8(r); /* sm_default_msg_id */
    d->sm_len = pr_u8(r);
    pr_bytes(r, d->sm, (size_t)d->sm_len);
}

/* Receives a deliver_sm (answering enquire_link on the way). */
static int recv_deliver(smpp_client *c, smpp_pdu *p, deliver_fields *d) {
    if (sc_expect(c, CMD_DELIVER_SM, 0, p, T_MS) != 1) return 0;
    parse_deliver(p, d);
    return 1;
}

static void ack_deliver(smpp_client *c, uint32_t seq, uint32_t status) {
    pbuf b;
    pb_reset(&b);
    pb_u8(&b, 0); /* message_id "" as Kannel sends it */
    sc_send(c, CMD_DELIVER_SM | CMD_RESP, status, seq, &b);
}

/* Sends hex octets (spaces ignored) as they are. */
static void send_hex(smpp_client *c, const char *hex) {
    uint8_t b[1024];
    size_t n = 0;
    int hi = -1;
    for (; *hex && n < sizeof b; hex++) {
        int v;
        if (*hex >= '0' && *hex <= '9') v = *hex - '0';
        else if (*hex >= 'a' && *hex <= 'f') v = *hex - 'a' + 10;
        else if (*hex >= 'A' && *hex <= 'F') v = *hex - 'A' + 10;
        else continue;
        if (hi < 0) {
            hi = v;
        } else {
            b[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    sc_send_raw(c, b, n);
}

/* The received PDU as uppercase hex, header included. */
static void pdu_hex(const smpp_pdu *p, char *out, size_t cap) {
    uint8_t h[16];
    size_t i, n = 0;
    uint32_t f[4];
    f[0] = p->len;
    f[1] = p->cmd;
    f[2] = p->status;
    f[3] = p->seq;
    for (i = 0; i < 4; i++) {
        h[4 * i] = (uint8_t)(f[i] >> 24);
        h[4 * i + 1] = (uint8_t)(f[i] >> 16);
        h[4 * i + 2] = (uint8_t)(f[i] >> 8);
        h[4 * i + 3] = (uint8_t)f[i];
    }
    for (i = 0; i < 16 + p->body_len && n + 3 < cap; i++) {
        uint8_t v = i < 16 ? h[i] : p->body[i - 16];
        n += (size_t)snprintf(out + n, cap - n, "%02X", v);
    }
    out[n] = 0;
}

static void expect_no_violations(host *h) {
    CHECK_MSG(h->violations == 0, "callback invariants: %ld violations, first: %s", h->violations, h->violation);
}

/* A bound transceiver on a fresh host, for the tests that need one. */
static int start_bound(host *h, int mode, unsigned reg, const char *ext, smpp_client *c) {
    int r = host_start(h, mode, reg, ext);
    CHECK_EQ(r, 0);
    if (r != 0) return r;
    r = (int)connect_bind(c, h->port, CMD_BIND_TRANSCEIVER, "esme", "pw");
    CHECK_EQ(r, 0);
    CHECK(host_wait(h, EV_LOGIN, 1, T_MS));
    return r;
}

static int32_t last_cid(host *h) {
    int32_t cid;
    pthread_mutex_lock(&h->mu);
    cid = h->login.cid;
    pthread_mutex_unlock(&h->mu);
    return cid;
}

static void set_knob(host *h, int *knob, int v) {
    pthread_mutex_lock(&h->mu);
    *knob = v;
    pthread_mutex_unlock(&h->mu);
}

/* ----------------------------------------------------------- statistics */

/* smscGetStatistics over a real session: the counts of what the client
 * did, the latency histogram of the host's answers, and the StructSize
 * rules of a caller-allocated struct. */
static void test_statistics(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    smscStatistics st;
    struct {
        smscStatistics s;
        uint64_t later[2]; /* members a later header might add */
    } big;
    uint64_t n = 0;
    uint32_t seq;
    int i;

    /* without OnSmppRAWReceived, so the library answers the unknown command */
    if (start_bound(&h, mode, REG_ALL & ~REG(EV_RAW), "", &c) != 0) {
        host_free(&h);
        return;
    }
    for (i = 0; i < 3; i++) {
        seq = submit(&c, "1", "2", 0, "x");
        CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0);
    }
    seq = sc_next_seq(&c);
    CHECK_EQ(sc_send(&c, 0x1234, 0, seq, NULL), 0); /* unknown command: generic_nack */
    CHECK_EQ(sc_expect(&c, CMD_GENERIC_NACK, seq, &p, T_MS), 1);

    memset(&st, 0xAB, sizeof st);
    st.StructSize = sizeof st;
    CHECK_EQ(smscGetStatistics(h.srv, &st), 0);
    CHECK_EQ(st.StructSize, sizeof st);
    CHECK_EQ(st.Protocol, SMSC_PROTOCOL_SMPP);
    CHECK_EQ(st.ConnectionsCurrent, 1);
    CHECK_EQ(st.ConnectionsAccepted, 1);
    CHECK_EQ(st.ConnectionsRefused, 0);
    CHECK_EQ(st.LoginsCurrent, 1);
    CHECK_EQ(st.LoginsAccepted, 1);
    CHECK_EQ(st.LoginsRefused, 0);
    CHECK_EQ(st.PDUsIn[skSmppBind], 1);
    CHECK_EQ(st.PDUsOut[skSmppBindResp], 1);
    CHECK_EQ(st.PDUsIn[skSmppSubmitSm], 3);
    CHECK_EQ(st.PDUsOut[skSmppSubmitSmResp], 3);
    CHECK_EQ(st.PDUsIn[skSmppOther], 1);
    CHECK_EQ(st.PDUsOut[skSmppGenericNack], 1);
    CHECK_EQ(st.PDUsIn[SMSC_STAT_KINDS - 1], 0);
    CHECK_EQ(st.ErrorResponses, 1);
    CHECK_EQ(st.Malformed, 0);
    CHECK_EQ(st.PendingRequests, 0);
    CHECK_EQ(st.LoginLatencyCount, 1);
    CHECK_EQ(st.SubmitLatencyCount, 3);
    CHECK(st.SubmitLatencySumMicros >= st.SubmitLatencyMaxMicros);
    for (i = 0; i < SMSC_LATENCY_BUCKETS; i++) n += st.SubmitLatencyBuckets[i];
    CHECK_EQ(n, 3);
    CHECK_EQ(st.OtherLatencyCount, 0);
    CHECK_EQ(st.LatencyBoundsMicros[0], 100);
    CHECK_EQ(st.LatencyBoundsMicros[SMSC_LATENCY_BUCKETS - 2], 10000000);
    CHECK(st.LatencyBoundsMicros[SMSC_LATENCY_BUCKETS - 1] == UINT64_MAX);

    /* a larger struct of a later header: filled up to this library's size */
    memset(&big, 0x5A, sizeof big);
    big.s.StructSize = sizeof big;
    CHECK_EQ(smscGetStatistics(h.srv, &big.s), 0);
    CHECK_EQ(big.s.StructSize, sizeof(smscStatistics));
    CHECK_EQ(big.s.PDUsIn[skSmppSubmitSm], 3);
    CHECK(big.later[0] == 0x5A5A5A5A5A5A5A5Aull && big.later[1] == 0x5A5A5A5A5A5A5A5Aull);

    /* misuse */
    CHECK_EQ(smscGetStatistics(h.srv, NULL), SMSC_ERR_INVALID_ARGUMENT);
    st.StructSize = sizeof st - 8;
    CHECK_EQ(smscGetStatistics(h.srv, &st), SMSC_ERR_INVALID_ARGUMENT);
    st.StructSize = 0;
    CHECK_EQ(smscGetStatistics(h.srv, &st), SMSC_ERR_INVALID_ARGUMENT);
    st.StructSize = sizeof st;
    CHECK_EQ(smscGetStatistics(NULL, &st), SMSC_ERR_INVALID_HANDLE);

    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* --------------------------------------------------------------- misuse */

static int noop_cb(void *ud, const tcpConnectedEventArgs *e) {
    (void)ud;
    (void)e;
    return 0;
}

/* Every function with handle h must answer want and not crash. */
static void all_calls_fail(SMSCserver *h, int want, int want_dispatch) {
    uint32_t seqs[4];
    size_t count = 99;
    CHECK_EQ(smscSetDispatchMode(h, SMSC_DISPATCH_PUMPED), want);
    CHECK_EQ(smscDispatchEvents(h, 0, 0), want_dispatch);
    CHECK_EQ(smscDispatchEvents(h, 50, 1), want_dispatch);
    CHECK_EQ(smscWakeDispatcher(h), want);
    CHECK_EQ(smppInitializeServer(h, "127.0.0.1", 0, ""), want);
    CHECK_EQ(smppFinalizeServer(h), want);
    CHECK_EQ(smscGetLocalPort(h), want);
    CHECK_EQ(smscGetConnectionCount(h), want);
    {
        smscStatistics st;
        st.StructSize = sizeof st;
        CHECK_EQ(smscGetStatistics(h, &st), want);
    }
    CHECK_EQ(smscGetKeepAliveInterval(h), want);
    CHECK_EQ(smscSetKeepAliveInterval(h, 5), want);
    CHECK_EQ(smscGetThrottleRate(h), want);
    CHECK_EQ(smscSetThrottleRate(h, 5), want);
    CHECK_EQ(tcpAcceptConnection(h, 1), want);
    CHECK_EQ(tcpCloseConnection(h, 1), want);
    CHECK_EQ(tcpCloseAllConnections(h), want);
    CHECK_EQ(smppSendLoginResponse(h, 1, 1, bmTransceiver, 0, ""), want);
    CHECK_EQ(smppSendLogoutResponse(h, 1, 1, 0), want);
    CHECK_EQ(smppSendSubmitMessageResponse(h, 1, 1, 0, "id", 0), want);
    CHECK_EQ(smppSendSubmitMultiMessageResponse(h, 1, 1, 0, "id", ""), want);
    CHECK_EQ(smppSendDeliverMessage(h, 1, 0, "1", 1, 1, "2", 1, 1, "x", et7BitText, "", 0, "", "", seqs, 4, &count),
             want);
    CHECK_EQ(smppSendDeliverStatusReport(h, 1, 0, "1", 1, 1, "2", 1, 1, rtFinal, "id", "", 1, 1, 0, 0, msDelivered, 0,
                                         "", ""),
             want);
    CHECK_EQ(smppSendRAW(h, 1, 1, 0x15, 0, ""), want);
    CHECK_EQ(smppSendQueryResponse(h, 1, 1, 0, "id", 0, msDelivered, 0), want);
    CHECK_EQ(smppSendCancelResponse(h, 1, 1, 0), want);
    CHECK_EQ(smppSendReplaceResponse(h, 1, 1, 0), want);
    CHECK_EQ(smscSetOnTcpConnected(h, noop_cb, NULL), want);
    CHECK_EQ(smscSetOnTcpDisconnected(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppLoginReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppLogoutReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppSubmitMessageReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppSubmitMessageCompleted(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppSubmitMessageIncomplete(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppDeliverResponseReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppRAWReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppTraceProtocol(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppQueryReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppCancelReceived(h, NULL, NULL), want);
    CHECK_EQ(smscSetOnSmppReplaceReceived(h, NULL, NULL), want);
    CHECK_EQ(smscDestroyServer(h), want);
}

static void test_misuse(int mode) {
    SMSCserver *s, *dead, *later;
    int local = 0, code;
    char longid[80];
    uint32_t seqs[4];
    size_t count = 0;
    const int32_t gone = 424242;

    /* NULL, made-up and destroyed handles */
    all_calls_fail(NULL, SMSC_ERR_INVALID_HANDLE, SMSC_ERR_INVALID_HANDLE);
    all_calls_fail((SMSCserver *)&local, SMSC_ERR_INVALID_HANDLE, SMSC_ERR_INVALID_HANDLE);
    all_calls_fail((SMSCserver *)(uintptr_t)0xdeadbeef, SMSC_ERR_INVALID_HANDLE, SMSC_ERR_INVALID_HANDLE);
    dead = smppCreateServer();
    CHECK(dead != NULL);
    CHECK_EQ(smscSetDispatchMode(dead, mode), 0);
    CHECK_EQ(smppInitializeServer(dead, "127.0.0.1", 0, ""), 0);
    CHECK_EQ(smscDestroyServer(dead), 0);
    /* a destroyed handle: invalid for everything; a dispatcher loop is told
     * SMSC_ERR_SERVER_DESTROYED so that it ends */
    all_calls_fail(dead, SMSC_ERR_INVALID_HANDLE, SMSC_ERR_SERVER_DESTROYED);
    /* ...and it never aliases a server created later */
    later = smppCreateServer();
    CHECK(later != NULL && later != dead);
    CHECK_EQ(smscGetConnectionCount(dead), SMSC_ERR_INVALID_HANDLE);
    CHECK_EQ(smscGetConnectionCount(later), 0);
    CHECK_EQ(smscDestroyServer(later), 0);

    /* a live server: bad enums, bad strings, NULL strings, unknown clients */
    s = smppCreateServer();
    CHECK_EQ(smscSetDispatchMode(s, 2), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smscSetDispatchMode(s, -1), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smscSetDispatchMode(s, mode), 0);
    CHECK_EQ(smppInitializeServer(s, NULL, 0, NULL), 0); /* NULL = "" */
    CHECK(smscGetLocalPort(s) > 0);

    CHECK_EQ(smppSendLoginResponse(s, gone, 1, 3, 0, ""), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendLoginResponse(s, gone, 1, -1, 0, ""), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendLoginResponse(s, gone, 1, bmTransceiver, 0, "sixteen-chars-xx"), SMSC_ERR_INVALID_ARGUMENT);
    memset(longid, 'x', 65);
    longid[65] = 0;
    CHECK_EQ(smppSendSubmitMessageResponse(s, gone, 1, 0, longid, 0), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", 7, "", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", -1, "", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 256, 1, "2", 1, 1, "x", 0, "", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, -1, "2", 1, 1, "x", 0, "", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", 0, "", 0x10000, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", 0, "zz", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", 0, "0500", 0, "", "", NULL, 0, NULL),
             SMSC_ERR_INVALID_ARGUMENT); /* UDHL disagrees with the length */
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, "1", 1, 1, "2", 1, 1, "x", 0, "", 0, "", "", seqs, (size_t)-1, &count),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverStatusReport(s, gone, 0, "1", 1, 1, "2", 1, 1, 2, "id", "", 1, 1, 0, 0, msDelivered, 0, "",
                                         ""),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverStatusReport(s, gone, 0, "1", 1, 1, "2", 1, 1, rtFinal, "id", "", 1, 1, 0, 0, -1, 0, "",
                                         ""),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendDeliverStatusReport(s, gone, 0, "1", 1, 1, "2", 1, 1, rtFinal, "id", "", -1, 1, 0, 0, msDelivered,
                                         0, "", ""),
             SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendQueryResponse(s, gone, 1, 0, "id", 0, msDelivered, 256), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendQueryResponse(s, gone, 1, 0, "id", 0, -3, 0), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendRAW(s, gone, 1, 0x15, 0, "xyz"), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendRAW(s, gone, 1, 0x15, 0, "abc"), SMSC_ERR_INVALID_ARGUMENT);

    /* well-formed calls for a ClientID that does not exist; NULL strings */
    CHECK_EQ(tcpAcceptConnection(s, gone), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(tcpCloseConnection(s, gone), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(tcpCloseConnection(s, 0), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(tcpCloseConnection(s, -7), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(tcpCloseAllConnections(s), 0);
    CHECK_EQ(smppSendLoginResponse(s, gone, 1, bmTransceiver, 0, NULL), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendLogoutResponse(s, gone, 1, 0), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendSubmitMessageResponse(s, gone, 1, 0, NULL, 0), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendSubmitMultiMessageResponse(s, gone, 1, 0, NULL, NULL), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendDeliverMessage(s, gone, 0, NULL, 1, 1, NULL, 1, 1, NULL, et7BitText, NULL, 0, NULL, NULL, NULL,
                                    0, NULL),
             SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendDeliverStatusReport(s, gone, 0, NULL, 1, 1, NULL, 1, 1, rtFinal, NULL, NULL, 1, 1, 0, 0,
                                         msDelivered, 0, NULL, NULL),
             SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendRAW(s, gone, 1, 0x15, 0, NULL), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendQueryResponse(s, gone, 1, 0, NULL, 0, msDelivered, 0), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendCancelResponse(s, gone, 1, 0), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendReplaceResponse(s, gone, 1, 0), SMSC_ERR_UNKNOWN_CLIENT);

    /* registration: NULL callback = unregister, any userData bit pattern */
    CHECK_EQ(smscSetOnTcpConnected(s, NULL, NULL), 0);
    CHECK_EQ(smscSetOnTcpConnected(s, noop_cb, (void *)(uintptr_t)1), 0);
    CHECK_EQ(smscSetOnTcpConnected(s, noop_cb, (void *)(uintptr_t)0xc000000008ull), 0);
    CHECK_EQ(smscSetOnTcpConnected(s, NULL, (void *)(uintptr_t)1), 0);

    /* not pumped: dispatching finds nothing, waking is harmless */
    if (mode == SMSC_DISPATCH_DIRECT) {
        CHECK_EQ(smscDispatchEvents(s, 0, 0), 0);
        CHECK_EQ(smscWakeDispatcher(s), 0);
    }

    /* error texts for every int: never NULL, never a fresh allocation
     * (the memory checker would see the leak) */
    for (code = -20000; code <= 20000; code++) {
        const char *t = smscErrorText(code);
        if (!t || !*t) {
            CHECK_MSG(0, "smscErrorText(%d) is empty", code);
            break;
        }
    }
    CHECK_STR(smscErrorText(-424242), "unknown error code");
    CHECK_EQ(smscDestroyServer(s), 0);
}

/* ---------------------------------------------------------- connections */

static void test_connect(int mode) {
    host h;
    smpp_client c, c2, c3;
    long d;
    int32_t cid;

    /* the callback closes the connection at once */
    CHECK_EQ(host_start(&h, mode, REG_ALL, "max-connections=2"), 0);
    h.on_connect = CONN_CLOSE;
    CHECK_EQ(sc_connect(&c, h.port), 0);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.disc.reason, -1);
    CHECK_EQ(h.disc.cid, h.conn.cid);
    pthread_mutex_unlock(&h.mu);

    /* accepted later, from the test thread */
    set_knob(&h, &h.on_connect, CONN_NOTHING);
    CHECK_EQ(sc_connect(&c, h.port), 0);
    CHECK(host_wait(&h, EV_CONNECTED, 2, T_MS));
    pthread_mutex_lock(&h.mu);
    cid = h.conn.cid;
    pthread_mutex_unlock(&h.mu);
    CHECK(sc_quiet(&c, 100));
    CHECK_EQ(tcpAcceptConnection(h.srv, cid), 0);
    CHECK_EQ(tcpAcceptConnection(h.srv, cid), 0); /* twice is harmless */
    CHECK_EQ(sc_bind(&c, CMD_BIND_TRANSCEIVER, "esme", "pw", T_MS), 0);
    CHECK_EQ(smscGetConnectionCount(h.srv), 1);

    /* max-connections=2: a third one is closed without any event */
    set_knob(&h, &h.on_connect, CONN_ACCEPT);
    CHECK_EQ(connect_bind(&c2, h.port, CMD_BIND_TRANSCEIVER, "esme", "pw"), 0);
    CHECK_EQ(smscGetConnectionCount(h.srv), 2);
    CHECK_EQ(sc_connect(&c3, h.port), 0);
    CHECK(sc_wait_closed(&c3, T_MS));
    sc_close(&c3);
    CHECK_EQ(host_count(&h, EV_CONNECTED), 3);

    /* a ClientID that is gone. NOTE: in direct mode the core drops the
     * connection from its table only after OnTcpDisconnected returned
     * (reported), so wait for the count rather than for the event */
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 2, T_MS));
    {
        long long until = clock_ms() + T_MS;
        while (smscGetConnectionCount(h.srv) != 1 && clock_ms() < until) sleep_ms(5);
    }
    CHECK_EQ(smscGetConnectionCount(h.srv), 1);
    CHECK_EQ(tcpCloseConnection(h.srv, cid), SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(smppSendRAW(h.srv, cid, 1, 0x15, 0, ""), SMSC_ERR_UNKNOWN_CLIENT);
    sc_close(&c2);
    CHECK(host_wait(&h, EV_DISCONNECTED, 3, T_MS));
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);

    /* neither accepted nor closed: accept-timeout closes it */
    CHECK_EQ(host_start(&h, mode, REG_ALL, "accept-timeout=1"), 0);
    h.on_connect = CONN_NOTHING;
    d = clock_ms();
    CHECK_EQ(sc_connect(&c, h.port), 0);
    CHECK(sc_wait_closed(&c, T_MS));
    d = clock_ms() - d;
    CHECK_MSG(d >= 900, "closed after %ld ms, accept-timeout is 1 s", d);
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.disc.reason, -1);
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------------------- submit variants */

static void test_submit_more(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    preader rd;
    pbuf b;
    char id[80], addr[32];
    uint32_t s1, s2, seq;
    int32_t cid;
    long t;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    cid = last_cid(&h);

    /* a concatenated message: each part received, the whole completed */
    {
        uint8_t part[64];
        memcpy(part, "\x05\x00\x03\xAB\x02\x01" "Hello ", 12);
        s1 = sc_next_seq(&c);
        body_submit(&b, "447700900001", "447700900002", 0x40, 0, 0, part, 12);
        sc_send(&c, CMD_SUBMIT_SM, 0, s1, &b);
        CHECK_EQ(submit_resp(&c, s1, NULL, 0), 0);
        memcpy(part, "\x05\x00\x03\xAB\x02\x02" "World", 11);
        s2 = sc_next_seq(&c);
        body_submit(&b, "447700900001", "447700900002", 0x40, 0, 0, part, 11);
        sc_send(&c, CMD_SUBMIT_SM, 0, s2, &b);
        CHECK_EQ(submit_resp(&c, s2, NULL, 0), 0);
        CHECK(host_wait(&h, EV_COMPLETED, 1, T_MS));
        pthread_mutex_lock(&h.mu);
        CHECK_EQ(h.n[EV_SUBMIT], 2);
        CHECK_STR(h.submit.udh, "050003AB0202");
        CHECK_STR(h.submit.content, "World");
        CHECK_EQ(h.submit.esm, 0x40);
        CHECK_STR(h.completed.content, "Hello World");
        CHECK_STR(h.completed.udh, "");
        CHECK_EQ(h.completed.nseqs, 2);
        CHECK_EQ(h.completed.seqs[0], s1);
        CHECK_EQ(h.completed.seqs[1], s2);
        CHECK(!h.completed.seqs_null);
        pthread_mutex_unlock(&h.mu);
    }

    /* data_sm arrives as a submit and is answered with data_sm_resp */
    seq = sc_next_seq(&c);
    pb_reset(&b);
    pb_cstr(&b, "");
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_cstr(&b, "5552710000");
    pb_u8(&b, 0);
    pb_u8(&b, 1);
    pb_cstr(&b, "9695");
    pb_u8(&b, 0); /* esm_class */
    pb_u8(&b, 1); /* registered_delivery */
    pb_u8(&b, 0); /* data_coding */
    pb_tlv(&b, 0x0424, "Test", 4);
    sc_send(&c, CMD_DATA_SM, 0, seq, &b);
    CHECK_EQ(sc_expect(&c, CMD_DATA_SM | CMD_RESP, seq, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    pr_init(&rd, &p);
    pr_cstr(&rd, id, sizeof id);
    CHECK_EQ(strtoul(id + 1, NULL, 10), seq);
    pthread_mutex_lock(&h.mu);
    CHECK_CONTAINS(h.submit.ext, "smpp.command=data_sm");
    CHECK_STR(h.submit.content, "Test");
    CHECK_STR(h.submit.dst, "9695");
    pthread_mutex_unlock(&h.mu);

    /* submit_multi answered from the test thread, naming a failure */
    set_knob(&h, &h.submit_mode, SUB_IGNORE);
    seq = sc_next_seq(&c);
    pb_reset(&b);
    pb_cstr(&b, "");
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_cstr(&b, "40404");
    pb_u8(&b, 2); /* number_of_dests */
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_cstr(&b, "111");
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_u8(&b, 1);
    pb_cstr(&b, "222");
    pb_u8(&b, 0);  /* esm_class */
    pb_u8(&b, 0);  /* protocol_id */
    pb_u8(&b, 0);  /* priority */
    pb_cstr(&b, "");
    pb_cstr(&b, "");
    pb_u8(&b, 0);  /* registered_delivery */
    pb_u8(&b, 0);  /* replace_if_present */
    pb_u8(&b, 0);  /* data_coding */
    pb_u8(&b, 0);  /* sm_default_msg_id */
    pb_u8(&b, 2);
    pb_bytes(&b, "hi", 2);
    sc_send(&c, CMD_SUBMIT_MULTI, 0, seq, &b);
    CHECK(host_wait(&h, EV_SUBMIT, 4, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.submit.seq, seq);
    CHECK_CONTAINS(h.submit.dst, "111");
    CHECK_CONTAINS(h.submit.dst, "222");
    CHECK_CONTAINS(h.submit.ext, "smpp.command=submit_multi");
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(smppSendSubmitMultiMessageResponse(h.srv, cid, seq, 0, "MM1", "222:0x0B"), 0);
    CHECK_EQ(smppSendSubmitMultiMessageResponse(h.srv, cid, seq, 0, "MM1", ""), SMSC_ERR_NOT_PENDING);
    CHECK_EQ(sc_expect(&c, CMD_SUBMIT_MULTI | CMD_RESP, seq, &p, T_MS), 1);
    pr_init(&rd, &p);
    pr_cstr(&rd, id, sizeof id);
    CHECK_STR(id, "MM1");
    CHECK_EQ(pr_u8(&rd), 1); /* no_unsuccess */
    CHECK_EQ(pr_u8(&rd), 1); /* ton */
    CHECK_EQ(pr_u8(&rd), 1); /* npi */
    pr_cstr(&rd, addr, sizeof addr);
    CHECK_STR(addr, "222");
    CHECK_EQ(pr_u32(&rd), 0x0B);

    /* answered late from the test thread; wrong numbers are refused */
    seq = submit(&c, "1", "2", 0, "later");
    CHECK(host_wait(&h, EV_SUBMIT, 5, T_MS));
    CHECK_EQ(smppSendSubmitMessageResponse(h.srv, cid, seq + 1000, 0, "X", 0), SMSC_ERR_NOT_PENDING);
    CHECK_EQ(smppSendLoginResponse(h.srv, cid, seq, bmTransceiver, 0, ""), SMSC_ERR_NOT_PENDING); /* not a bind */
    CHECK_EQ(smppSendSubmitMessageResponse(h.srv, cid, seq, 0, "LATE", 0), 0);
    CHECK_EQ(smppSendSubmitMessageResponse(h.srv, cid, seq, 0, "LATE", 0), SMSC_ERR_NOT_PENDING);
    CHECK_EQ(submit_resp(&c, seq, id, sizeof id), 0);
    CHECK_STR(id, "LATE");
    /* an error status: header only */
    seq = submit(&c, "1", "2", 0, "refused");
    CHECK(host_wait(&h, EV_SUBMIT, 6, T_MS));
    CHECK_EQ(smppSendSubmitMessageResponse(h.srv, cid, seq, 0x45, "ignored", 0), 0);
    CHECK_EQ(sc_expect(&c, CMD_SUBMIT_SM | CMD_RESP, seq, &p, T_MS), 1);
    CHECK_EQ(p.status, 0x45);
    CHECK_EQ(p.body_len, 0);

    /* part 1 of 3, then the client leaves: OnSmppSubmitMessageIncomplete */
    set_knob(&h, &h.submit_mode, SUB_ANSWER);
    {
        uint8_t part[16];
        memcpy(part, "\x05\x00\x03\x77\x03\x01" "abc", 9);
        s1 = sc_next_seq(&c);
        body_submit(&b, "447700900001", "447700900003", 0x40, 0, 0, part, 9);
        sc_send(&c, CMD_SUBMIT_SM, 0, s1, &b);
        CHECK_EQ(submit_resp(&c, s1, NULL, 0), 0);
    }
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.n[EV_INCOMPLETE], 1);
    CHECK_EQ(h.incomplete.cid, cid);
    CHECK_STR(h.incomplete.src, "447700900001");
    CHECK_STR(h.incomplete.dst, "447700900003");
    CHECK_EQ(h.incomplete.ref, 0x77);
    CHECK_EQ(h.incomplete.total, 3);
    CHECK_EQ(h.incomplete.received, 1);
    CHECK_EQ(h.incomplete.nseqs, 1);
    CHECK_EQ(h.incomplete.seqs[0], s1);
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);

    /* never answered: the default answer after response-timeout */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "response-timeout=1", &c), 0);
    cid = last_cid(&h);
    set_knob(&h, &h.submit_mode, SUB_IGNORE);
    t = clock_ms();
    seq = submit(&c, "1", "2", 0, "x");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0x08);
    t = clock_ms() - t;
    CHECK_MSG(t >= 900, "default answer after %ld ms, response-timeout is 1 s", t);
    CHECK_EQ(smppSendSubmitMessageResponse(h.srv, cid, seq, 0, "too late", 0), SMSC_ERR_NOT_PENDING);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------------- deliver and receipts */

static void test_deliver(int mode) {
    host h;
    smpp_client c, tx, old;
    smpp_pdu p;
    deliver_fields d;
    char text[256], want[64], tlv[80];
    uint8_t st = 0;
    uint32_t seq, seqs[8];
    size_t count = 0;
    int32_t cid, txcid, oldcid;
    long n;
    char *big;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    cid = last_cid(&h);

    /* a receipt sent from inside the submit callback, and its answer */
    set_knob(&h, &h.receipt_from_callback, 1);
    seq = submit(&c, "447700900123", "1234", 1, "Hello receipt");
    CHECK_EQ(submit_resp(&c, seq, text, sizeof text), 0);
    snprintf(want, sizeof want, "M%u", (unsigned)seq);
    CHECK_STR(text, want);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(d.esm, 0x04);
    CHECK_STR(d.src, "1234");
    CHECK_STR(d.dst, "447700900123");
    memcpy(text, d.sm, (size_t)d.sm_len);
    text[d.sm_len] = 0;
    snprintf(want, sizeof want, "id:M%u sub:001 dlvrd:001", (unsigned)seq);
    CHECK_CONTAINS(text, want);
    CHECK_CONTAINS(text, "stat:DELIVRD err:000 text:Hello receipt");
    CHECK(pr_find_tlv(&d.tlv, 0x001E, tlv, sizeof tlv) > 0);
    snprintf(want, sizeof want, "M%u", (unsigned)seq);
    CHECK_STR(tlv, want);
    CHECK_EQ(pr_find_tlv(&d.tlv, 0x0427, &st, 1), 1);
    CHECK_EQ(st, msDelivered);
    n = host_count(&h, EV_DELIVER_RESP);
    ack_deliver(&c, p.seq, 0);
    CHECK(host_wait(&h, EV_DELIVER_RESP, n + 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.dresp.cid, cid);
    CHECK_EQ(h.dresp.seq, p.seq);
    CHECK_EQ(h.dresp.status, 0);
    CHECK_STR(h.dresp.msgid, "");
    pthread_mutex_unlock(&h.mu);
    set_knob(&h, &h.receipt_from_callback, 0);

    /* a status report with every argument, from the test thread */
    CHECK_EQ(smppSendDeliverStatusReport(h.srv, cid, 777, "447700900123", 1, 1, "1234", 3, 0, rtIntermediate, "abc",
                                         "", 1, 0, 1700000000000LL, 1700000060000LL, msEnroute, 0, "Hello", ""),
             0);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(p.seq, 777);
    CHECK_EQ(d.esm, 0x20);
    CHECK_EQ(d.ston, 3);
    CHECK_EQ(d.snpi, 0);
    memcpy(text, d.sm, (size_t)d.sm_len);
    text[d.sm_len] = 0;
    CHECK_STR(text, "id:abc sub:001 dlvrd:000 submit date:2311142213 done date:2311142214 stat:ENROUTE err:000 "
                    "text:Hello");
    ack_deliver(&c, p.seq, 0);
    CHECK(host_wait(&h, EV_DELIVER_RESP, n + 2, T_MS));

    /* a short message; the numbers used come back */
    n = host_count(&h, EV_DELIVER_RESP);
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "447700900123", 1, 1, "1234", 3, 0, "Hello from SMSC", et7BitText,
                                    "", 0, "", "", seqs, 8, &count),
             0);
    CHECK_EQ(count, 1);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(p.seq, seqs[0]);
    CHECK_STR(d.dst, "447700900123");
    CHECK_STR(d.src, "1234");
    CHECK_EQ(d.dcs, 0);
    CHECK_EQ(d.sm_len, 15);
    CHECK(memcmp(d.sm, "Hello from SMSC", 15) == 0);
    ack_deliver(&c, p.seq, 0x08); /* the client refuses it */
    CHECK(host_wait(&h, EV_DELIVER_RESP, n + 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.dresp.seq, seqs[0]);
    CHECK_EQ(h.dresp.status, 0x08);
    pthread_mutex_unlock(&h.mu);

    /* a generic_nack answers a deliver_sm too */
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 4242, "1", 1, 1, "2", 1, 1, "nack me", et7BitText, "", 0, "", "", NULL,
                                    0, &count),
             0);
    CHECK_EQ(count, 1);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(p.seq, 4242);
    sc_send(&c, CMD_GENERIC_NACK, 0x03, 4242, NULL);
    CHECK(host_wait(&h, EV_DELIVER_RESP, n + 2, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.dresp.seq, 4242);
    CHECK_EQ(h.dresp.status, 0x03);
    CHECK_STR(h.dresp.ext, "smpp.command=generic_nack");
    pthread_mutex_unlock(&h.mu);

    /* two parts, a one-slot array: SMSC_ERR_BUFFER_TOO_SMALL, nothing sent */
    big = malloc(40000);
    memset(big, 'a', 300);
    big[300] = 0;
    count = 0;
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 5000, "1", 1, 1, "2", 1, 1, big, et7BitText, "", 0, "", "", seqs, 1,
                                    &count),
             SMSC_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(count, 2);
    CHECK(sc_quiet(&c, 300));
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 5000, "1", 1, 1, "2", 1, 1, big, et7BitText, "", 0, "", "", seqs, 0,
                                    &count),
             SMSC_ERR_BUFFER_TOO_SMALL);
    CHECK(sc_quiet(&c, 100));
    /* with room: parts 5000 and 5001, each with the same 8-bit reference */
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 5000, "1", 1, 1, "2", 1, 1, big, et7BitText, "", 0, "", "", seqs, 8,
                                    &count),
             0);
    CHECK_EQ(count, 2);
    CHECK_EQ(seqs[0], 5000);
    CHECK_EQ(seqs[1], 5001);
    {
        int i, ref = -1;
        for (i = 0; i < 2; i++) {
            CHECK(recv_deliver(&c, &p, &d));
            CHECK_EQ(p.seq, 5000 + (uint32_t)i);
            CHECK_EQ(d.esm & 0x40, 0x40);
            CHECK_EQ(d.sm[0], 5);
            CHECK_EQ(d.sm[1], 0);
            CHECK_EQ(d.sm[4], 2);
            CHECK_EQ(d.sm[5], i + 1);
            if (ref < 0) ref = d.sm[3];
            CHECK_EQ(d.sm[3], ref);
            ack_deliver(&c, p.seq, 0);
        }
    }
    /* the count alone (NULL array) */
    count = 0;
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "1", 1, 1, "2", 1, 1, big, et7BitText, "", 0, "", "", NULL, 0,
                                    &count),
             0);
    CHECK_EQ(count, 2);
    CHECK(recv_deliver(&c, &p, &d));
    ack_deliver(&c, p.seq, 0);
    CHECK(recv_deliver(&c, &p, &d));
    ack_deliver(&c, p.seq, 0);
    /* over 255 parts */
    memset(big, 'b', 39999);
    big[39999] = 0;
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "1", 1, 1, "2", 1, 1, big, et7BitText, "", 0, "", "", NULL, 0,
                                    &count),
             SMSC_ERR_CONTENT_TOO_LONG);
    free(big);

    /* UCS-2 */
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "1", 1, 1, "2", 1, 1, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
                                    etUCS2Text, "", 0, "", "", NULL, 0, NULL),
             0);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(d.dcs, 8);
    CHECK_EQ(d.sm_len, 12);
    CHECK(memcmp(d.sm, "\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42", 12) == 0);
    ack_deliver(&c, p.seq, 0);
    /* ExtendedParameters: a TLV */
    CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "1", 1, 1, "2", 1, 1, "tlv", et7BitText, "", 0, "",
                                    "smpp.tlv.user_message_reference=0102", NULL, 0, NULL),
             0);
    CHECK(recv_deliver(&c, &p, &d));
    CHECK_EQ(pr_find_tlv(&d.tlv, 0x0204, tlv, sizeof tlv), 2);
    CHECK_EQ((uint8_t)tlv[0], 1);
    CHECK_EQ((uint8_t)tlv[1], 2);
    ack_deliver(&c, p.seq, 0);

    /* a transmitter cannot receive: SMSC_ERR_WRONG_STATE */
    CHECK_EQ(connect_bind(&tx, h.port, CMD_BIND_TRANSMITTER, "tx", "pw"), 0);
    CHECK(host_wait(&h, EV_LOGIN, 2, T_MS));
    txcid = last_cid(&h);
    CHECK_EQ(smppSendDeliverMessage(h.srv, txcid, 0, "1", 1, 1, "2", 1, 1, "x", et7BitText, "", 0, "", "", NULL, 0,
                                    NULL),
             SMSC_ERR_WRONG_STATE);
    CHECK_EQ(smppSendDeliverStatusReport(h.srv, txcid, 0, "1", 1, 1, "2", 1, 1, rtFinal, "id", "", 1, 1, 0, 0,
                                         msDelivered, 0, "", ""),
             SMSC_ERR_WRONG_STATE);
    sc_close(&tx);
    /* an SMPP 3.3 receiver has no TLVs: SMSC_ERR_UNSUPPORTED */
    CHECK_EQ(sc_connect(&old, h.port), 0);
    {
        pbuf b;
        uint32_t s = sc_next_seq(&old);
        body_bind(&b, "old", "pw", "", 0x33, 0, 0, "");
        sc_send(&old, CMD_BIND_RECEIVER, 0, s, &b);
        CHECK_EQ(sc_expect(&old, CMD_BIND_RECEIVER | CMD_RESP, s, &p, T_MS), 1);
    }
    CHECK(host_wait(&h, EV_LOGIN, 3, T_MS));
    oldcid = last_cid(&h);
    CHECK_EQ(smppSendDeliverMessage(h.srv, oldcid, 0, "1", 1, 1, "2", 1, 1, "x", et7BitText, "", 0, "",
                                    "smpp.tlv.user_message_reference=0102", NULL, 0, NULL),
             SMSC_ERR_UNSUPPORTED);
    sc_close(&old);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------------------------------ RAW */

static void test_raw(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    char hex[512];
    int32_t cid;

    /* RAW registered, no typed query/cancel/replace handlers */
    CHECK_EQ(start_bound(&h, mode, REG_ALL & ~(REG(EV_QUERY) | REG(EV_CANCEL) | REG(EV_REPLACE)), "", &c), 0);
    cid = last_cid(&h);

    /* query_sm (docs/test-vectors.md, SMPP vector 17) answered with smppSendRAW: the
     * client gets exactly the query_sm_resp of the same vector */
    send_hex(&c, "0000001e 00000003 00000000 00004fe8 313233343500 01 01 343034303400");
    CHECK_EQ(sc_expect(&c, 0x80000003u, 0x4fe8, &p, T_MS), 1);
    pdu_hex(&p, hex, sizeof hex);
    CHECK_STR(hex, "0000001980000003000000000000" "4FE8313233343500000600");
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.raw.cid, cid);
    CHECK_EQ(h.raw.cmd, 3);
    CHECK_EQ(h.raw.seq, 0x4fe8);
    CHECK_EQ(h.raw.status, 0);
    CHECK_STR(h.raw.payload, "3132333435000101343034303400");
    pthread_mutex_unlock(&h.mu);

    /* an unknown command id, and an unknown response (never answered) */
    send_hex(&c, "00000014 00000999 00000000 00000077 01020304");
    CHECK_EQ(sc_expect(&c, 0x80000999u, 0x77, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.raw.cmd, 0x999);
    CHECK_STR(h.raw.payload, "01020304");
    pthread_mutex_unlock(&h.mu);
    send_hex(&c, "00000010 80000999 00000005 00000078");
    CHECK(host_wait(&h, EV_RAW, 3, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.raw.cmd, 0x80000999u);
    CHECK_EQ(h.raw.status, 5);
    CHECK_STR(h.raw.payload, "");
    pthread_mutex_unlock(&h.mu);
    CHECK(sc_quiet(&c, 100));

    /* declined: the library's default answer (ESME_RQUERYFAIL) */
    set_knob(&h, &h.raw_answer, 0);
    send_hex(&c, "0000001e 00000003 00000000 00004fe9 313233343500 01 01 343034303400");
    CHECK_EQ(sc_expect(&c, 0x80000003u, 0x4fe9, &p, T_MS), 1);
    CHECK_EQ(p.status, 0x67);

    /* any PDU to the client: an enquire_link with spaces in the hex, and
     * an outbind-like body */
    CHECK_EQ(smppSendRAW(h.srv, cid, 42, 0x15, 0, ""), 0);
    CHECK_EQ(sc_recv(&c, &p, T_MS), 1);
    CHECK_EQ(p.cmd, 0x15);
    CHECK_EQ(p.seq, 42);
    sc_send(&c, 0x80000015u, 0, 42, NULL);
    CHECK_EQ(smppSendRAW(h.srv, cid, 43, 0x0B, 0, "69 6e 76 00 69 70 00"), 0);
    CHECK_EQ(sc_recv(&c, &p, T_MS), 1);
    pdu_hex(&p, hex, sizeof hex);
    CHECK_STR(hex, "000000170000000B000000000000002B696E76006970" "00");
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------- query / cancel / replace */

static void test_query_cancel_replace(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    char hex[256];
    int round;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    /* docs/test-vectors.md, SMPP vectors 17, 18, 19 */
    send_hex(&c, "0000001e 00000003 00000000 00004fe8 313233343500 01 01 343034303400");
    CHECK_EQ(sc_expect(&c, 0x80000003u, 0x4fe8, &p, T_MS), 1);
    pdu_hex(&p, hex, sizeof hex);
    CHECK_STR(hex, "0000001980000003000000000000" "4FE8313233343500000600");
    send_hex(&c, "0000002d 00000008 00000000 00004fe8 00 313233343500 01 01 343034303400 "
                 "01 01 343439353133363139323000");
    CHECK_EQ(sc_expect(&c, 0x80000008u, 0x4fe8, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    send_hex(&c, "00000050 00000007 00000000 00004fe8 6d73672d313233343500 01 01 3535353237313030303000 "
                 "3135303230333034303530363730382b00 30313032303330343035303630303052 00 01 02 04 74657874");
    CHECK_EQ(sc_expect(&c, 0x80000007u, 0x4fe8, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    pthread_mutex_lock(&h.mu);
    CHECK_STR(h.query.msgid, "12345");
    CHECK_STR(h.query.src, "40404");
    CHECK_EQ(h.query.ston, 1);
    CHECK_EQ(h.query.snpi, 1);
    CHECK_STR(h.cancel.msgid, "12345");
    CHECK_STR(h.cancel.service_type, "");
    CHECK_STR(h.cancel.src, "40404");
    CHECK_STR(h.cancel.dst, "44951361920");
    CHECK_EQ(h.cancel.dton, 1);
    CHECK_STR(h.replace.msgid, "msg-12345");
    CHECK_STR(h.replace.src, "5552710000");
    CHECK_EQ(h.replace.regdel, 1);
    CHECK_EQ(h.replace.dflt, 2);
    CHECK_STR(h.replace.content, "74657874");
    CHECK(h.replace.delivery_time > 0);
    CHECK(h.replace.validity > 0);
    CHECK(h.replace.options & soDeliveryTimeAbsolute);
    CHECK(h.replace.options & soValidityPeriodRelative);
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(host_count(&h, EV_RAW), 0);

    /* round 0: typed callbacks decline; round 1: no callbacks at all */
    for (round = 0; round < 2; round++) {
        if (round == 0) set_knob(&h, &h.typed_answer, 0);
        else CHECK_EQ(host_register(&h, REG_ALL & ~(REG(EV_QUERY) | REG(EV_CANCEL) | REG(EV_REPLACE) | REG(EV_RAW))), 0);
        send_hex(&c, "0000001e 00000003 00000000 00000101 313233343500 01 01 343034303400");
        CHECK_EQ(sc_expect(&c, 0x80000003u, 0x101, &p, T_MS), 1);
        CHECK_EQ(p.status, 0x67); /* ESME_RQUERYFAIL */
        send_hex(&c, "0000002d 00000008 00000000 00000102 00 313233343500 01 01 343034303400 "
                     "01 01 343439353133363139323000");
        CHECK_EQ(sc_expect(&c, 0x80000008u, 0x102, &p, T_MS), 1);
        CHECK_EQ(p.status, 0x11); /* ESME_RCANCELFAIL */
        send_hex(&c, "00000050 00000007 00000000 00000103 6d73672d313233343500 01 01 3535353237313030303000 "
                     "3135303230333034303530363730382b00 30313032303330343035303630303052 00 01 02 04 74657874");
        CHECK_EQ(sc_expect(&c, 0x80000007u, 0x103, &p, T_MS), 1);
        CHECK_EQ(p.status, 0x13); /* ESME_RREPLACEFAIL */
    }
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ---------------------------------------------------------------- trace */

static void test_trace(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    trace_rec t;
    char me[64], srv[64];
    int32_t cid;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    cid = last_cid(&h);
    snprintf(me, sizeof me, "127.0.0.1:%d", sc_local_port(&c));
    snprintf(srv, sizeof srv, "127.0.0.1:%d", h.port);

    /* docs/test-vectors.md, SMPP vector 6: enquire_link in, enquire_link_resp out */
    send_hex(&c, "00000010 00000015 00000000 0a342ee7");
    CHECK_EQ(sc_expect(&c, 0x80000015u, 0x0a342ee7, &p, T_MS), 1);
    CHECK(host_wait(&h, EV_TRACE, 1, T_MS));
    {
        long long until = clock_ms() + T_MS;
        while (!host_find_trace(&h, 0x80000015u, 0x0a342ee7, &t) && clock_ms() < until) sleep_ms(10);
    }
    CHECK(host_find_trace(&h, 0x15, 0x0a342ee7, &t));
    CHECK_EQ(t.cid, cid);
    CHECK_STR(t.from, me);
    CHECK_STR(t.to, srv);
    CHECK_STR(t.pdu, "00000010000000150000000" "00A342EE7");
    CHECK(host_find_trace(&h, 0x80000015u, 0x0a342ee7, &t));
    CHECK_STR(t.from, srv);
    CHECK_STR(t.to, me);
    CHECK_STR(t.pdu, "00000010800000150000000" "00A342EE7");

    /* a PDU the host sends from its own thread is traced too */
    CHECK_EQ(smppSendRAW(h.srv, cid, 0x1234, 0x15, 0, ""), 0);
    CHECK_EQ(sc_expect(&c, 0x15, 0x1234, &p, T_MS), 1);
    {
        long long until = clock_ms() + T_MS;
        while (!host_find_trace(&h, 0x15, 0x1234, &t) && clock_ms() < until) sleep_ms(10);
    }
    CHECK(host_find_trace(&h, 0x15, 0x1234, &t));
    CHECK_STR(t.pdu, "0000001000000015000000000000" "1234");
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ---------------------------------------------------------- keep-alive */

static void test_keepalive(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    long long t;

    /* NOTE: a session applies a new KeepAliveInterval within its timer cap
     * (5 s), so the waits below allow for that */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    CHECK_EQ(smscSetKeepAliveInterval(h.srv, 1), 0);
    /* after a second of silence the server asks; we answer */
    t = clock_ms();
    CHECK_EQ(sc_recv(&c, &p, 8000), 1);
    CHECK_EQ(p.cmd, CMD_ENQUIRE_LINK);
    CHECK_MSG(clock_ms() - t >= 800, "enquire_link after %lld ms", clock_ms() - t);
    sc_send(&c, CMD_ENQUIRE_LINK | CMD_RESP, 0, p.seq, NULL);
    t = clock_ms();
    /* the next one goes unanswered: the server closes the connection */
    CHECK_EQ(sc_recv(&c, &p, T_MS), 1);
    CHECK_EQ(p.cmd, CMD_ENQUIRE_LINK);
    CHECK_MSG(clock_ms() - t >= 800, "second enquire_link after %lld ms", clock_ms() - t);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.disc.reason, -1);
    CHECK_CONTAINS(h.disc.text, "enquire_link");
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------------------------ throttle */

static void test_throttle(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    deliver_fields d;
    long long t;
    int i, got = 0;
    int32_t cid;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    cid = last_cid(&h);
    CHECK_EQ(smscSetThrottleRate(h.srv, 20), 0);
    t = clock_ms();
    for (i = 0; i < 10; i++)
        CHECK_EQ(smppSendDeliverMessage(h.srv, cid, 0, "1", 1, 1, "2", 1, 1, "slow", et7BitText, "", 0, "", "", NULL,
                                        0, NULL),
                 0);
    t = clock_ms() - t;
    /* 20/s: the 10th may leave 450 ms after the first */
    CHECK_MSG(t >= 400, "10 deliveries at 20/s took %lld ms", t);
    for (i = 0; i < 10; i++) {
        if (!recv_deliver(&c, &p, &d)) break;
        ack_deliver(&c, p.seq, 0);
        got++;
    }
    CHECK_EQ(got, 10);
    CHECK_EQ(smscSetThrottleRate(h.srv, 0), 0);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* -------------------------------------------------------------- logout */

static void test_logout(int mode) {
    host h;
    smpp_client c;
    smpp_pdu p;
    int32_t cid;

    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    /* answered by the callback (docs/test-vectors.md, SMPP vector 23) */
    send_hex(&c, "00000010 00000006 00000000 00000001");
    CHECK_EQ(sc_expect(&c, 0x80000006u, 1, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    CHECK(host_wait(&h, EV_LOGOUT, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.logout.seq, 1);
    CHECK_EQ(h.logout.cid, h.login.cid);
    cid = h.login.cid;
    pthread_mutex_unlock(&h.mu);
    /* the unbound session stays open, requests refused, until the client or
     * the host closes it (the reference's host: tcpCloseConnection) */
    send_hex(&c, "00000010 00000015 00000000 00000004");
    CHECK_EQ(sc_expect(&c, 0x80000015u, 4, &p, T_MS), 1);
    CHECK_EQ(submit_resp(&c, submit(&c, "1", "2", 0, "x"), NULL, 0), 0x04); /* ESME_RINVBNDSTS */
    CHECK_EQ(host_count(&h, EV_DISCONNECTED), 0);
    CHECK_EQ(tcpCloseConnection(h.srv, cid), 0);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.disc.reason, -1);
    CHECK_STR(h.disc.text, "closed by host");
    pthread_mutex_unlock(&h.mu);

    /* declined: answered and closed by the library */
    set_knob(&h, &h.logout_answer, 0);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "esme", "pw"), 0);
    send_hex(&c, "00000010 00000006 00000000 00000002");
    CHECK_EQ(sc_expect(&c, 0x80000006u, 2, &p, T_MS), 1);
    CHECK_EQ(p.status, 0);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    /* unbind before bind: ESME_RINVBNDSTS and no event */
    CHECK_EQ(sc_connect(&c, h.port), 0);
    send_hex(&c, "00000010 00000006 00000000 00000003");
    CHECK_EQ(sc_expect(&c, 0x80000006u, 3, &p, T_MS), 1);
    CHECK_EQ(p.status, 0x04);
    CHECK_EQ(host_count(&h, EV_LOGOUT), 2);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* -------------------------------------------------------- re-entrancy */

static void test_reentrancy(int mode) {
    host h;
    smpp_client c, c2, c3;
    smpp_pdu p;
    uint32_t seq;
    long total;

    /* tcpCloseConnection inside the submit callback */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    set_knob(&h, &h.submit_mode, SUB_CLOSE);
    seq = submit(&c, "1", "2", 0, "close me");
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    CHECK(host_wait(&h, EV_DISCONNECTED, 1, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.cb_ret_close, 0);
    CHECK(h.cb_ret_after_close == SMSC_ERR_CONNECTION_CLOSED || h.cb_ret_after_close == SMSC_ERR_UNKNOWN_CLIENT);
    CHECK_EQ(h.disc.reason, -1);
    pthread_mutex_unlock(&h.mu);
    (void)seq;

    /* tcpCloseAllConnections inside the callback: both clients go */
    set_knob(&h, &h.submit_mode, SUB_CLOSE_ALL);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "a", "pw"), 0);
    CHECK_EQ(connect_bind(&c2, h.port, CMD_BIND_TRANSCEIVER, "b", "pw"), 0);
    submit(&c, "1", "2", 0, "close all");
    CHECK(sc_wait_closed(&c, T_MS));
    CHECK(sc_wait_closed(&c2, T_MS));
    sc_close(&c);
    sc_close(&c2);
    CHECK(host_wait(&h, EV_DISCONNECTED, 3, T_MS));
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.cb_ret_close, 0);
    pthread_mutex_unlock(&h.mu);

    /* smppFinalizeServer inside the login callback: this session goes on,
     * new connections are refused */
    set_knob(&h, &h.submit_mode, SUB_ANSWER);
    set_knob(&h, &h.login_finalize, 1);
    CHECK_EQ(connect_bind(&c, h.port, CMD_BIND_TRANSCEIVER, "a", "pw"), 0);
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.cb_ret_finalize, 0);
    pthread_mutex_unlock(&h.mu);
    seq = submit(&c, "1", "2", 0, "still here");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0);
    CHECK(sc_connect(&c3, h.port) < 0);
    sc_close(&c3);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);

    /* unregistering the running callback from inside it */
    CHECK_EQ(start_bound(&h, mode, REG_ALL & ~REG(EV_COMPLETED), "", &c), 0);
    set_knob(&h, &h.submit_mode, SUB_UNREGISTER);
    seq = submit(&c, "1", "2", 0, "first");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0);
    seq = submit(&c, "1", "2", 0, "second");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0x08); /* default: no callback */
    CHECK(host_wait(&h, EV_SUBMIT, 1, T_MS));
    sleep_ms(50);
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.cb_ret_unregister, 0);
    CHECK_EQ(h.n[EV_SUBMIT], 1);
    pthread_mutex_unlock(&h.mu);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);

    /* smscDestroyServer inside the submit callback: it returns at once, the
     * clients are closed, no callback starts afterwards, the handle is dead
     * and a pumped dispatcher is told SMSC_ERR_SERVER_DESTROYED */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    CHECK_EQ(connect_bind(&c2, h.port, CMD_BIND_TRANSCEIVER, "b", "pw"), 0);
    set_knob(&h, &h.submit_mode, SUB_DESTROY);
    submit(&c, "1", "2", 0, "destroy");
    CHECK(sc_wait_closed(&c, T_MS));
    CHECK(sc_wait_closed(&c2, T_MS));
    sc_close(&c);
    sc_close(&c2);
    CHECK(host_wait(&h, EV_SUBMIT, 1, T_MS));
    total = host_total(&h);
    sleep_ms(200);
    CHECK_EQ(host_total(&h), total);
    pthread_mutex_lock(&h.mu);
    CHECK_EQ(h.cb_ret_destroy, 0);
    pthread_mutex_unlock(&h.mu);
    CHECK_EQ(smscGetConnectionCount(h.srv), SMSC_ERR_INVALID_HANDLE);
    if (mode == SMSC_DISPATCH_PUMPED) {
        pthread_mutex_lock(&h.mu);
        while (h.disp_exit == 0) pthread_cond_wait(&h.cv, &h.mu);
        CHECK_EQ(h.disp_exit, SMSC_ERR_SERVER_DESTROYED);
        pthread_mutex_unlock(&h.mu);
    }
    CHECK_EQ(host_stop(&h), SMSC_ERR_INVALID_HANDLE);
    (void)p;
    expect_no_violations(&h);
    host_free(&h);
}

/* --------------------------------------------- destroy while running */

typedef struct blaster {
    smpp_client *c;
    int n;
    int sent;
} blaster;

/* Sends n submits without reading; stops at the first error. */
static void *blast(void *arg) {
    blaster *b = arg;
    pbuf body;
    int i;
    body_submit(&body, "447700900001", "447700900002", 0, 0, 0, "load", 4);
    for (i = 0; i < b->n; i++) {
        if (sc_send(b->c, CMD_SUBMIT_SM, 0, sc_next_seq(b->c), &body) != 0) break;
        b->sent++;
    }
    return NULL;
}

static void test_destroy(int mode) {
    host h;
    smpp_client c, c2, c3;
    long long slow_done, returned;
    long total;
    uint32_t seq;
    pthread_t th;
    blaster bl;

    /* destroy outside a callback waits for a running one */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    pthread_mutex_lock(&h.mu);
    h.submit_mode = SUB_SLOW;
    h.slow_ms = 400;
    pthread_mutex_unlock(&h.mu);
    submit(&c, "1", "2", 0, "slow");
    CHECK(host_wait_started(&h, EV_SUBMIT, 1, T_MS));
    CHECK_EQ(host_stop(&h), 0);
    returned = clock_ms();
    pthread_mutex_lock(&h.mu);
    slow_done = h.slow_done_ms;
    pthread_mutex_unlock(&h.mu);
    CHECK_MSG(slow_done > 0 && slow_done <= returned, "destroy returned at %lld, the callback ended at %lld", returned,
              slow_done);
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    total = host_total(&h);
    sleep_ms(100);
    CHECK_EQ(host_total(&h), total);
    expect_no_violations(&h);
    host_free(&h);

    /* finalize while clients are connected and sending, then destroy */
    CHECK_EQ(start_bound(&h, mode, REG_ALL, "", &c), 0);
    CHECK_EQ(connect_bind(&c2, h.port, CMD_BIND_TRANSCEIVER, "b", "pw"), 0);
    CHECK_EQ(smppFinalizeServer(h.srv), 0);
    CHECK_EQ(smscGetConnectionCount(h.srv), 2);
    CHECK(sc_connect(&c3, h.port) < 0);
    sc_close(&c3);
    seq = submit(&c, "1", "2", 0, "after finalize");
    CHECK_EQ(submit_resp(&c, seq, NULL, 0), 0);
    bl.c = &c2;
    bl.n = 100000;
    bl.sent = 0;
    pthread_create(&th, NULL, blast, &bl);
    CHECK(host_wait(&h, EV_SUBMIT, 50, T_MS));
    CHECK_EQ(host_stop(&h), 0); /* clients connected, a submit stream in flight */
    pthread_join(th, NULL);     /* the blaster stops once the socket is gone */
    CHECK(sc_wait_closed(&c, T_MS));
    sc_close(&c);
    sc_close(&c2);
    total = host_total(&h);
    sleep_ms(100);
    CHECK_EQ(host_total(&h), total);
    expect_no_violations(&h);
    host_free(&h);
}

/* ----------------------------------------------------- pumped: waking */

typedef struct dispatch_call {
    SMSCserver *s;
    int timeout, ret;
    long long took;
} dispatch_call;

static void *call_dispatch(void *arg) {
    dispatch_call *d = arg;
    long long t = clock_ms();
    d->ret = smscDispatchEvents(d->s, d->timeout, 0);
    d->took = clock_ms() - t;
    return NULL;
}

static void test_dispatch_calls(int mode) {
    SMSCserver *s = smppCreateServer();
    dispatch_call d;
    pthread_t th;

    CHECK_EQ(smscSetDispatchMode(s, mode), 0);
    CHECK_EQ(smppInitializeServer(s, "127.0.0.1", 0, ""), 0);
    CHECK_EQ(smscDispatchEvents(s, 0, 0), 0);
    d.s = s;
    d.timeout = 100;
    call_dispatch(&d);
    CHECK_EQ(d.ret, 0);
    CHECK_MSG(d.took >= 80, "a 100 ms dispatch returned after %lld ms", d.took);
    /* a dispatcher blocked forever is released by smscWakeDispatcher... */
    d.timeout = -1;
    pthread_create(&th, NULL, call_dispatch, &d);
    sleep_ms(100);
    CHECK_EQ(smscWakeDispatcher(s), 0);
    pthread_join(th, NULL);
    CHECK_EQ(d.ret, 0);
    CHECK_MSG(d.took < 3000, "woken after %lld ms", d.took);
    /* ...and by smscDestroyServer, with SMSC_ERR_SERVER_DESTROYED */
    pthread_create(&th, NULL, call_dispatch, &d);
    sleep_ms(100);
    CHECK_EQ(smscDestroyServer(s), 0);
    pthread_join(th, NULL);
    CHECK_EQ(d.ret, SMSC_ERR_SERVER_DESTROYED);
    CHECK_EQ(smscDispatchEvents(s, 0, 0), SMSC_ERR_SERVER_DESTROYED);
    CHECK_EQ(smscDispatchEvents(s, -1, 0), SMSC_ERR_SERVER_DESTROYED);
}

/* --------------------------------------------- pumped: back-pressure */

static void test_backpressure(int mode) {
    host h;
    smpp_client c;
    pbuf body;
    uint8_t pdu[64];
    long written = 0, acked = 0, stalled = 0;
    long long until;
    smpp_pdu p;

    if (mode != SMSC_DISPATCH_PUMPED) return; /* a pumped-mode property */
    /* the submits queued while the host is paused must still be the host's
     * to answer when it resumes: under Wine filling the buffers can take
     * longer than the default response-timeout */
    CHECK_EQ(start_bound(&h, mode, REG(EV_LOGIN) | REG(EV_SUBMIT), "response-timeout=600", &c), 0);
    host_pause(&h, 1);
    sleep_ms(300); /* the dispatcher sees the pause after its current call */
    /* the host does not dispatch: the library queues 4096 events, then
     * stops reading, and the client's writes stall */
    body_submit(&body, "1", "2", 0, 0, 0, "bp", 2);
    {
        size_t i, n = 16 + body.n;
        uint32_t h4[4] = {0, CMD_SUBMIT_SM, 0, 0};
        h4[0] = (uint32_t)n;
        for (i = 0; i < 4; i++) {
            pdu[4 * i] = (uint8_t)(h4[i] >> 24);
            pdu[4 * i + 1] = (uint8_t)(h4[i] >> 16);
            pdu[4 * i + 2] = (uint8_t)(h4[i] >> 8);
            pdu[4 * i + 3] = (uint8_t)h4[i];
        }
        memcpy(pdu + 16, body.b, body.n);
        /* natively the writes stall within a second or two; under Wine a
         * loaded machine managed about 3,600 sends a second, short of the
         * ~80,000 the socket buffers take, within 20 s */
        until = clock_ms() + 90000;
        while (written < 2000000 && clock_ms() < until) {
            struct pollfd pfd;
            uint32_t seq = sc_next_seq(&c);
            pdu[12] = (uint8_t)(seq >> 24);
            pdu[13] = (uint8_t)(seq >> 16);
            pdu[14] = (uint8_t)(seq >> 8);
            pdu[15] = (uint8_t)seq;
            pfd.fd = c.fd;
            pfd.events = POLLOUT;
            if (sock_poll(&pfd, 1, 1000) == 0) {
                stalled = 1;
                c.next_seq--;
                break;
            }
            if (sc_send_raw(&c, pdu, n) != 0) break;
            written++;
        }
    }
    CHECK_MSG(stalled, "the client wrote %ld submits without being stopped", written);
    CHECK_MSG(written > 4096, "stalled after %ld submits", written);
    printf("  back-pressure: the client stalled after %ld submits (%ld octets)\n", written, written * (long)(16 + body.n));
    /* the queue is bounded: nothing ran, the rest waits in the sockets */
    CHECK_EQ(host_count(&h, EV_SUBMIT), 0);
    host_pause(&h, 0);
    until = clock_ms() + 120000;
    while (acked < written && clock_ms() < until) {
        if (sc_recv(&c, &p, 5000) != 1) break;
        if (p.cmd == (CMD_SUBMIT_SM | CMD_RESP)) {
            if (p.status != 0) break;
            acked++;
        }
    }
    CHECK_EQ(acked, written);
    CHECK(host_wait(&h, EV_SUBMIT, written, T_MS)); /* counted after the answer */
    CHECK_EQ(host_count(&h, EV_SUBMIT), written);
    sc_close(&c);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}
/* ------------------------------------------------------------------ load */

static long load_events = 100000; /* per mode; -n */
static int load_seconds = 150;   /* per mode; -s */

typedef struct loader {
    int port, n, window;
    long long deadline;
    long acked, receipts, errors;
} loader;

/* One ESME: keeps `window` submits (each asking for a receipt) in flight,
 * acknowledges every receipt; ends when all n are answered and receipted,
 * on an error, or at the deadline. */
static void *load_client(void *arg) {
    loader *L = arg;
    smpp_client c;
    smpp_pdu p;
    pbuf body;
    int sent = 0, outstanding = 0;
    if (connect_bind(&c, L->port, CMD_BIND_TRANSCEIVER, "load", "pw") != 0) {
        L->errors++;
        sc_close(&c);
        return NULL;
    }
    body_submit(&body, "447700900001", "447700900002", 0, 1, 0, "load test message", 17);
    while ((L->acked < L->n || L->receipts < L->n) && clock_ms() < L->deadline) {
        int r;
        while (sent < L->n && outstanding < L->window) {
            if (sc_send(&c, CMD_SUBMIT_SM, 0, sc_next_seq(&c), &body) != 0) break;
            sent++;
            outstanding++;
        }
        r = sc_recv(&c, &p, 1000);
        if (r < 0) {
            L->errors++;
            break;
        }
        if (r == 0) continue;
        if (p.cmd == (CMD_SUBMIT_SM | CMD_RESP)) {
            outstanding--;
            L->acked++;
            if (p.status != 0) L->errors++;
        } else if (p.cmd == CMD_DELIVER_SM) {
            ack_deliver(&c, p.seq, 0);
            L->receipts++;
        } else if (p.cmd == CMD_ENQUIRE_LINK) {
            sc_send(&c, CMD_ENQUIRE_LINK | CMD_RESP, 0, p.seq, NULL);
        }
    }
    sc_close(&c);
    return NULL;
}

static void test_load(int mode) {
    enum { NC = 4, WINDOW = 32 };
    host h;
    loader L[NC];
    pthread_t th[NC];
    long long t0, ms;
    long total, acked = 0, receipts = 0, errors = 0;
    int i, per;

    /* every submit makes seven events: received, completed, the deliver
     * response, and the traces of submit, submit_resp, deliver_sm and
     * deliver_sm_resp */
    per = (int)(load_events / 7 / NC) + 1;
    CHECK_EQ(host_start(&h, mode, REG_ALL, ""), 0);
    h.receipt_from_callback = 1;
    t0 = clock_ms();
    for (i = 0; i < NC; i++) {
        L[i].port = h.port;
        L[i].n = per;
        L[i].window = WINDOW;
        L[i].deadline = t0 + (long long)load_seconds * 1000;
        L[i].acked = L[i].receipts = L[i].errors = 0;
        pthread_create(&th[i], NULL, load_client, &L[i]);
    }
    for (i = 0; i < NC; i++) {
        pthread_join(th[i], NULL);
        acked += L[i].acked;
        receipts += L[i].receipts;
        errors += L[i].errors;
    }
    CHECK(host_wait(&h, EV_DISCONNECTED, NC, T_MS));
    CHECK(host_wait(&h, EV_DELIVER_RESP, (long)per * NC, T_MS));
    ms = clock_ms() - t0;
    total = host_total(&h);
    CHECK_EQ(errors, 0);
    CHECK_EQ(acked, (long)per * NC);
    CHECK_EQ(receipts, (long)per * NC);
    CHECK_MSG(total >= load_events, "only %ld events", total);
    printf("  load [%s]: %ld events (%ld submits, %ld receipts) in %lld ms, %.0f events/s\n", mode_name(mode), total,
           acked, receipts, ms, ms > 0 ? total * 1000.0 / ms : 0.0);
    CHECK_EQ(host_stop(&h), 0);
    expect_no_violations(&h);
    host_free(&h);
}

/* ------------------------------------------------------------------ main */

typedef struct test_case {
    const char *name;
    void (*fn)(int mode);
} test_case;

static const test_case tests[] = {
    {"lifecycle", test_lifecycle},
    {"misuse", test_misuse},
    {"dispatch_calls", test_dispatch_calls},
    {"connect", test_connect},
    {"login", test_login},
    {"submit", test_submit},
    {"submit_more", test_submit_more},
    {"statistics", test_statistics},
    {"deliver", test_deliver},
    {"raw", test_raw},
    {"query_cancel_replace", test_query_cancel_replace},
    {"trace", test_trace},
    {"keepalive", test_keepalive},
    {"throttle", test_throttle},
    {"logout", test_logout},
    {"reentrancy", test_reentrancy},
    {"destroy", test_destroy},
    {"backpressure", test_backpressure},
    {"load", test_load},
};

int main(int argc, char **argv) {
    int modes[2] = {SMSC_DISPATCH_DIRECT, SMSC_DISPATCH_PUMPED}, nmodes = 2, m, i;
    const char *only = NULL, *env = getenv("SMSC_CTEST_EVENTS");
    long long t0 = clock_ms();
    if (env) load_events = atol(env);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-m") && i + 1 < argc) {
            const char *v = argv[++i];
            nmodes = 1;
            modes[0] = !strcmp(v, "pumped") ? SMSC_DISPATCH_PUMPED : SMSC_DISPATCH_DIRECT;
        } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            only = argv[++i];
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            load_events = atol(argv[++i]);
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            load_seconds = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: %s [-m direct|pumped] [-t test] [-n load-events] [-s load-seconds]\n", argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
#ifdef SIGPIPE
    signal(SIGPIPE, SIG_IGN); /* Windows has no SIGPIPE */
#endif
    if (sock_startup() != 0) {
        printf("FAIL socket start-up\n");
        return 1;
    }
    for (m = 0; m < nmodes; m++) {
        for (i = 0; i < (int)(sizeof tests / sizeof tests[0]); i++) {
            if (only && strcmp(only, tests[i].name) != 0) continue;
            test_begin(tests[i].name, mode_name(modes[m]));
            tests[i].fn(modes[m]);
            test_end();
        }
    }
    printf("%ld callback events in %lld ms\n", host_events_total(), clock_ms() - t0);
#if defined(__SANITIZE_ADDRESS__)
    /* every server is destroyed by now: whatever C memory is unreachable
     * is a leak (LSan checks again at exit) */
    test_begin("leak check", "LeakSanitizer");
    CHECK_MSG(__lsan_do_recoverable_leak_check() == 0, "LeakSanitizer found leaks (report above)");
    test_end();
#endif
    return check_summary();
}
