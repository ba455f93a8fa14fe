/*
 * bcryptprimitives.dll for the Wine test prefix only: exports ProcessPrng.
 *
 * Go's runtime (since Go 1.22) gets its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10 and later has. Debian's
 * Wine 8.0 lacks the function, so any Go DLL, smscserver.dll included, dies
 * at start-up under it. This shim answers with RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine has.
 *
 * Real Windows needs no shim and none is shipped: mk/windows.mk copies this
 * DLL into the private prefix build/wine/prefix only, for make ctest-wine.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    /* RtlGenRandom takes a ULONG length: fill larger requests in chunks. */
    while (size > 0) {
        ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!SystemFunction036(data, n)) {
            return FALSE;
        }
        data += n;
        size -= n;
    }
    return TRUE;
}
