#!/usr/bin/env node
// The node `smpp` server (npm, version pinned in package.json and
// package-lock.json) as a peer in the benchmark: it accepts every bind and
// answers every submit_sm with a unique message id, the same work as the
// library's hosts.
//
//   node server.js [port]     prints "port N"; stops when stdin closes
'use strict';

const smpp = require('smpp');

let nextId = 0;
const server = smpp.createServer((session) => {
  const bind = (pdu) => session.send(pdu.response({ system_id: 'node' }));
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('bind_receiver', bind);
  session.on('submit_sm', (pdu) => session.send(pdu.response({ message_id: String(++nextId) })));
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { session.send(pdu.response()); session.close(); });
  session.on('error', () => {});
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log('port ' + server.address().port);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
