/*
 * test_protocols.c - the UCP/EMI and CIMD2 halves of the C API over real
 * TCP: a raw-socket client sends the frames Kannel sends (docs/test-vectors.md,
 * UCP and CIMD2 vectors), the server answers from C callbacks, and the test reads the
 * library's frames back. Runs under ASan/LSan from `make ctest`.
 */
#define _POSIX_C_SOURCE 200809L
#include "portable.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "smscserver.h"

/* ------------------------------------------------------------ the client */

static int dial(int port) {
    struct sockaddr_in a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
        if (s >= 0) sock_close(s);
        return -1;
    }
    return s;
}

static void send_str(int s, const char *f) {
    size_t n = strlen(f);
    CHECK_EQ(sock_send(s, f, n), (long long)n);
}

/* Reads one STX..ETX frame (both protocols use them) within 5 s into buf
 * as text without STX/ETX; returns its length or -1. */
static int read_frame(int s, char *buf, size_t cap) {
    size_t n = 0;
    int in = 0;
    for (;;) {
        struct pollfd p = {s, POLLIN, 0};
        char c;
        if (sock_poll(&p, 1, 5000) != 1 || sock_recv(s, &c, 1) != 1) return -1;
        if (c == 0x02) { in = 1; n = 0; continue; }
        if (!in) continue;
        if (c == 0x03) { buf[n] = 0; return (int)n; }
        if (n + 1 < cap) buf[n++] = c;
    }
}

/* -------------------------------------------------------- shared capture */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char last_content[256], last_originator[64];
static int logins, submits, completed, delivered_resps, traces, disconnects, lost_outcomes;
static uint32_t completed_parts;

static void note(int *counter) {
    pthread_mutex_lock(&mu);
    (*counter)++;
    pthread_mutex_unlock(&mu);
}

static int counter(int *c) {
    int v;
    pthread_mutex_lock(&mu);
    v = *c;
    pthread_mutex_unlock(&mu);
    return v;
}

static void reset(void) {
    pthread_mutex_lock(&mu);
    logins = submits = completed = delivered_resps = traces = disconnects = lost_outcomes = 0;
    completed_parts = 0;
    last_content[0] = last_originator[0] = 0;
    pthread_mutex_unlock(&mu);
}

static int on_disconnected(void *ud, const tcpDisconnectedEventArgs *e) {
    (void)ud; (void)e;
    note(&disconnects);
    return 0;
}

static void wait_for(int *c, int want) {
    int i;
    for (i = 0; i < 500 && counter(c) < want; i++) {
        struct timespec t = {0, 10 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
}

/* ------------------------------------------------------------------ UCP */

static int ucp_login(void *ud, const ucpLoginReceivedEventArgs *e) {
    int ok = strcmp(e->UserIdentity, "emiuser") == 0 && strcmp(e->Password, "secret") == 0;
    note(&logins);
    return ucpSendLoginResponse((SMSCserver *)ud, e->ClientID, e->TransactionNumber, ok ? 0 : 7, ok ? "" : "bad login");
}

static int ucp_submit(void *ud, const ucpSubmitMessageReceivedEventArgs *e) {
    pthread_mutex_lock(&mu);
    snprintf(last_content, sizeof last_content, "%s", e->Content);
    snprintf(last_originator, sizeof last_originator, "%s", e->Originator);
    submits++;
    pthread_mutex_unlock(&mu);
    /* 2026-11-21 23:19:06 UTC as the SCTS */
    return ucpSendSubmitMessageResponse((SMSCserver *)ud, e->ClientID, e->TransactionNumber, "", 1795303146000LL, 0, "");
}

static int ucp_completed(void *ud, const ucpSubmitMessageCompletedEventArgs *e) {
    (void)ud;
    pthread_mutex_lock(&mu);
    completed++;
    completed_parts = (uint32_t)e->PartCount;
    pthread_mutex_unlock(&mu);
    return 0;
}

static int ucp_deliver_resp(void *ud, const ucpDeliverResponseReceivedEventArgs *e) {
    (void)ud;
    if (e->ErrorCode == 0xFFFFFFF1u) { /* the library's outcome: connection lost first */
        CHECK(strcmp(e->ExtendedParameters, "library.outcome=connection-lost") == 0);
        CHECK_EQ(counter(&disconnects), 0); /* before OnTcpDisconnected */
        note(&lost_outcomes);
        return 0;
    }
    CHECK_EQ(e->ErrorCode, 0);
    note(&delivered_resps);
    return 0;
}

static int ucp_trace(void *ud, const ucpTraceProtocolEventArgs *e) {
    (void)ud;
    CHECK(e->PDU[0] == '0' && e->PDU[1] == '2'); /* hex of STX */
    note(&traces);
    return 0;
}

static void test_ucp(void) {
    SMSCserver *h = ucpCreateServer();
    char f[1024];
    int port, s, cid = 0, rc;
    uint32_t trns[4];
    size_t count = 0;

    test_begin("ucp over TCP", "direct");
    reset();
    CHECK(h != NULL);
    CHECK_EQ(smscSetOnUcpLoginReceived(h, ucp_login, h), 0);
    CHECK_EQ(smscSetOnUcpSubmitMessageReceived(h, ucp_submit, h), 0);
    CHECK_EQ(smscSetOnUcpSubmitMessageCompleted(h, ucp_completed, h), 0);
    CHECK_EQ(smscSetOnUcpDeliverResponseReceived(h, ucp_deliver_resp, h), 0);
    CHECK_EQ(smscSetOnUcpTraceProtocol(h, ucp_trace, h), 0);
    CHECK_EQ(smscSetOnTcpDisconnected(h, on_disconnected, h), 0);
    /* An SMPP-only registration or call on a UCP handle is refused. */
    CHECK_EQ(smscSetOnSmppLoginReceived(h, NULL, NULL), SMSC_ERR_INVALID_ARGUMENT);
    CHECK_EQ(smppSendRAW(h, 1, 1, 0x15, 0, ""), SMSC_ERR_INVALID_HANDLE);
    CHECK_EQ(ucpInitializeServer(h, "127.0.0.1", 0, "ucp.time-zone=UTC"), 0);
    port = smscGetLocalPort(h);
    CHECK(port > 0);
    s = dial(port);
    CHECK(s >= 0);

    send_str(s, "\00200/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2\003");
    rc = read_frame(s, f, sizeof f);
    CHECK(rc > 0);
    CHECK_STR(f, "00/00019/R/60/A//6D");

    send_str(s, "\00202/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D\003");
    rc = read_frame(s, f, sizeof f);
    CHECK(rc > 0);
    CHECK_STR(f, "02/00040/R/51/A//4412345:211126231906/9B");
    wait_for(&completed, 1);
    pthread_mutex_lock(&mu);
    CHECK_STR(last_content, "Hello @{\xe2\x82\xac");
    CHECK_STR(last_originator, "1234");
    CHECK_EQ(completed_parts, 1);
    pthread_mutex_unlock(&mu);

    /* The ClientID is 1: the first connection of this server. */
    cid = 1;
    rc = ucpSendDeliverMessage(h, cid, 0, "1234", "4412345", "Hi there", et7BitText, "", 0, 0, "", trns, 4, &count);
    CHECK_EQ(rc, 0);
    CHECK_EQ(count, 1);
    rc = read_frame(s, f, sizeof f);
    CHECK(rc > 0);
    CHECK_CONTAINS(f, "/O/52/1234/4412345/");
    CHECK_CONTAINS(f, "/3//4869207468657265/"); /* AMsg "Hi there"; the 51 ACK is docs/test-vectors.md, UCP vector 19 */
    {
        /* answer the 52 with the same TRN; checksum over "TT/00020/R/52/A///" */
        char ack[64];
        unsigned sum = 0;
        size_t i;
        snprintf(ack, sizeof ack, "%c%c/00020/R/52/A///", f[0], f[1]);
        for (i = 0; ack[i]; i++) sum += (unsigned char)ack[i];
        snprintf(f, sizeof f, "\002%s%02X\003", ack, sum & 0xFF);
        send_str(s, f);
    }
    wait_for(&delivered_resps, 1);
    CHECK_EQ(counter(&delivered_resps), 1);

    rc = ucpSendDeliverStatusReport(h, cid, 0, 1795303146000LL, "4412345", "1234", 0, 0, 0, "");
    CHECK_EQ(rc, 0);
    rc = read_frame(s, f, sizeof f);
    CHECK(rc > 0);
    CHECK_CONTAINS(f, "/O/53/1234/4412345/");
    CHECK_CONTAINS(f, "/211126231906/0/");

    CHECK_EQ(ucpSendDeliverMessage(h, cid, 0, "1234", "4412345", "x", 99, "", 0, 0, "", NULL, 0, NULL), SMSC_ERR_INVALID_ARGUMENT);
    CHECK(counter(&traces) >= 6);
    sock_close(s);
    wait_for(&disconnects, 1);
    CHECK_EQ(counter(&disconnects), 1);
    CHECK_EQ(counter(&lost_outcomes), 1); /* the 53, never answered */
    CHECK_EQ(smscDestroyServer(h), 0);
    CHECK_EQ(ucpFinalizeServer(h), SMSC_ERR_INVALID_HANDLE);
    test_end();
}

/* ---------------------------------------------------------------- CIMD2 */

static int cimd2_login(void *ud, const cimd2LoginReceivedEventArgs *e) {
    int ok = strcmp(e->UserIdentity, "cimduser") == 0 && strcmp(e->Password, "secret") == 0;
    note(&logins);
    return cimd2SendLoginResponse((SMSCserver *)ud, e->ClientID, e->TransactionNumber, ok ? 0 : 100, ok ? "" : "Invalid login");
}

static int cimd2_submit(void *ud, const cimd2SubmitMessageReceivedEventArgs *e) {
    pthread_mutex_lock(&mu);
    snprintf(last_content, sizeof last_content, "%s", e->Content);
    snprintf(last_originator, sizeof last_originator, "%s", e->Originator);
    submits++;
    pthread_mutex_unlock(&mu);
    return cimd2SendSubmitMessageResponse((SMSCserver *)ud, e->ClientID, e->TransactionNumber, e->Destination,
                                          1795303218000LL, 0, "");
}

static int cimd2_completed(void *ud, const cimd2SubmitMessageCompletedEventArgs *e) {
    (void)ud;
    pthread_mutex_lock(&mu);
    completed++;
    completed_parts = (uint32_t)e->PartCount;
    if (e->PartCount == 1) CHECK_EQ(e->TimeStamps[0], 1795303218000LL);
    pthread_mutex_unlock(&mu);
    return 0;
}

static int cimd2_deliver_resp(void *ud, const cimd2DeliverResponseReceivedEventArgs *e) {
    (void)ud;
    if (e->ErrorCode == 0xFFFFFFF1u) { /* the library's outcome: connection lost first */
        CHECK(strcmp(e->ExtendedParameters, "library.outcome=connection-lost") == 0);
        CHECK_EQ(e->Code, 73);
        CHECK_EQ(counter(&disconnects), 0); /* before OnTcpDisconnected */
        note(&lost_outcomes);
        return 0;
    }
    CHECK_EQ(e->ErrorCode, 0);
    note(&delivered_resps);
    return 0;
}

static void test_cimd2(int mode) {
    SMSCserver *h = cimd2CreateServer();
    char f[1024];
    int port, s, rc;
    uint32_t nums[2];
    size_t count = 0;

    test_begin("cimd2 over TCP", mode == SMSC_DISPATCH_PUMPED ? "pumped" : "direct");
    reset();
    CHECK_EQ(smscSetDispatchMode(h, mode), 0);
    CHECK_EQ(smscSetOnCimd2LoginReceived(h, cimd2_login, h), 0);
    CHECK_EQ(smscSetOnCimd2SubmitMessageReceived(h, cimd2_submit, h), 0);
    CHECK_EQ(smscSetOnCimd2SubmitMessageCompleted(h, cimd2_completed, h), 0);
    CHECK_EQ(smscSetOnCimd2DeliverResponseReceived(h, cimd2_deliver_resp, h), 0);
    CHECK_EQ(smscSetOnTcpDisconnected(h, on_disconnected, h), 0);
    CHECK_EQ(cimd2InitializeServer(h, "127.0.0.1", 0, "time-zone=UTC"), 0);
    port = smscGetLocalPort(h);
    s = dial(port);
    CHECK(s >= 0);

    /* In pumped mode this thread must dispatch while it waits. */
#define PUMP() do { if (mode == SMSC_DISPATCH_PUMPED) smscDispatchEvents(h, 200, 0); } while (0)
    send_str(s, "\00201:001\t010:cimduser\t011:secret\tC2\003");
    PUMP();
    rc = read_frame(s, f, sizeof f);
    CHECK_STR(f, "51:001\t3C");

    send_str(s, "\00240:003\t3C\003");
    rc = read_frame(s, f, sizeof f);
    CHECK_STR(f, "90:003\t41");

    send_str(s, "\00203:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a\"\t4B\003");
    PUMP();
    PUMP();
    rc = read_frame(s, f, sizeof f);
    CHECK(rc > 0);
    CHECK_STR(f, "53:003\t021:4412345\t060:261121232018\tB3");
    if (mode == SMSC_DISPATCH_PUMPED) smscDispatchEvents(h, 200, 0);
    wait_for(&completed, 1);
    pthread_mutex_lock(&mu);
    CHECK_STR(last_content, "Hello @{\xe2\x82\xac]\xc3\xa4");
    CHECK_EQ(completed_parts, 1);
    pthread_mutex_unlock(&mu);

    rc = cimd2SendDeliverMessage(h, 1, 2, "1234", "4412345", "Hi @ there", et7BitText, "", 0, 1795303218000LL, "", nums, 2, &count);
    CHECK_EQ(rc, 0);
    CHECK_EQ(count, 1);
    CHECK_EQ(nums[0], 2);
    rc = read_frame(s, f, sizeof f);
    CHECK_CONTAINS(f, "20:002\t021:1234\t023:4412345\t060:261121232018\t033:Hi _Oa there\t");
    send_str(s, "\00270:002\t3E\003");
    PUMP();
    wait_for(&delivered_resps, 1);
    CHECK_EQ(counter(&delivered_resps), 1);

    rc = cimd2SendDeliverStatusReport(h, 1, 0, 1795303218000LL, "4412345", 4, 0, 1795303218000LL, "");
    CHECK_EQ(rc, 0);
    rc = read_frame(s, f, sizeof f);
    CHECK_CONTAINS(f, "23:");
    CHECK_CONTAINS(f, "021:4412345\t060:261121232018\t061:4\t063:261121232018\t");

    sock_close(s);
    while (mode == SMSC_DISPATCH_PUMPED && counter(&disconnects) < 1) smscDispatchEvents(h, 100, 0);
    wait_for(&disconnects, 1);
    CHECK_EQ(counter(&disconnects), 1);
    CHECK_EQ(counter(&lost_outcomes), 1); /* the 23, never answered */
    CHECK_EQ(smscDestroyServer(h), 0);
    test_end();
#undef PUMP
}

int main(void) {
    if (sock_startup() != 0) {
        printf("FAIL socket start-up\n");
        return 1;
    }
    test_ucp();
    test_cimd2(SMSC_DISPATCH_DIRECT);
    test_cimd2(SMSC_DISPATCH_PUMPED);
    return check_summary();
}
