/*
 * bench_host.c - the C benchmark host: an SMSC that accepts every bind and
 * answers every submit from inside the C callback (direct dispatch unless
 * -m pumped), with no logging, for an external load client to measure.
 *
 *   bench_host [-p port] [-m direct|pumped] [-s seconds]
 *
 * Prints "listening on 127.0.0.1:<port>" once ready, and at the end the
 * number of submits answered. Stops after -s seconds (default 600) or on
 * SIGINT/SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smscserver.h"

static SMSCserver *srv;
static volatile sig_atomic_t stopping;
static pthread_mutex_t count_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long answered, failed;

static int on_login(void *ud, const smppLoginReceivedEventArgs *e) {
    (void)ud;
    smppSendLoginResponse(srv, e->ClientID, e->SequenceNumber, e->BindMode, 0, "");
    return 0;
}

/* The measured path: one answer per submit, the id built without locks. */
static int on_submit(void *ud, const smppSubmitMessageReceivedEventArgs *e) {
    char id[24];
    int rc;
    (void)ud;
    snprintf(id, sizeof id, "%X-%X", (unsigned)e->ClientID, (unsigned)e->SequenceNumber);
    rc = smppSendSubmitMessageResponse(srv, e->ClientID, e->SequenceNumber, 0, id, 0);
    pthread_mutex_lock(&count_mu);
    if (rc == 0) answered++;
    else failed++;
    pthread_mutex_unlock(&count_mu);
    return 0;
}

static void *dispatcher(void *arg) {
    (void)arg;
    while (smscDispatchEvents(srv, 200, 0) >= 0) {
    }
    return NULL;
}

static void on_signal(int sig) {
    (void)sig;
    stopping = 1;
}

int main(int argc, char **argv) {
    int port = 0, mode = SMSC_DISPATCH_DIRECT, seconds = 600, i, rc;
    pthread_t disp;
    time_t until;

    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-p")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-m")) mode = !strcmp(argv[i + 1], "pumped") ? SMSC_DISPATCH_PUMPED : SMSC_DISPATCH_DIRECT;
        else if (!strcmp(argv[i], "-s")) seconds = atoi(argv[i + 1]);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    srv = smppCreateServer();
    smscSetDispatchMode(srv, mode);
    smscSetOnSmppLoginReceived(srv, on_login, NULL);
    smscSetOnSmppSubmitMessageReceived(srv, on_submit, NULL);
    rc = smppInitializeServer(srv, "127.0.0.1", port, "");
    if (rc != 0) {
        fprintf(stderr, "listen: %s\n", smscErrorText(rc));
        return 1;
    }
    if (mode == SMSC_DISPATCH_PUMPED) pthread_create(&disp, NULL, dispatcher, NULL);
    printf("listening on 127.0.0.1:%d (%s dispatch)\n", smscGetLocalPort(srv),
           mode == SMSC_DISPATCH_PUMPED ? "pumped" : "direct");
    fflush(stdout);

    until = time(NULL) + seconds;
    while (!stopping && time(NULL) < until) sleep(1);

    smscDestroyServer(srv);
    if (mode == SMSC_DISPATCH_PUMPED) pthread_join(disp, NULL);
    printf("answered %lu submits (%lu answers refused)\n", answered, failed);
    return 0;
}
