// What a page downloads of WASM and JS on a first visit, and how many bytes the server sends
// for each file: the budget test (budget.spec.ts) and the measurements (measure/) read the
// same.
import type { Browser, Response } from '@playwright/test';
import { get } from 'node:http';

/** A WASM or JS file the page fetched: its body, and its bytes as sent to this browser. */
export type Download = { url: string; body: Promise<Buffer>; sent: Promise<number> };

/**
 * The WASM and JS files a first visit to `url` fetches until the network is idle, in a fresh
 * browser context: nothing cached (a cached file would come back as a bodiless 304).
 */
export async function pageDownloads(browser: Browser, url: string): Promise<Download[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const files: Download[] = [];
    page.on('response', (response: Response) => {
      if (/\/pkg\/.*\.(wasm|js)$/.test(new URL(response.url()).pathname)) {
        const sent = response.request().sizes().then((sizes) => sizes.responseBodySize);
        files.push({ url: response.url(), body: response.body(), sent });
      }
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    // Read before the context closes and takes the bodies with it.
    await Promise.all(files.flatMap((f) => [f.body, f.sent]));
    return files;
  } finally {
    await context.close();
  }
}

/**
 * The bytes of `url`'s body as the server sends it to a browser that asks for gzip only, as
 * browsers ask over plain HTTP (on localhost and over HTTPS they ask for brotli too). Node's
 * http leaves the body as it came.
 */
export function gzipBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.headers['content-encoding'] === 'gzip' ? resolve(bytes) : reject(new Error(`${url} not sent gzipped`)),
      );
    }).on('error', reject);
  });
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
