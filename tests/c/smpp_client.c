/* smpp_client.c - see smpp_client.h */
#define _POSIX_C_SOURCE 200809L
#include "portable.h"
#include "smpp_client.h"

#include <string.h>
#include <sys/types.h>
#include <time.h>

/* ---------------------------------------------------------------- builder */

void pb_reset(pbuf *p) { p->n = 0; }

static void pb_put(pbuf *p, const void *v, size_t n) {
    if (p->n + n > sizeof p->b) n = sizeof p->b - p->n; /* truncate, never overflow */
    memcpy(p->b + p->n, v, n);
    p->n += n;
}

void pb_u8(pbuf *p, uint8_t v) { pb_put(p, &v, 1); }
void pb_u16(pbuf *p, uint16_t v) {
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    pb_put(p, b, 2);
}
void pb_u32(pbuf *p, uint32_t v) {
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    pb_put(p, b, 4);
}
void pb_cstr(pbuf *p, const char *s) { pb_put(p, s, strlen(s) + 1); }
void pb_bytes(pbuf *p, const void *v, size_t n) { pb_put(p, v, n); }
void pb_tlv(pbuf *p, uint16_t tag, const void *v, uint16_t n) {
    pb_u16(p, tag);
    pb_u16(p, n);
    pb_put(p, v, n);
}

/* ----------------------------------------------------------------- reader */

void pr_init(preader *r, const smpp_pdu *pdu) {
    r->p = pdu->body;
    r->n = pdu->body_len;
    r->off = 0;
}

uint8_t pr_u8(preader *r) { return r->off < r->n ? r->p[r->off++] : 0; }
uint16_t pr_u16(preader *r) {
    uint16_t hi = pr_u8(r);
    return (uint16_t)(hi << 8 | pr_u8(r));
}
uint32_t pr_u32(preader *r) {
    uint32_t hi = pr_u16(r);
    return hi << 16 | pr_u16(r);
}
void pr_cstr(preader *r, char *out, size_t cap) {
    size_t i = 0;
    while (r->off < r->n) {
        char ch = (char)r->p[r->off++];
        if (ch == 0) break;
        if (i + 1 < cap) out[i++] = ch;
    }
    if (cap) out[i] = 0;
}
void pr_bytes(preader *r, void *out, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) ((uint8_t *)out)[i] = pr_u8(r);
}
int pr_find_tlv(const preader *r, uint16_t tag, void *out, size_t cap) {
    size_t off = r->off;
    while (off + 4 <= r->n) {
        uint16_t t = (uint16_t)(r->p[off] << 8 | r->p[off + 1]);
        uint16_t l = (uint16_t)(r->p[off + 2] << 8 | r->p[off + 3]);
        off += 4;
        if (off + l > r->n) return -1;
        if (t == tag) {
            memcpy(out, r->p + off, l < cap ? l : cap);
            return l;
        }
        off += l;
    }
    return -1;
}

/* ----------------------------------------------------------------- client */

int sc_connect(smpp_client *c, int port) {
    struct sockaddr_in a;
    int one = 1;
    memset(c, 0, sizeof *c);
    c->next_seq = 1;
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0) return -sock_error();
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0) {
        int e = sock_error();
        sock_close(c->fd);
        c->fd = -1;
        return -e;
    }
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, (const void *)&one, sizeof one);
    return 0;
}

void sc_close(smpp_client *c) {
    if (c->fd >= 0) sock_close(c->fd);
    c->fd = -1;
}

int sc_local_port(const smpp_client *c) {
    struct sockaddr_in a;
    socklen_t n = sizeof a;
    if (getsockname(c->fd, (struct sockaddr *)&a, &n) != 0) return -1;
    return ntohs(a.sin_port);
}

uint32_t sc_next_seq(smpp_client *c) { return c->next_seq++; }

int sc_send_raw(smpp_client *c, const void *b, size_t n) {
    const uint8_t *p = b;
    while (n > 0) {
        ssize_t w = sock_send(c->fd, p, n);
        if (w < 0) {
            if (sock_error() == SOCK_EINTR) continue;
            return -sock_error();
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int sc_send(smpp_client *c, uint32_t cmd, uint32_t status, uint32_t seq, const pbuf *body) {
    /* header and body in one write, so that a PDU is one segment; sized
     * for the largest body (a pbuf of its own would truncate it) */
    uint8_t pdu[16 + SMPP_MAX_PDU];
    size_t n = body ? body->n : 0;
    uint32_t h[4];
    int i;
    h[0] = (uint32_t)(16 + n);
    h[1] = cmd;
    h[2] = status;
    h[3] = seq;
    for (i = 0; i < 4; i++) {
        pdu[4 * i] = (uint8_t)(h[i] >> 24);
        pdu[4 * i + 1] = (uint8_t)(h[i] >> 16);
        pdu[4 * i + 2] = (uint8_t)(h[i] >> 8);
        pdu[4 * i + 3] = (uint8_t)h[i];
    }
    if (n) memcpy(pdu + 16, body->b, n);
    return sc_send_raw(c, pdu, 16 + n);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t be32(const uint8_t *b) {
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Takes one complete PDU out of rbuf if there is one: 1 yes, 0 no, -1 bad. */
static int take(smpp_client *c, smpp_pdu *p) {
    uint32_t len;
    if (c->rlen < 16) return 0;
    len = be32(c->rbuf);
    if (len < 16 || len > 16 + SMPP_MAX_PDU) return -1;
    if (c->rlen < len) return 0;
    p->len = len;
    p->cmd = be32(c->rbuf + 4);
    p->status = be32(c->rbuf + 8);
    p->seq = be32(c->rbuf + 12);
    p->body_len = len - 16;
    memcpy(p->body, c->rbuf + 16, p->body_len);
    memmove(c->rbuf, c->rbuf + len, c->rlen - len);
    c->rlen -= len;
    return 1;
}

int sc_recv(smpp_client *c, smpp_pdu *p, int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        struct pollfd pfd;
        ssize_t r;
        int t = take(c, p), left;
        if (t != 0) return t;
        if (c->fd < 0) return -1;
        left = (int)(deadline - now_ms());
        if (left < 0) left = 0;
        pfd.fd = c->fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        r = sock_poll(&pfd, 1, left);
        if (r < 0 && sock_error() == SOCK_EINTR) continue;
        if (r == 0) return 0;
        if (r < 0) return -1;
        r = sock_recv(c->fd, c->rbuf + c->rlen, sizeof c->rbuf - c->rlen);
        if (r < 0 && sock_error() == SOCK_EINTR) continue;
        if (r <= 0) return -1;
        c->rlen += (size_t)r;
    }
}

int sc_expect(smpp_client *c, uint32_t cmd, uint32_t seq, smpp_pdu *p, int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int left = (int)(deadline - now_ms()), r;
        if (left < 0) left = 0;
        r = sc_recv(c, p, left);
        if (r <= 0) return r;
        if (p->cmd == cmd && (seq == 0 || p->seq == seq)) return 1;
        if (p->cmd == CMD_ENQUIRE_LINK) sc_send(c, CMD_ENQUIRE_LINK | CMD_RESP, 0, p->seq, NULL);
    }
}

int sc_wait_closed(smpp_client *c, int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    smpp_pdu p;
    for (;;) {
        int left = (int)(deadline - now_ms()), r;
        if (left < 0) left = 0;
        r = sc_recv(c, &p, left);
        if (r < 0) return 1;
        if (r == 0) return 0;
    }
}

int sc_quiet(smpp_client *c, int timeout_ms) {
    smpp_pdu p;
    return sc_recv(c, &p, timeout_ms) == 0;
}

void body_bind(pbuf *p, const char *system_id, const char *password, const char *system_type,
               uint8_t version, uint8_t ton, uint8_t npi, const char *range) {
    pb_reset(p);
    pb_cstr(p, system_id);
    pb_cstr(p, password);
    pb_cstr(p, system_type);
    pb_u8(p, version);
    pb_u8(p, ton);
    pb_u8(p, npi);
    pb_cstr(p, range);
}

void body_submit(pbuf *p, const char *src, const char *dst, uint8_t esm, uint8_t regdel, uint8_t dcs,
                 const void *sm, size_t sm_len) {
    pb_reset(p);
    pb_cstr(p, "");   /* service_type */
    pb_u8(p, 1);      /* source ton */
    pb_u8(p, 1);      /* source npi */
    pb_cstr(p, src);
    pb_u8(p, 1);      /* dest ton */
    pb_u8(p, 1);      /* dest npi */
    pb_cstr(p, dst);
    pb_u8(p, esm);
    pb_u8(p, 0);      /* protocol_id */
    pb_u8(p, 0);      /* priority_flag */
    pb_cstr(p, "");   /* schedule_delivery_time */
    pb_cstr(p, "");   /* validity_period */
    pb_u8(p, regdel);
    pb_u8(p, 0);      /* replace_if_present_flag */
    pb_u8(p, dcs);
    pb_u8(p, 0);      /* sm_default_msg_id */
    pb_u8(p, (uint8_t)sm_len);
    pb_bytes(p, sm, sm_len);
}

long sc_bind(smpp_client *c, uint32_t cmd, const char *system_id, const char *password, int timeout_ms) {
    pbuf b;
    smpp_pdu p;
    uint32_t seq = sc_next_seq(c);
    body_bind(&b, system_id, password, "", 0x34, 0, 0, "");
    if (sc_send(c, cmd, 0, seq, &b) != 0) return -1;
    if (sc_expect(c, cmd | CMD_RESP, seq, &p, timeout_ms) != 1) return -1;
    return (long)p.status;
}
