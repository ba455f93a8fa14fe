// What the node rows share: checks that log and count their failures, the
// test SMSC's control API (CTRL_PORT: /events, /wait) and one-PDU requests.
'use strict';

const CTRL = 'http://127.0.0.1:' + process.env.CTRL_PORT;
const failures = [];

function log(...a) { console.log(new Date().toISOString().slice(11, 19), ...a); }

function check(cond, what, detail) {
  if (cond) log('ok  ', what);
  else { log('FAIL', what, detail === undefined ? '' : JSON.stringify(detail)); failures.push(what); }
  return cond;
}

async function ctl(path, params, timeoutMs = 15000) {
  const q = new URLSearchParams(params || {}).toString();
  const r = await fetch(CTRL + path + (q ? '?' + q : ''), { signal: AbortSignal.timeout(timeoutMs) });
  return r.status === 200 ? r.json() : null;
}

const wait = (ev, fields, timeout = 10) => ctl('/wait', { ev, timeout, ...fields }, (timeout + 5) * 1000);

// request sends one PDU and resolves with its response (or null after 10 s).
function request(session, command, params) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), 10000);
    const sent = session[command](params, (pdu) => { clearTimeout(t); resolve(pdu); });
    if (!sent) { clearTimeout(t); resolve(null); }
  });
}

// run runs a row's main and exits 0 only when every check passed.
function run(main) {
  main().then(() => {
    if (failures.length) { log(failures.length + ' check(s) failed: ' + failures.join('; ')); process.exit(1); }
    log('all checks passed');
    process.exit(0);
  }, (e) => { log('FAIL exception', e && e.stack); process.exit(1); });
}

module.exports = { log, check, ctl, wait, request, run };
