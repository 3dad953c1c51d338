// node-routeros, a client nobody here wrote, against our simulator.
// Usage: node node_routeros.js HOST PORT USER PASSWORD
// Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on failure.
'use strict';

const assert = require('node:assert/strict');
const { RouterOSAPI } = require('node-routeros');

const [host, port, user, password] = process.argv.slice(2);
let passed = 0;
let failed = 0;

async function check(name, fn) {
  const api = new RouterOSAPI({ host, port: Number(port), user, password, timeout: 5, keepalive: false });
  try {
    await api.connect();
    await fn(api);
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n${error && error.stack ? error.stack : error}`);
  } finally {
    await api.close().catch(() => {});
  }
}

async function main() {
  await check('node-routeros: login, print with .proplist', async (api) => {
    const rows = await api.write('/interface/print', ['=.proplist=.id,name,type,running,rx-byte']);
    const names = rows.map((r) => r.name);
    assert.ok(names.includes('ether1') && names.includes('<pppoe-andi>'), names.join(','));
    const ether1 = rows.find((r) => r.name === 'ether1');
    assert.deepEqual(Object.keys(ether1).sort(), ['.id', 'name', 'running', 'rx-byte', 'type']);
    assert.match(ether1['rx-byte'], /^\d+$/);
    assert.equal(rows.find((r) => r.name === 'ether4').running, 'false');
  });

  await check('node-routeros: ?name= query', async (api) => {
    const rows = await api.write('/interface/print', ['=.proplist=name,comment', '?name=ether3']);
    assert.deepEqual(rows, [{ name: 'ether3', comment: 'AP tower north' }]);
  });

  await check('node-routeros: monitor-traffic once', async (api) => {
    const rows = await api.write('/interface/monitor-traffic', ['=interface=ether1,wlan1', '=once=']);
    assert.deepEqual(rows.map((r) => r.name), ['ether1', 'wlan1']);
    for (const row of rows) assert.ok(Number(row['rx-bits-per-second']) > 0, JSON.stringify(row));
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
