/*
 * smsc.c - a small SMSC in C on top of libsmscserver.
 *
 *   make examples
 *   LD_LIBRARY_PATH=build build/examples/smsc [port]      (default 2775)
 *
 * It accepts every connection, lets in the ESMEs that log in with the
 * password "secret", answers every submitted message with a new message id,
 * sends a delivery receipt back when the message asked for one, and prints
 * one line per event. Ctrl-C stops it.
 *
 * The callbacks run on library threads (the default, direct dispatch), one
 * connection's events in order, several connections' events at once: hence
 * the mutex around the message-id counter.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smscserver.h"

#define PASSWORD "secret"
#define ESME_RINVPASWD 0x0E /* SMPP status: invalid password */

static SMSCserver *smsc;
static volatile sig_atomic_t stopping;

static pthread_mutex_t id_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long last_id;

static void new_message_id(char *id, size_t cap) {
    pthread_mutex_lock(&id_mu);
    snprintf(id, cap, "%08lX", ++last_id);
    pthread_mutex_unlock(&id_mu);
}

/* A client connected: let it start its SMPP session. */
static int on_connected(void *userData, const tcpConnectedEventArgs *e) {
    (void)userData;
    printf("[%d] connected from %s:%d\n", e->ClientID, e->RemoteHost, e->RemotePort);
    tcpAcceptConnection(smsc, e->ClientID);
    return 0;
}

static int on_disconnected(void *userData, const tcpDisconnectedEventArgs *e) {
    (void)userData;
    printf("[%d] disconnected (%s)\n", e->ClientID, e->ReasonText);
    return 0;
}

/* A bind: check the password, answer, and send a wrong one away. */
static int on_login(void *userData, const smppLoginReceivedEventArgs *e) {
    int ok = strcmp(e->Password, PASSWORD) == 0;
    (void)userData;
    printf("[%d] login as \"%s\": %s\n", e->ClientID, e->SystemID, ok ? "accepted" : "wrong password");
    smppSendLoginResponse(smsc, e->ClientID, e->SequenceNumber, e->BindMode, ok ? 0 : ESME_RINVPASWD, "");
    if (!ok) tcpCloseConnection(smsc, e->ClientID); /* the answer is sent first */
    return 0;
}

/* A message: acknowledge it with an id; send a receipt if it asked. */
static int on_submit(void *userData, const smppSubmitMessageReceivedEventArgs *e) {
    char id[16];
    int rc;
    (void)userData;
    new_message_id(id, sizeof id);
    printf("[%d] message %s from %s to %s: \"%s\"\n", e->ClientID, id, e->Originator, e->Destination, e->Content);
    smppSendSubmitMessageResponse(smsc, e->ClientID, e->SequenceNumber, 0, id, 0);

    if (e->Options & soRequestStatusReport) {
        /* a receipt goes from the original recipient back to the sender */
        rc = smppSendDeliverStatusReport(smsc, e->ClientID, 0, e->Originator, e->OriginatorTON, e->OriginatorNPI,
                                         e->Destination, e->DestinationTON, e->DestinationNPI, rtFinal, id, "", 1, 1,
                                         0 /* submit date: now */, 0 /* done date: now */, msDelivered, 0, e->Content,
                                         "");
        if (rc != 0) printf("[%d] no receipt for %s: %s\n", e->ClientID, id, smscErrorText(rc));
    }
    return 0;
}

static int on_deliver_response(void *userData, const smppDeliverResponseReceivedEventArgs *e) {
    (void)userData;
    printf("[%d] deliver_sm %u answered with status 0x%02X\n", e->ClientID, (unsigned)e->SequenceNumber,
           (unsigned)e->Status);
    return 0;
}

static void on_signal(int sig) {
    (void)sig;
    stopping = 1;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 2775;
    int rc;

    setvbuf(stdout, NULL, _IOLBF, 0); /* callbacks print from several threads */
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    smsc = smppCreateServer();
    smscSetOnTcpConnected(smsc, on_connected, NULL);
    smscSetOnTcpDisconnected(smsc, on_disconnected, NULL);
    smscSetOnSmppLoginReceived(smsc, on_login, NULL);
    smscSetOnSmppSubmitMessageReceived(smsc, on_submit, NULL);
    smscSetOnSmppDeliverResponseReceived(smsc, on_deliver_response, NULL);
    smscSetKeepAliveInterval(smsc, 30); /* enquire_link after 30 s of silence */

    rc = smppInitializeServer(smsc, "127.0.0.1", port, "system-id=ExampleSMSC");
    if (rc != 0) {
        fprintf(stderr, "cannot listen on port %d: %s\n", port, smscErrorText(rc));
        smscDestroyServer(smsc);
        return 1;
    }
    printf("SMSC listening on 127.0.0.1:%d, password \"%s\"; Ctrl-C stops it\n", smscGetLocalPort(smsc), PASSWORD);

    while (!stopping) sleep(1); /* the library does the work on its own threads */

    smscDestroyServer(smsc); /* closes every connection, waits for running callbacks */
    printf("stopped\n");
    return 0;
}
