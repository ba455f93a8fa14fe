/*
 * smpp_client.h - a minimal blocking SMPP 3.4 client (ESME) over POSIX
 * sockets, for the C tests: it writes PDUs byte by byte as docs/protocols.md
 * (SMPP) lays them out and parses what the server sends back. No allocation.
 */
#ifndef SMSC_TESTS_SMPP_CLIENT_H
#define SMSC_TESTS_SMPP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

/* command ids (docs/protocols.md, "SMPP / Command ids") */
#define CMD_GENERIC_NACK     0x80000000u
#define CMD_BIND_RECEIVER    0x00000001u
#define CMD_BIND_TRANSMITTER 0x00000002u
#define CMD_QUERY_SM         0x00000003u
#define CMD_SUBMIT_SM        0x00000004u
#define CMD_DELIVER_SM       0x00000005u
#define CMD_UNBIND           0x00000006u
#define CMD_REPLACE_SM       0x00000007u
#define CMD_CANCEL_SM        0x00000008u
#define CMD_BIND_TRANSCEIVER 0x00000009u
#define CMD_ENQUIRE_LINK     0x00000015u
#define CMD_SUBMIT_MULTI     0x00000021u
#define CMD_DATA_SM          0x00000103u
#define CMD_RESP             0x80000000u

#define SMPP_MAX_PDU 8192

/* A PDU body under construction. */
typedef struct pbuf {
    uint8_t b[SMPP_MAX_PDU];
    size_t n;
} pbuf;

void pb_reset(pbuf *p);
void pb_u8(pbuf *p, uint8_t v);
void pb_u16(pbuf *p, uint16_t v);
void pb_u32(pbuf *p, uint32_t v);
void pb_cstr(pbuf *p, const char *s); /* with its NUL */
void pb_bytes(pbuf *p, const void *v, size_t n);
void pb_tlv(pbuf *p, uint16_t tag, const void *v, uint16_t n);

/* A received PDU. */
typedef struct smpp_pdu {
    uint32_t len, cmd, status, seq;
    uint8_t body[SMPP_MAX_PDU];
    size_t body_len;
} smpp_pdu;

/* Reading a body field by field; reads past the end yield 0 / "". */
typedef struct preader {
    const uint8_t *p;
    size_t n, off;
} preader;

void pr_init(preader *r, const smpp_pdu *pdu);
uint8_t pr_u8(preader *r);
uint16_t pr_u16(preader *r);
uint32_t pr_u32(preader *r);
void pr_cstr(preader *r, char *out, size_t cap);
void pr_bytes(preader *r, void *out, size_t n);
/* Finds TLV tag among the TLVs from the reader's position on; copies at
 * most cap octets of its value to out and returns its length, or -1. */
int pr_find_tlv(const preader *r, uint16_t tag, void *out, size_t cap);

typedef struct smpp_client {
    int fd;
    uint32_t next_seq;
    uint8_t rbuf[2 * SMPP_MAX_PDU];
    size_t rlen;
} smpp_client;

/* Connects to 127.0.0.1:port. Returns 0 or -errno. */
int sc_connect(smpp_client *c, int port);
void sc_close(smpp_client *c);
/* The client's own port (what the server reports as RemotePort). */
int sc_local_port(const smpp_client *c);

uint32_t sc_next_seq(smpp_client *c);
/* Sends one PDU. Returns 0 or -errno. */
int sc_send(smpp_client *c, uint32_t cmd, uint32_t status, uint32_t seq, const pbuf *body);
/* Sends raw octets (for broken PDUs). */
int sc_send_raw(smpp_client *c, const void *b, size_t n);
/* Receives one PDU: 1 = got one, 0 = timeout, -1 = connection closed or
 * broken. */
int sc_recv(smpp_client *c, smpp_pdu *p, int timeout_ms);
/* Receives until a PDU with this command id (and sequence number unless
 * seq is 0) arrives; answers enquire_link on the way. 1 / 0 / -1 as
 * sc_recv. */
int sc_expect(smpp_client *c, uint32_t cmd, uint32_t seq, smpp_pdu *p, int timeout_ms);
/* 1 when the server closes the connection within timeout_ms (PDUs on the
 * way are dropped), else 0. */
int sc_wait_closed(smpp_client *c, int timeout_ms);
/* 1 when nothing at all arrives within timeout_ms. */
int sc_quiet(smpp_client *c, int timeout_ms);

/* Request bodies. */
void body_bind(pbuf *p, const char *system_id, const char *password, const char *system_type,
               uint8_t version, uint8_t ton, uint8_t npi, const char *range);
void body_submit(pbuf *p, const char *src, const char *dst, uint8_t esm, uint8_t regdel, uint8_t dcs,
                 const void *sm, size_t sm_len);
/* Binds and waits for the answer: returns its command_status, or -1. */
long sc_bind(smpp_client *c, uint32_t cmd, const char *system_id, const char *password, int timeout_ms);

#endif
