// Real processes for end-to-end tests: the standalone simulator with its control port, and
// dashboards the tests can kill and restart. Everything listens on loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

import { dashboardBinary as bin, root } from '../dashboard-binary';

export { root };

/** Listens on `port` (0: one the kernel picks) and lets it go; resolves with the port, or null when it is taken. */
function tryPort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const FETCH_BAD_PORT = 10_080;

/** The first port of the range the kernel gives out by itself (to outgoing connections, to port 0). */
function ephemeralLow(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    // not Linux
  }
  return 32768;
}

/**
 * A port free now, picked below the kernel's ephemeral range: no connection the browser or a
 * server opens can take it later, so a dashboard stopped on it can be started on it again.
 */
export async function freePort(): Promise<number> {
  const [first, end] = [10_000, ephemeralLow()];
  for (let tries = 0; end - first >= 1_000 && tries < 50; tries++) {
    const candidate = first + Math.floor(Math.random() * (end - first));
    // The Fetch standard's one "bad port" in this range: Node's fetch and chromium refuse it,
    // so a server there never seems to answer (it failed a test run once).
    if (candidate === FETCH_BAD_PORT) continue;
    const port = await tryPort(candidate);
    if (port !== null) return port;
  }
  // An unusual ephemeral range: any port the kernel finds free, but the bad one.
  for (let tries = 0; tries < 10; tries++) {
    const port = await tryPort(0);
    if (port !== null && port !== FETCH_BAD_PORT) return port;
  }
  throw new Error('no free port on 127.0.0.1');
}

/** Resolves once `url` answers 2xx; fails if `process` exits first or time runs out. */
async function answering(url: string, process: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${url}: the process exited with ${process.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

interface Started {
  child: ChildProcess;
  /** Resolves once the process has exited and its output is read to the end. */
  closed: Promise<unknown>;
  /**
   * Whether the process said it could not listen on one of `ports` because it was in use: a
   * port freePort() picked can still be taken before the process binds it, by a socket bound to
   * it by number.
   */
  tookPort(ports: number[]): boolean;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(bin, args, { cwd: root, env: { ...process.env, RUST_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise((r) => child.once('close', r));
  let tail = '';
  for (const [from, to] of [
    [child.stdout!, process.stdout],
    [child.stderr!, process.stderr],
  ] as const) {
    from.on('data', (chunk: Buffer) => {
      to.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
    });
  }
  const tookPort = (ports: number[]) =>
    ports.some((port) => tail.includes(`cannot listen on 127.0.0.1:${port}`)) && /Address already in use/.test(tail);
  return { child, closed, tookPort };
}

/** Waits until `started` answers at `readyUrl`; a process still running but never ready is stopped. */
async function ready(started: Started, readyUrl: string): Promise<void> {
  try {
    await answering(readyUrl, started.child);
  } catch (error) {
    if (started.child.exitCode === null) await stop(started.child);
    throw error;
  }
}

/**
 * Starts a process on `count` ports freePort() picked, answering at `readyUrl`. When a port was
 * taken between the pick and the bind, and only then, it starts again on newly picked ports.
 */
async function startOnFreePorts(
  count: number,
  launch: (ports: number[]) => { started: Started; readyUrl: string },
): Promise<{ child: ChildProcess; ports: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const { started, readyUrl } = launch(ports);
    try {
      await ready(started, readyUrl);
      return { child: started.child, ports };
    } catch (error) {
      await started.closed;
      if (!started.tookPort(ports) || attempt === 3) throw error;
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export interface Simulator {
  api: number;
  faults(faults: Record<string, unknown>): Promise<void>;
  clear(): Promise<void>;
  /** A PPPoE customer hangs up: the interface is gone from the router for an hour. */
  hangUp(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulator(): Promise<Simulator> {
  const { child, ports } = await startOnFreePorts(2, ([api, control]) => ({
    started: start(['simulate', '--listen', `127.0.0.1:${api}`, '--control', `127.0.0.1:${control}`], {}),
    readyUrl: `http://127.0.0.1:${control}/stats`,
  }));
  const [api, control] = ports;
  const controlUrl = `http://127.0.0.1:${control}`;
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${controlUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  };
  return {
    api,
    faults: (faults) => post('/faults', faults),
    clear: () => post('/faults/clear'),
    hangUp: (name) => post(`/hang-up/${encodeURIComponent(name)}`),
    stop: () => stop(child),
  };
}

/** Timings sped up so outages play out in seconds (configurable, like every deployment). */
export const FAST_TIMINGS: Record<string, string> = {
  ROUTEROS_POLL_INTERVAL_MS: '500',
  ROUTEROS_POLL_TIMEOUT_MS: '1500',
  ROUTEROS_COMMAND_TIMEOUT_MS: '700',
  ROUTEROS_CACHE_TTL_MS: '500',
  ROUTEROS_STALE_LIMIT_MS: '3000',
  ROUTEROS_RECOVERY_FAILURES: '5',
  ROUTEROS_RECOVERY_PAUSE_MS: '1500',
};

/** A fresh data directory, for a server of its own. */
export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'routeros-traffic-e2e-'));
}

/** `routeros-traffic users add` on `dataDir`, the password on standard input. */
export async function addUser(dataDir: string, name: string, role: 'admin' | 'viewer', password: string): Promise<void> {
  const child = spawn(bin, ['users', 'add', name, '--role', role, '--password-stdin'], {
    cwd: root,
    env: { ...process.env, ROUTEROS_TRAFFIC_DATA_DIR: dataDir, RUST_LOG: 'warn' },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin!.end(`${password}\n`);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
}

/** The demo router the default server shows, and its page. */
export const DEMO_ROUTER = 'demo-core';
export const demoPage = `/routers/${DEMO_ROUTER}`;

export interface Dashboard {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A server of its own, on a fresh data directory unless it restarts on `dataDir`, and on a port
 * picked for it unless it restarts on `port`.
 */
export async function startDashboard(env: Record<string, string>, port?: number, dataDir?: string): Promise<Dashboard> {
  const dir = dataDir ?? newDataDir();
  const launch = (port: number) => ({
    started: start([], {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      ROUTEROS_TRAFFIC_DATA_DIR: dir,
      ...env,
    }),
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
  let child: ChildProcess;
  if (port === undefined) {
    ({ child, ports: [port] } = await startOnFreePorts(1, ([port]) => launch(port)));
  } else {
    const { started, readyUrl } = launch(port);
    await ready(started, readyUrl);
    child = started.child;
  }
  return { url: `http://127.0.0.1:${port}`, port, dataDir: dir, stop: () => stop(child) };
}

/** Ticks the named interfaces in the selector. */
export async function select(page: Page, names: string[]): Promise<void> {
  for (const name of names) {
    const box = page.locator('li.interface').filter({ has: page.locator('.interface-name', { hasText: new RegExp(`^${escape(name)}$`) }) }).getByRole('checkbox');
    await box.check();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&');
}

export const status = (page: Page) => page.getByTestId('status');
export const statusDetail = (page: Page) => page.getByTestId('status-detail');

/** What the browser does when the user switches tabs (Page Visibility). */
export function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The legend cell with an interface's current RX or TX. */
export const current = (page: Page, name: string, direction: 'rx' | 'tx') =>
  page.locator(`tbody[data-interface="${name}"] tr.${direction} [data-testid="current"]`);

/** How many points the chart holds. */
export async function points(page: Page): Promise<number> {
  return Number((await page.locator('canvas.chart').getAttribute('data-points')) ?? '0');
}

/// How far the document reaches beyond the viewport, in CSS pixels (0 when it fits).
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/// Every element wider than the viewport, named, for a failure message that says what to fix.
async function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`),
  );
}

export async function expectNoHorizontalScroll(page: Page) {
  expect(await overflow(page), `wider than the screen: ${(await tooWide(page)).join(', ')}`).toBeLessThanOrEqual(0);
}

/// Errors the page reports while a test uses it: console errors (a failed hydration among them)
/// and uncaught exceptions.
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

export async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/**
 * Playwright's `test`, which also checks after each test that the page never said its code
 * failed: a promise the page left rejected (the alert's trigger) during outages, aborted polls
 * or restarts would be a false alarm to the operator.
 */
export const test = base.extend<{ codeNeverFailed: void }>({
  codeNeverFailed: [
    async ({ page }, use) => {
      await use();
      await expect(page.locator('#code-failed'), 'the page said its code did not load or stopped').toBeHidden();
    },
    { auto: true },
  ],
});
