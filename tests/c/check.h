/*
 * check.h - the smallest useful assertion helper for the C tests.
 *
 * CHECK(cond) and its typed variants record one check; a failing check
 * prints file:line, the expression and the values, and marks the running
 * test as failed, but never aborts (the next checks still run, and a test
 * always cleans up after itself). Checks are thread-safe: callbacks on
 * library threads may use them.
 *
 *   TEST_BEGIN("name");  ... CHECK_EQ(a, b); ...  TEST_END();
 *   return check_summary();   prints "N passed, N failed", returns 0 or 1
 *
 * Header-only: include it in exactly one .c file.
 */
#ifndef SMSC_TESTS_CHECK_H
#define SMSC_TESTS_CHECK_H

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t check_mu = PTHREAD_MUTEX_INITIALIZER;
static long check_count, check_failures_in_test;
static int tests_passed, tests_failed;
static const char *check_test_name = "(none)";
static const char *check_test_mode = "";

#if defined(__GNUC__)
static int check_record(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#endif

static int check_record(int ok, const char *file, int line, const char *fmt, ...) {
    pthread_mutex_lock(&check_mu);
    check_count++;
    if (!ok) {
        va_list ap;
        check_failures_in_test++;
        fprintf(stdout, "  FAIL %s [%s] %s:%d: ", check_test_name, check_test_mode, file, line);
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        fflush(stdout);
    }
    pthread_mutex_unlock(&check_mu);
    return ok;
}

#define CHECK(c) check_record(!!(c), __FILE__, __LINE__, "%s", #c)
#define CHECK_MSG(c, ...) check_record(!!(c), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_EQ(a, b)                                                                    \
    do {                                                                                  \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                   \
        check_record(check_a_ == check_b_, __FILE__, __LINE__, "%s == %s (%lld vs %lld)", \
                     #a, #b, check_a_, check_b_);                                         \
    } while (0)
#define CHECK_STR(a, b)                                                                    \
    do {                                                                                   \
        const char *check_a_ = (a), *check_b_ = (b);                                       \
        check_record(check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0, __FILE__,    \
                     __LINE__, "%s == %s (\"%s\" vs \"%s\")", #a, #b,                      \
                     check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");      \
    } while (0)
#define CHECK_CONTAINS(hay, needle)                                                           \
    do {                                                                                      \
        const char *check_h_ = (hay), *check_n_ = (needle);                                   \
        check_record(check_h_ && strstr(check_h_, check_n_) != NULL, __FILE__, __LINE__,      \
                     "%s contains \"%s\" (\"%s\")", #hay, check_n_, check_h_ ? check_h_ : "(null)"); \
    } while (0)

static void test_begin(const char *name, const char *mode) {
    pthread_mutex_lock(&check_mu);
    check_test_name = name;
    check_test_mode = mode;
    check_failures_in_test = 0;
    pthread_mutex_unlock(&check_mu);
}

static void test_end(void) {
    pthread_mutex_lock(&check_mu);
    if (check_failures_in_test == 0) {
        tests_passed++;
        printf("ok   %s [%s]\n", check_test_name, check_test_mode);
    } else {
        tests_failed++;
        printf("FAIL %s [%s] (%ld failed checks)\n", check_test_name, check_test_mode, check_failures_in_test);
    }
    fflush(stdout);
    pthread_mutex_unlock(&check_mu);
}

/* Prints the closing line CI reads and returns the exit status. */
static int check_summary(void) {
    printf("%ld checks\n", check_count);
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    fflush(stdout);
    return tests_failed == 0 && tests_passed > 0 ? 0 : 1;
}

#endif
