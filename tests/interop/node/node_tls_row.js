#!/usr/bin/env node
// node `smpp` (npm, pinned in package.json) over TLS against the test SMSC.
//
// Started by run.sh with SMPP_PORT / CTRL_PORT / ROW_DIR; the server runs
// with -tls, so ROW_DIR holds tls-ca.pem (made at its start). node smpp
// 0.5.1 takes `url: 'ssmpp://host:port'` and hands the other options to
// Node's tls.connect (here `ca`), which checks the certificate and its
// IP address. Checks: the handshake (TLS 1.3), OnTcpConnected's
// tls.version, bind_transceiver, submit_sm with a receipt that the server
// writes back over TLS, enquire_link, unbind; and that node refuses the
// server when it does not trust the CA (no OnTcpConnected for that one).
'use strict';

const fs = require('fs');
const path = require('path');
const smpp = require('smpp');
const { log, check, ctl, wait, request, run } = require('./rowkit');

const SMPP_PORT = Number(process.env.SMPP_PORT);
const CA = fs.readFileSync(path.join(process.env.ROW_DIR, 'tls-ca.pem'));

async function main() {
  // A client that does not trust the server's CA: node refuses it.
  const bad = smpp.connect({ url: 'ssmpp://127.0.0.1:' + SMPP_PORT });
  const badErr = await new Promise((resolve) => {
    bad.on('secureConnect', () => resolve(null));
    bad.on('error', (e) => resolve(e));
    setTimeout(() => resolve('timeout'), 10000);
  });
  log('refused with', badErr && (badErr.code || String(badErr)));
  check(badErr && badErr.code, 'node refuses a server whose CA it does not trust', badErr && (badErr.code || String(badErr)));
  bad.close && bad.close();

  const session = smpp.connect({ url: 'ssmpp://127.0.0.1:' + SMPP_PORT, ca: CA });
  const err = await new Promise((resolve) => {
    session.on('secureConnect', () => resolve(null));
    session.on('error', (e) => resolve(e));
  });
  if (!check(!err, 'TLS handshake with the test CA', err && err.message)) return;
  check(session.socket.getProtocol() === 'TLSv1.3', 'TLS 1.3 negotiated', session.socket.getProtocol());
  const delivers = [];
  session.on('deliver_sm', (pdu) => { session.send(pdu.response()); delivers.push(pdu); });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('error', (e) => log('session error', e.message));

  const con = await wait('connect', {});
  check(con && con.ext.startsWith('tls.version=TLS1.3;tls.cipher=TLS_'), 'OnTcpConnected reports tls.version and tls.cipher', con && con.ext);
  const conns = await ctl('/events', { ev: 'connect' });
  check(conns && conns.length === 1, 'no OnTcpConnected for the refused handshake', conns);

  const bind = await request(session, 'bind_transceiver', { system_id: 'nodetls', password: 'pw', interface_version: 0x34 });
  check(bind && bind.command_status === 0, 'bind_transceiver over TLS', bind && bind.command_status);
  const sub = await request(session, 'submit_sm', {
    source_addr: '12345', destination_addr: '447700900150', short_message: 'Hello over TLS from node smpp',
    registered_delivery: 1,
  });
  check(sub && sub.command_status === 0 && sub.message_id, 'submit_sm answered with a message_id', sub && sub.message_id);
  const s1 = await wait('submit', { dst: '447700900150' });
  check(s1 && s1.text === 'Hello over TLS from node smpp', 'server saw the text', s1);
  const end = Date.now() + 10000;
  while (Date.now() < end && !delivers.some((d) => d.esm_class === 4)) await new Promise((r) => setTimeout(r, 100));
  const rcpt = delivers.find((d) => d.esm_class === 4);
  check(rcpt && rcpt.receipted_message_id === (sub && sub.message_id), 'receipt deliver_sm over TLS', rcpt && rcpt.receipted_message_id);
  const el = await request(session, 'enquire_link', {});
  check(el && el.command_status === 0, 'enquire_link answered', el && el.command_status);
  const ub = await request(session, 'unbind', {});
  check(ub && ub.command_status === 0, 'unbind answered', ub && ub.command_status);
  session.close();
  const d = await wait('disconnect', { client: con ? con.client : -1 });
  check(d, 'OnTcpDisconnected after the session', d);
}

run(main);
