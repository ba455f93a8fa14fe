/*
 * chost: the benchmark host in C over the same C ABI, for comparison with
 * host.py. Answers binds and submits (message id = the sequence number) from
 * C callbacks, in pumped mode on the main thread (like the Python binding's
 * dispatcher thread) or in direct mode. Prints "port N"; on stdin lines
 * "mark" prints "events E cpu S" (S = CPU seconds of the thread running the
 * callbacks in pumped mode, of the process in direct mode); EOF or "quit" stops.
 *
 *   cc -O2 -I include -o chost bindings/python/bench/chost.c -L build -lsmscserver -lpthread
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smscserver.h"

static SMSCserver *h;
static atomic_long events;
static atomic_int stop;
static clockid_t cpu_clock = CLOCK_PROCESS_CPUTIME_ID;

static int on_login(void *ud, const smppLoginReceivedEventArgs *e) {
    (void)ud;
    smppSendLoginResponse(h, e->ClientID, e->SequenceNumber, e->BindMode, 0, "");
    return 0;
}

static int on_submit(void *ud, const smppSubmitMessageReceivedEventArgs *e) {
    char id[16];
    (void)ud;
    snprintf(id, sizeof id, "%u", e->SequenceNumber);
    smppSendSubmitMessageResponse(h, e->ClientID, e->SequenceNumber, 0, id, 0);
    atomic_fetch_add(&events, 1);
    return 0;
}

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(cpu_clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *stdin_loop(void *arg) {
    char line[64];
    (void)arg;
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "mark", 4) == 0) {
            printf("events %ld cpu %.6f\n", atomic_load(&events), cpu_seconds());
            fflush(stdout);
        } else if (strncmp(line, "quit", 4) == 0) {
            break;
        }
    }
    atomic_store(&stop, 1);
    smscWakeDispatcher(h);
    return NULL;
}

int main(int argc, char **argv) {
    int pumped = !(argc > 1 && strcmp(argv[1], "direct") == 0);
    pthread_t t;
    h = smppCreateServer();
    if (pumped) {
        smscSetDispatchMode(h, SMSC_DISPATCH_PUMPED);
        pthread_getcpuclockid(pthread_self(), &cpu_clock);
    }
    smscSetOnSmppLoginReceived(h, on_login, NULL);
    smscSetOnSmppSubmitMessageReceived(h, on_submit, NULL);
    if (smppInitializeServer(h, "127.0.0.1", 0, "") != 0) {
        fprintf(stderr, "init failed\n");
        return 1;
    }
    printf("port %d\n", smscGetLocalPort(h));
    fflush(stdout);
    pthread_create(&t, NULL, stdin_loop, NULL);
    while (!atomic_load(&stop)) {
        if (pumped) {
            if (smscDispatchEvents(h, -1, 256) < 0)
                break;
        } else {
            struct timespec ts = {0, 50000000};
            nanosleep(&ts, NULL);
        }
    }
    pthread_join(t, NULL);
    smscDestroyServer(h);
    return 0;
}
