#!/usr/bin/env node
// node `smpp` (npm, pinned in package.json) against the test SMSC.
//
// Started by run.sh with SMPP_PORT / CTRL_PORT. Binds as transceiver and
// sends submit_sm (with a receipt, answered with deliver_sm_resp),
// submit_multi, data_sm, query_sm and cancel_sm, checking both the answers
// the client gets and what the server reported. With `--via raw` the server
// runs with -raw-only: query_sm and cancel_sm reach it as OnSmppRAWReceived
// and are answered with SmppSendRAW; otherwise through the typed events.
'use strict';

const smpp = require('smpp');
const { log, check, ctl, wait, request, run } = require('./rowkit');

const via = process.argv.includes('--via') ? process.argv[process.argv.indexOf('--via') + 1] : 'typed';
const SMPP_PORT = Number(process.env.SMPP_PORT);

async function main() {
  const session = smpp.connect({ host: '127.0.0.1', port: SMPP_PORT });
  await new Promise((resolve, reject) => { session.on('connect', resolve); session.on('error', reject); });
  const delivers = [];
  let notify = () => {};
  session.on('deliver_sm', (pdu) => {
    session.send(pdu.response());
    delivers.push(pdu);
    notify();
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('error', (e) => log('session error', e.message));
  const waitDeliver = (pred, ms = 10000) => new Promise((resolve) => {
    const end = Date.now() + ms;
    const look = () => {
      const d = delivers.find(pred);
      if (d) return resolve(d);
      if (Date.now() > end) return resolve(null);
      notify = look;
      setTimeout(look, 200);
    };
    look();
  });

  // bind_transceiver
  const bind = await request(session, 'bind_transceiver', { system_id: 'nodeuser', password: 'pw', system_type: 'node', interface_version: 0x34 });
  check(bind && bind.command_status === 0, 'bind_transceiver OK', bind && bind.command_status);
  check(bind && bind.system_id === 'interop', 'bind_resp system_id', bind && bind.system_id);
  const b = await wait('bind', { system_id: 'nodeuser' });
  check(b && b.mode === 'trx' && b.version === 0x34 && b.system_type === 'node', 'server saw bind_transceiver v3.4', b);

  // submit_sm with a receipt request and a TLV
  const sub = await request(session, 'submit_sm', {
    source_addr: '12345', destination_addr: '447700900100', short_message: 'Hello from node smpp',
    registered_delivery: 1, user_message_reference: 42,
  });
  check(sub && sub.command_status === 0 && sub.message_id, 'submit_sm answered with a message_id', sub && sub.message_id);
  const id1 = sub && sub.message_id;
  const s1 = await wait('submit', { dst: '447700900100', cmd: 'submit_sm' });
  check(s1 && s1.text === 'Hello from node smpp' && s1.id === id1, 'server saw the submit_sm text and gave that id', s1);
  check(s1 && s1.ext.includes('smpp.tlv.user_message_reference=002A'), 'server saw the user_message_reference TLV', s1 && s1.ext);
  const rcpt = await waitDeliver((d) => d.esm_class === 4);
  if (check(rcpt, 'receipt deliver_sm received')) {
    check(rcpt.receipted_message_id === id1, 'receipt receipted_message_id = submit id', rcpt.receipted_message_id);
    check(rcpt.message_state === 2, 'receipt message_state DELIVERED', rcpt.message_state);
    const txt = rcpt.short_message && rcpt.short_message.message;
    check(typeof txt === 'string' && txt.startsWith('id:' + id1 + ' ') && txt.includes('stat:DELIVRD'), 'receipt text', txt);
    check(rcpt.source_addr === '447700900100' && rcpt.destination_addr === '12345', 'receipt addresses swapped', [rcpt.source_addr, rcpt.destination_addr]);
    const dr = await wait('deliver_resp', { seq: rcpt.sequence_number });
    check(dr && dr.status === 0, 'server got our deliver_sm_resp', dr);
  }

  // node smpp's default coding: GSM 03.38 octets labelled data_coding 0x01
  // (IA5). The server must still read '_' (GSM 0x11) and '@' (GSM 0x00).
  const quirk = await request(session, 'submit_sm', { source_addr: '12345', destination_addr: '447700900101', short_message: 'snake_case @ node' });
  check(quirk && quirk.command_status === 0, 'submit_sm with node smpp default coding answered', quirk && quirk.command_status);
  const qs = await wait('submit', { dst: '447700900101' });
  check(qs && qs.dcs === 1, 'node smpp labelled it data_coding 1', qs && qs.dcs);
  check(qs && qs.text === 'snake_case @ node', 'server decoded the GSM septets under data_coding 1', qs && qs.text);

  // submit_multi: two SMEs and a distribution list
  const multi = await request(session, 'submit_multi', {
    source_addr: '12345',
    dest_address: [
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900201' },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900202' },
      { dl_name: 'friends' },
    ],
    short_message: 'To many',
  });
  check(multi && multi.command_status === 0 && multi.message_id, 'submit_multi answered', multi && [multi.command_status, multi.message_id]);
  check(multi && Array.isArray(multi.unsuccess_sme) && multi.unsuccess_sme.length === 0, 'submit_multi_resp with no unsuccessful SME', multi && multi.unsuccess_sme);
  const sm = await wait('submit', { cmd: 'submit_multi' });
  check(sm && sm.dst === '447700900201;447700900202;friends', 'server saw all submit_multi destinations', sm && sm.dst);
  check(sm && sm.ext.includes('smpp.dest_flags=1,1,2'), 'server saw the dest_flags', sm && sm.ext);
  check(sm && sm.text === 'To many', 'server saw the submit_multi text', sm && sm.text);

  // data_sm with message_payload. node smpp 0.5.1 encodes text as GSM 03.38
  // but labels it data_coding 0x01 (IA5) unless told otherwise, so the
  // coding is given: 0 = GSM default alphabet, with characters that differ
  // between GSM and ASCII.
  const data = await request(session, 'data_sm', {
    source_addr: '12345', destination_addr: '447700900300', data_coding: 0, message_payload: 'data_sm from node @ $',
  });
  check(data && data.command === 'data_sm_resp' && data.command_status === 0 && data.message_id, 'data_sm answered with data_sm_resp', data && [data.command, data.command_status, data.message_id]);
  const ds = await wait('submit', { cmd: 'data_sm' });
  check(ds && ds.dst === '447700900300' && ds.text === 'data_sm from node @ $' && ds.enc === 'et7BitText', 'server saw the data_sm payload (GSM)', ds);

  // query_sm: the delivered message, then an unknown id
  const q1 = await request(session, 'query_sm', { message_id: id1, source_addr: '12345' });
  check(q1 && q1.command_status === 0 && q1.message_id === id1, 'query_sm answered for the id', q1 && [q1.command_status, q1.message_id]);
  check(q1 && q1.message_state === 2, 'query_sm_resp message_state DELIVERED', q1 && q1.message_state);
  check(q1 && q1.final_date instanceof Date && Math.abs(q1.final_date - Date.now()) < 120000, 'query_sm_resp has a recent final_date', q1 && q1.final_date);
  const qe = await wait('query', { id: id1 });
  check(qe && qe.via === via && qe.src === '12345', 'server got query_sm via ' + via, qe);
  const q2 = await request(session, 'query_sm', { message_id: 'nosuchid', source_addr: '12345' });
  check(q2 && q2.command_status === 0x0C, 'query_sm of an unknown id: ESME_RINVMSGID', q2 && q2.command_status);

  // cancel_sm: a message without receipt is still pending, so it can be cancelled
  const sub2 = await request(session, 'submit_sm', { source_addr: '12345', destination_addr: '447700900400', short_message: 'Cancel me' });
  const id2 = sub2 && sub2.message_id;
  const c1 = await request(session, 'cancel_sm', { message_id: id2, source_addr: '12345', destination_addr: '447700900400' });
  check(c1 && c1.command === 'cancel_sm_resp' && c1.command_status === 0, 'cancel_sm answered OK', c1 && c1.command_status);
  const ce = await wait('cancel', { id: id2 });
  check(ce && ce.via === via && ce.cancelled === true, 'server cancelled via ' + via, ce);
  const q3 = await request(session, 'query_sm', { message_id: id2, source_addr: '12345' });
  check(q3 && q3.command_status === 0 && q3.message_state === 4, 'query_sm after cancel: DELETED', q3 && [q3.command_status, q3.message_state]);
  const c2 = await request(session, 'cancel_sm', { message_id: id2, source_addr: '12345', destination_addr: '447700900400' });
  check(c2 && c2.command_status === 0x11, 'second cancel_sm: ESME_RCANCELFAIL', c2 && c2.command_status);

  // enquire_link and unbind
  const el = await request(session, 'enquire_link', {});
  check(el && el.command === 'enquire_link_resp' && el.command_status === 0, 'enquire_link answered', el && el.command);
  const ub = await request(session, 'unbind', {});
  check(ub && ub.command === 'unbind_resp' && ub.command_status === 0, 'unbind answered', ub && ub.command_status);
  const ue = await wait('unbind', {});
  check(ue, 'server saw the unbind');
  session.close();

  const raws = await ctl('/events', { ev: 'raw' });
  check(raws && raws.length === 0, 'no unexpected RAW events', raws);
  const nacks = await ctl('/events', { ev: 'trace', cmd: 'generic_nack' });
  check(nacks && nacks.length === 0, 'no generic_nack', nacks);
}

run(main);
