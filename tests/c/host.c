/* host.c - see host.h */
#define _POSIX_C_SOURCE 200809L
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

long long clock_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void copy(char *dst, size_t cap, const char *src) {
    if (!src) src = "(NULL)"; /* the library never passes NULL strings */
    strncpy(dst, src, cap - 1);
    dst[cap - 1] = 0;
}

static pthread_t disp_self; /* the dispatcher thread, set by itself */
static int disp_self_set;

/* ------------------------------------------------------------ invariants */

static void violation(host *h, const char *what, int32_t cid) {
    h->violations++;
    if (h->violations == 1) snprintf(h->violation, sizeof h->violation, "%s (ClientID %d)", what, (int)cid);
}

/* Checks made when a callback starts, with h->mu held. OnSmppTraceProtocol
 * is exempt from the per-connection rules: the header lets the trace of a
 * PDU the host sends run on the sending thread. So is ClientID -1, an event
 * of a connection that ended before it ran: it belongs to none. */
static void enter(host *h, int kind, int32_t cid) {
    client_slot *s = &h->slots[(uint32_t)cid % CLIENT_SLOTS];
    h->started[kind]++;
    pthread_cond_broadcast(&h->cv);
    if (h->mode == SMSC_DISPATCH_PUMPED && !(disp_self_set && pthread_equal(pthread_self(), disp_self)))
        violation(h, "pumped-mode callback not on the dispatcher thread", cid);
    if (kind == EV_DISCONNECTED && cid == -1) violation(h, "OnTcpDisconnected without its ClientID", cid);
    if (kind == EV_TRACE || cid == -1) return;
    if (s->cid != cid) {
        memset(s, 0, sizeof *s);
        s->cid = cid;
    }
    if (s->disconnected) violation(h, "event after OnTcpDisconnected", cid);
    if (s->busy) violation(h, "two callbacks of one connection at once", cid);
    if (kind != EV_CONNECTED && (h->reg & REG(EV_CONNECTED)) && !s->connected)
        violation(h, "event before OnTcpConnected", cid);
    if (kind == EV_CONNECTED) {
        if (s->connected) violation(h, "OnTcpConnected twice", cid);
        s->connected = 1;
    }
    if (kind == EV_DISCONNECTED) s->disconnected = 1;
    s->busy = 1;
}

static pthread_mutex_t all_mu = PTHREAD_MUTEX_INITIALIZER;
static long all_events;

long host_events_total(void) {
    long n;
    pthread_mutex_lock(&all_mu);
    n = all_events;
    pthread_mutex_unlock(&all_mu);
    return n;
}

static void leave(host *h, int kind, int32_t cid) {
    pthread_mutex_lock(&all_mu);
    all_events++;
    pthread_mutex_unlock(&all_mu);
    if (kind != EV_TRACE && cid != -1) h->slots[(uint32_t)cid % CLIENT_SLOTS].busy = 0;
    h->n[kind]++;
    h->total++;
    pthread_cond_broadcast(&h->cv);
}

static void end(host *h, int kind, int32_t cid) {
    pthread_mutex_lock(&h->mu);
    leave(h, kind, cid);
    pthread_mutex_unlock(&h->mu);
}

/* ------------------------------------------------------------- callbacks */

static int on_connected(void *ud, const tcpConnectedEventArgs *e) {
    host *h = ud;
    int what;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_CONNECTED, e->ClientID);
    h->conn.cid = e->ClientID;
    copy(h->conn.host, sizeof h->conn.host, e->RemoteHost);
    h->conn.port = e->RemotePort;
    what = h->on_connect;
    pthread_mutex_unlock(&h->mu);
    if (what == CONN_ACCEPT) tcpAcceptConnection(h->srv, e->ClientID);
    if (what == CONN_CLOSE) tcpCloseConnection(h->srv, e->ClientID);
    end(h, EV_CONNECTED, e->ClientID);
    return 0;
}

static int on_disconnected(void *ud, const tcpDisconnectedEventArgs *e) {
    host *h = ud;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_DISCONNECTED, e->ClientID);
    h->disc.cid = e->ClientID;
    h->disc.reason = e->Reason;
    copy(h->disc.text, sizeof h->disc.text, e->ReasonText);
    leave(h, EV_DISCONNECTED, e->ClientID);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static int on_login(void *ud, const smppLoginReceivedEventArgs *e) {
    host *h = ud;
    int decline, finalize, close_rejected, ok, r = 0;
    const char *pw, *sysid;
    uint32_t reject;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_LOGIN, e->ClientID);
    h->login.cid = e->ClientID;
    h->login.seq = e->SequenceNumber;
    copy(h->login.system_id, sizeof h->login.system_id, e->SystemID);
    copy(h->login.password, sizeof h->login.password, e->Password);
    copy(h->login.system_type, sizeof h->login.system_type, e->SystemType);
    copy(h->login.range, sizeof h->login.range, e->AddressRange);
    h->login.version = e->InterfaceVersion;
    h->login.ton = e->AddressTON;
    h->login.npi = e->AddressNPI;
    h->login.bind_mode = e->BindMode;
    decline = h->login_decline;
    finalize = h->login_finalize;
    close_rejected = h->login_close;
    pw = h->password;
    sysid = h->login_system_id;
    reject = h->reject_status ? h->reject_status : 0x0E;
    pthread_mutex_unlock(&h->mu);
    if (decline) {
        r = 1;
    } else {
        ok = !pw || strcmp(e->Password, pw) == 0;
        smppSendLoginResponse(h->srv, e->ClientID, e->SequenceNumber, e->BindMode, ok ? 0 : reject, sysid);
        if (!ok && close_rejected) tcpCloseConnection(h->srv, e->ClientID);
    }
    if (finalize) {
        int f = smppFinalizeServer(h->srv);
        pthread_mutex_lock(&h->mu);
        h->cb_ret_finalize = f;
        pthread_mutex_unlock(&h->mu);
    }
    end(h, EV_LOGIN, e->ClientID);
    return r;
}

static int on_logout(void *ud, const smppLogoutReceivedEventArgs *e) {
    host *h = ud;
    int answer;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_LOGOUT, e->ClientID);
    h->logout.cid = e->ClientID;
    h->logout.seq = e->SequenceNumber;
    answer = h->logout_answer;
    pthread_mutex_unlock(&h->mu);
    if (answer) smppSendLogoutResponse(h->srv, e->ClientID, e->SequenceNumber, 0);
    end(h, EV_LOGOUT, e->ClientID);
    return answer ? 0 : 1;
}

static void copy_submit(struct submit_rec *r, const smppSubmitMessageEventArgs *e) {
    size_t i;
    r->cid = e->ClientID;
    r->seq = e->SequenceNumber;
    copy(r->dst, sizeof r->dst, e->Destination);
    copy(r->src, sizeof r->src, e->Originator);
    copy(r->content, sizeof r->content, e->Content);
    copy(r->udh, sizeof r->udh, e->UserDataHeader);
    copy(r->service_type, sizeof r->service_type, e->ServiceType);
    copy(r->ext, sizeof r->ext, e->ExtendedParameters);
    r->dton = e->DestinationTON;
    r->dnpi = e->DestinationNPI;
    r->ston = e->OriginatorTON;
    r->snpi = e->OriginatorNPI;
    r->enc = e->Encoding;
    r->pid = e->ProtocolID;
    r->prio = e->Priority;
    r->dcs = e->DataCoding;
    r->regdel = e->RegisteredDelivery;
    r->esm = e->EsmClass;
    r->options = e->Options;
    r->delivery_time = e->DeliveryTime;
    r->validity = e->ValidityPeriod;
    r->seqs_null = e->SequenceNumbers == NULL;
    r->nseqs = e->SequenceNumberCount;
    for (i = 0; i < e->SequenceNumberCount && i < MAX_SEQS; i++) r->seqs[i] = e->SequenceNumbers[i];
}

static int on_submit(void *ud, const smppSubmitMessageReceivedEventArgs *e) {
    host *h = ud;
    int mode, slow, receipt, r = 0, ret;
    char id[32];
    client_slot *s;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_SUBMIT, e->ClientID);
    s = &h->slots[(uint32_t)e->ClientID % CLIENT_SLOTS];
    if (s->last_submit_seq != 0 && e->SequenceNumber <= s->last_submit_seq)
        violation(h, "submits of one connection out of order", e->ClientID);
    s->last_submit_seq = e->SequenceNumber;
    copy_submit(&h->submit, e);
    mode = h->submit_mode;
    slow = h->slow_ms;
    receipt = h->receipt_from_callback;
    pthread_mutex_unlock(&h->mu);

    snprintf(id, sizeof id, "M%u", (unsigned)e->SequenceNumber);
    switch (mode) {
    case SUB_DECLINE:
        r = 1;
        break;
    case SUB_IGNORE:
        break;
    case SUB_DESTROY:
        ret = smscDestroyServer(h->srv);
        pthread_mutex_lock(&h->mu);
        h->cb_ret_destroy = ret;
        pthread_mutex_unlock(&h->mu);
        break;
    case SUB_CLOSE_ALL:
        ret = tcpCloseAllConnections(h->srv);
        pthread_mutex_lock(&h->mu);
        h->cb_ret_close = ret;
        pthread_mutex_unlock(&h->mu);
        break;
    case SUB_SLOW:
        sleep_ms(slow);
        /* fall through */
    default:
        ret = smppSendSubmitMessageResponse(h->srv, e->ClientID, e->SequenceNumber, 0, id, 0);
        pthread_mutex_lock(&h->mu);
        h->cb_ret_answer = ret;
        if (ret == 0) h->answered++;
        if (mode == SUB_SLOW) h->slow_done_ms = clock_ms();
        pthread_mutex_unlock(&h->mu);
        if (receipt && (e->RegisteredDelivery & 3)) {
            /* the receipt goes back from inside the callback */
            smppSendDeliverStatusReport(h->srv, e->ClientID, 0, e->Originator, e->OriginatorTON, e->OriginatorNPI,
                                        e->Destination, e->DestinationTON, e->DestinationNPI, rtFinal, id, "", 1, 1, 0,
                                        0, msDelivered, 0, e->Content, "");
        }
        if (mode == SUB_CLOSE) {
            int c = tcpCloseConnection(h->srv, e->ClientID);
            /* the connection is gone for the host at once */
            int a = smppSendDeliverMessage(h->srv, e->ClientID, 0, "1", 1, 1, "2", 1, 1, "x", et7BitText, "", 0, "",
                                           "", NULL, 0, NULL);
            pthread_mutex_lock(&h->mu);
            h->cb_ret_close = c;
            h->cb_ret_after_close = a;
            pthread_mutex_unlock(&h->mu);
        }
        if (mode == SUB_FINALIZE) {
            int f = smppFinalizeServer(h->srv);
            pthread_mutex_lock(&h->mu);
            h->cb_ret_finalize = f;
            pthread_mutex_unlock(&h->mu);
        }
        if (mode == SUB_UNREGISTER) {
            int u = smscSetOnSmppSubmitMessageReceived(h->srv, NULL, NULL);
            pthread_mutex_lock(&h->mu);
            h->cb_ret_unregister = u;
            h->reg &= ~REG(EV_SUBMIT);
            pthread_mutex_unlock(&h->mu);
        }
        break;
    }
    end(h, EV_SUBMIT, e->ClientID);
    return r;
}

static int on_completed(void *ud, const smppSubmitMessageCompletedEventArgs *e) {
    host *h = ud;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_COMPLETED, e->ClientID);
    copy_submit(&h->completed, e);
    leave(h, EV_COMPLETED, e->ClientID);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static int on_incomplete(void *ud, const smppSubmitMessageIncompleteEventArgs *e) {
    host *h = ud;
    size_t i;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_INCOMPLETE, e->ClientID);
    h->incomplete.cid = e->ClientID;
    copy(h->incomplete.src, sizeof h->incomplete.src, e->Originator);
    copy(h->incomplete.dst, sizeof h->incomplete.dst, e->Destination);
    h->incomplete.ref = e->Reference;
    h->incomplete.total = e->Total;
    h->incomplete.received = e->Received;
    h->incomplete.nseqs = e->SequenceNumberCount;
    for (i = 0; i < e->SequenceNumberCount && i < MAX_SEQS; i++) h->incomplete.seqs[i] = e->SequenceNumbers[i];
    leave(h, EV_INCOMPLETE, e->ClientID);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static int on_deliver_resp(void *ud, const smppDeliverResponseReceivedEventArgs *e) {
    host *h = ud;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_DELIVER_RESP, e->ClientID);
    h->dresp.cid = e->ClientID;
    h->dresp.seq = e->SequenceNumber;
    h->dresp.status = e->Status;
    copy(h->dresp.msgid, sizeof h->dresp.msgid, e->MessageID);
    copy(h->dresp.ext, sizeof h->dresp.ext, e->ExtendedParameters);
    leave(h, EV_DELIVER_RESP, e->ClientID);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static int on_raw(void *ud, const smppRAWReceivedEventArgs *e) {
    host *h = ud;
    int answer;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_RAW, e->ClientID);
    h->raw.cid = e->ClientID;
    h->raw.seq = e->SequenceNumber;
    h->raw.cmd = e->CommandID;
    h->raw.status = e->CommandStatus;
    copy(h->raw.payload, sizeof h->raw.payload, e->Payload);
    answer = h->raw_answer;
    pthread_mutex_unlock(&h->mu);
    if (answer && !(e->CommandID & 0x80000000u)) {
        /* query_sm_resp: message_id "12345", final_date "", state 6, error 0 */
        const char *body = e->CommandID == 3 ? "31 32 33 34 35 00 00 06 00" : "";
        smppSendRAW(h->srv, e->ClientID, e->SequenceNumber, e->CommandID | 0x80000000u, 0, body);
    }
    end(h, EV_RAW, e->ClientID);
    return answer ? 0 : 1;
}

static int on_trace(void *ud, const smppTraceProtocolEventArgs *e) {
    host *h = ud;
    trace_rec *t;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_TRACE, e->ClientID);
    t = &h->traces[h->n[EV_TRACE] % TRACE_KEEP];
    t->cid = e->ClientID;
    t->op = e->Operation;
    t->opt = e->OperationType;
    copy(t->from, sizeof t->from, e->FromAddress);
    copy(t->to, sizeof t->to, e->ToAddress);
    copy(t->pdu, sizeof t->pdu, e->PDU);
    leave(h, EV_TRACE, e->ClientID);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static int on_query(void *ud, const smppQueryReceivedEventArgs *e) {
    host *h = ud;
    int answer;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_QUERY, e->ClientID);
    h->query.cid = e->ClientID;
    h->query.seq = e->SequenceNumber;
    copy(h->query.msgid, sizeof h->query.msgid, e->MessageID);
    copy(h->query.src, sizeof h->query.src, e->Originator);
    h->query.ston = e->OriginatorTON;
    h->query.snpi = e->OriginatorNPI;
    answer = h->typed_answer;
    pthread_mutex_unlock(&h->mu);
    if (answer) smppSendQueryResponse(h->srv, e->ClientID, e->SequenceNumber, 0, e->MessageID, 0, msAccepted, 0);
    end(h, EV_QUERY, e->ClientID);
    return answer ? 0 : 1;
}

static int on_cancel(void *ud, const smppCancelReceivedEventArgs *e) {
    host *h = ud;
    int answer;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_CANCEL, e->ClientID);
    h->cancel.cid = e->ClientID;
    h->cancel.seq = e->SequenceNumber;
    copy(h->cancel.msgid, sizeof h->cancel.msgid, e->MessageID);
    copy(h->cancel.service_type, sizeof h->cancel.service_type, e->ServiceType);
    copy(h->cancel.src, sizeof h->cancel.src, e->Originator);
    copy(h->cancel.dst, sizeof h->cancel.dst, e->Destination);
    h->cancel.ston = e->OriginatorTON;
    h->cancel.snpi = e->OriginatorNPI;
    h->cancel.dton = e->DestinationTON;
    h->cancel.dnpi = e->DestinationNPI;
    answer = h->typed_answer;
    pthread_mutex_unlock(&h->mu);
    if (answer) smppSendCancelResponse(h->srv, e->ClientID, e->SequenceNumber, 0);
    end(h, EV_CANCEL, e->ClientID);
    return answer ? 0 : 1;
}

static int on_replace(void *ud, const smppReplaceReceivedEventArgs *e) {
    host *h = ud;
    int answer;
    pthread_mutex_lock(&h->mu);
    enter(h, EV_REPLACE, e->ClientID);
    h->replace.cid = e->ClientID;
    h->replace.seq = e->SequenceNumber;
    copy(h->replace.msgid, sizeof h->replace.msgid, e->MessageID);
    copy(h->replace.src, sizeof h->replace.src, e->Originator);
    copy(h->replace.content, sizeof h->replace.content, e->Content);
    h->replace.ston = e->OriginatorTON;
    h->replace.snpi = e->OriginatorNPI;
    h->replace.delivery_time = e->DeliveryTime;
    h->replace.validity = e->ValidityPeriod;
    h->replace.options = e->Options;
    h->replace.regdel = e->RegisteredDelivery;
    h->replace.dflt = e->DefaultMessageID;
    answer = h->typed_answer;
    pthread_mutex_unlock(&h->mu);
    if (answer) smppSendReplaceResponse(h->srv, e->ClientID, e->SequenceNumber, 0);
    end(h, EV_REPLACE, e->ClientID);
    return answer ? 0 : 1;
}

/* ------------------------------------------------------------ lifecycle */

int host_register(host *h, unsigned reg) {
    SMSCserver *s = h->srv;
    int r = 0;
#define ONE(kind, fn, cb)                                  \
    do {                                                   \
        int x = fn(s, (reg & REG(kind)) ? cb : NULL, h);   \
        if (x != 0 && r == 0) r = x;                       \
    } while (0)
    ONE(EV_CONNECTED, smscSetOnTcpConnected, on_connected);
    ONE(EV_DISCONNECTED, smscSetOnTcpDisconnected, on_disconnected);
    ONE(EV_LOGIN, smscSetOnSmppLoginReceived, on_login);
    ONE(EV_LOGOUT, smscSetOnSmppLogoutReceived, on_logout);
    ONE(EV_SUBMIT, smscSetOnSmppSubmitMessageReceived, on_submit);
    ONE(EV_COMPLETED, smscSetOnSmppSubmitMessageCompleted, on_completed);
    ONE(EV_INCOMPLETE, smscSetOnSmppSubmitMessageIncomplete, on_incomplete);
    ONE(EV_DELIVER_RESP, smscSetOnSmppDeliverResponseReceived, on_deliver_resp);
    ONE(EV_RAW, smscSetOnSmppRAWReceived, on_raw);
    ONE(EV_TRACE, smscSetOnSmppTraceProtocol, on_trace);
    ONE(EV_QUERY, smscSetOnSmppQueryReceived, on_query);
    ONE(EV_CANCEL, smscSetOnSmppCancelReceived, on_cancel);
    ONE(EV_REPLACE, smscSetOnSmppReplaceReceived, on_replace);
#undef ONE
    pthread_mutex_lock(&h->mu);
    h->reg = reg;
    pthread_mutex_unlock(&h->mu);
    return r;
}

static void *dispatcher(void *arg) {
    host *h = arg;
    pthread_mutex_lock(&h->mu);
    disp_self = pthread_self();
    disp_self_set = 1;
    pthread_mutex_unlock(&h->mu);
    for (;;) {
        int r;
        pthread_mutex_lock(&h->mu);
        while (h->disp_paused && !h->disp_stop) pthread_cond_wait(&h->cv, &h->mu);
        if (h->disp_stop) {
            pthread_mutex_unlock(&h->mu);
            break;
        }
        h->disp_calls++;
        pthread_mutex_unlock(&h->mu);
        r = smscDispatchEvents(h->srv, 200, 0);
        if (r < 0) {
            pthread_mutex_lock(&h->mu);
            h->disp_exit = r;
            pthread_cond_broadcast(&h->cv);
            pthread_mutex_unlock(&h->mu);
            break;
        }
    }
    return NULL;
}

int host_start(host *h, int mode, unsigned reg, const char *ext) {
    int r;
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->mode = mode;
    h->logout_answer = 1;
    h->raw_answer = 1;
    h->typed_answer = 1;
    h->srv = smppCreateServer();
    if (!h->srv) return SMSC_ERR_INTERNAL;
    if ((r = smscSetDispatchMode(h->srv, mode)) != 0) return r;
    if ((r = host_register(h, reg)) != 0) return r;
    if ((r = smppInitializeServer(h->srv, "127.0.0.1", 0, ext)) != 0) return r;
    h->port = smscGetLocalPort(h->srv);
    if (h->port <= 0) return h->port;
    if (mode == SMSC_DISPATCH_PUMPED) {
        disp_self_set = 0;
        if (pthread_create(&h->disp, NULL, dispatcher, h) != 0) return SMSC_ERR_INTERNAL;
        h->disp_started = 1;
    }
    return 0;
}

int host_stop(host *h) {
    int r = smscDestroyServer(h->srv);
    if (h->disp_started) {
        /* the dispatcher ends with SMSC_ERR_SERVER_DESTROYED; the stop
         * flag only covers a paused one */
        pthread_mutex_lock(&h->mu);
        h->disp_stop = 1;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->disp, NULL);
        h->disp_started = 0;
    }
    return r;
}

void host_free(host *h) {
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
}

void host_pause(host *h, int paused) {
    pthread_mutex_lock(&h->mu);
    h->disp_paused = paused;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static int wait_for(host *h, const long *counter, long target, int timeout_ms) {
    struct timespec ts;
    int ok;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += timeout_ms / 1000;
    ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&h->mu);
    while (*counter < target) {
        if (pthread_cond_timedwait(&h->cv, &h->mu, &ts) == ETIMEDOUT) break;
    }
    ok = *counter >= target;
    pthread_mutex_unlock(&h->mu);
    return ok;
}

int host_wait(host *h, int kind, long target, int timeout_ms) { return wait_for(h, &h->n[kind], target, timeout_ms); }

int host_wait_started(host *h, int kind, long target, int timeout_ms) {
    return wait_for(h, &h->started[kind], target, timeout_ms);
}

long host_total(host *h) {
    long n;
    pthread_mutex_lock(&h->mu);
    n = h->total;
    pthread_mutex_unlock(&h->mu);
    return n;
}

long host_count(host *h, int kind) {
    long n;
    pthread_mutex_lock(&h->mu);
    n = h->n[kind];
    pthread_mutex_unlock(&h->mu);
    return n;
}

int host_find_trace(host *h, uint32_t op, uint32_t opt, trace_rec *out) {
    long i, n;
    int found = 0;
    pthread_mutex_lock(&h->mu);
    n = h->n[EV_TRACE];
    for (i = n - 1; i >= 0 && i >= n - TRACE_KEEP; i--) {
        trace_rec *t = &h->traces[i % TRACE_KEEP];
        if (t->op == op && t->opt == opt) {
            *out = *t;
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&h->mu);
    return found;
}
