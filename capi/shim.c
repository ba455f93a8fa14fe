/*
 * The C side of capi that is not generated: the callback trampoline, the
 * table of process-lifetime blocks, and the public functions that are more
 * than a forwarder to their go* export. Every other public function of
 * include/smscserver.h is a generated forwarder in zshim.c.
 */
#include "smscserver.h"
#include "trampoline.h"
#include "_cgo_export.h"

#include <stdlib.h>
#include <string.h>

/* The lock of the keep table. Windows has no pthreads without an extra DLL
 * (mingw's winpthreads), so it gets its own slim lock, statically
 * initialised like the pthread mutex. */
#ifdef _WIN32
#include <windows.h>
static SRWLOCK keep_mu = SRWLOCK_INIT;
#define keep_lock() AcquireSRWLockExclusive(&keep_mu)
#define keep_unlock() ReleaseSRWLockExclusive(&keep_mu)
#else
#include <pthread.h>
static pthread_mutex_t keep_mu = PTHREAD_MUTEX_INITIALIZER;
#define keep_lock() pthread_mutex_lock(&keep_mu)
#define keep_unlock() pthread_mutex_unlock(&keep_mu)
#endif

static __thread int smsc_callback_depth;

static void **keep_roots;
static size_t keep_len, keep_cap;

void capi_keep(void *p) {
    keep_lock();
    if (keep_len == keep_cap) {
        size_t n = keep_cap ? 2 * keep_cap : 64;
        void **r = realloc(keep_roots, n * sizeof *r);
        if (!r) { /* out of memory: the block just stays unrecorded */
            keep_unlock();
            return;
        }
        keep_roots = r;
        keep_cap = n;
    }
    keep_roots[keep_len++] = p;
    keep_unlock();
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
const char *smscVersion(void) { return SMSCSERVER_VERSION; }

/* smscDestroyServer must not wait for callbacks when it is called from one
 * (it would wait for itself); only C knows whether this thread is inside a
 * callback. */
int smscDestroyServer(SMSCserver *h) { return goSmscDestroyServer(h, smsc_callback_depth > 0); }
