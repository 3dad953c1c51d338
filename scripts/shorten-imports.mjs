#!/usr/bin/env node
// Shortens the names under which the main WASM module imports wasm-bindgen's JS functions, in the
// module and in its JS alike: `__wbg_addEventListener_847fd86b8c33ec43` becomes `ab`. The names
// carry a 16-digit hash each, which no compressor can shrink, twice per import (the module's
// import section, the JS object that provides them): 224 imports cost every page about 7 KB
// gzipped (README, "WASM size"). Nothing else refers to these names; the module's exports and
// the split chunks (which import only from `__wasm_split`) are left as they are.
//
//   node scripts/shorten-imports.mjs target/site/pkg routeros-traffic
//
// Rewrites <pkg>/<name>.wasm and <pkg>/<name>.js in place, or neither: every import must be found
// exactly once as a key of the JS imports object, or the script stops with an error and writes
// nothing. Run it on cargo-leptos' output before compressing; on files it already shortened it
// does nothing.
import fs from 'node:fs';
import path from 'node:path';

const [pkg, name] = process.argv.slice(2);
if (!pkg || !name) {
  console.error('usage: shorten-imports.mjs <pkg dir> <output name>');
  process.exit(2);
}
const wasmPath = path.join(pkg, `${name}.wasm`);
const jsPath = path.join(pkg, `${name}.js`);
const importModule = `./${name}_bg.js`;

function readUleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function uleb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = readUleb(bytes, at);
  if (flags & 1) [, at] = readUleb(bytes, at);
  return at;
}

/** An import's description after its names: function, table, memory, global or tag. */
function skipImportDescription(bytes, at) {
  const kind = bytes[at++];
  switch (kind) {
    case 0: return readUleb(bytes, at)[1]; // function: its type index
    case 1: return skipLimits(bytes, at + 1); // table: element type, limits
    case 2: return skipLimits(bytes, at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readUleb(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`${wasmPath}: an import of unknown kind ${kind}`);
  }
}

/** `a` … `z`, `A` … `Z`, `aa`, `ab` …: never a JS keyword of one or two letters but `do`, `if` and `in`. */
function* shortNames() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let length = 1; ; length++) {
    const indices = new Array(length).fill(0);
    for (;;) {
      const candidate = indices.map((i) => letters[i]).join('');
      if (!['do', 'if', 'in'].includes(candidate)) yield candidate;
      let position = length - 1;
      while (position >= 0 && ++indices[position] === letters.length) indices[position--] = 0;
      if (position < 0) break;
    }
  }
}

const wasm = fs.readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not a WASM module`);
const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
const fresh = shortNames();
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = readUleb(wasm, at + 1);
  const end = start + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
  } else {
    let [count, cursor] = readUleb(wasm, start);
    const body = [uleb(count)];
    while (count-- > 0) {
      const [moduleLength, moduleStart] = readUleb(wasm, cursor);
      const module = wasm.subarray(moduleStart, moduleStart + moduleLength);
      const [fieldLength, fieldStart] = readUleb(wasm, moduleStart + moduleLength);
      let field = wasm.subarray(fieldStart, fieldStart + fieldLength).toString('utf8');
      const descriptionStart = fieldStart + fieldLength;
      cursor = skipImportDescription(wasm, descriptionStart);
      if (module.toString('utf8') === importModule) {
        if (!renamed.has(field)) renamed.set(field, fresh.next().value);
        field = renamed.get(field);
      }
      const fieldBytes = Buffer.from(field, 'utf8');
      body.push(uleb(moduleLength), module, uleb(fieldBytes.length), fieldBytes, wasm.subarray(descriptionStart, cursor));
    }
    if (cursor !== end) throw new Error(`${wasmPath}: the import section does not end where its size says`);
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), uleb(section.length), section);
  }
  at = end;
}

if ([...renamed.keys()].every((field) => /^[a-zA-Z]{1,2}$/.test(field))) {
  console.log(`${wasmPath}: its imports are short already`);
  process.exit(0);
}

let js = fs.readFileSync(jsPath, 'utf8');
for (const [long, short] of renamed) {
  // A key of the imports object: `{__proto__:null,long:function(…){…},long:…}`.
  const key = new RegExp(`([{,]\\s*)${long.replace(/[$]/g, '\\$&')}\\s*:`, 'g');
  const found = js.match(key)?.length ?? 0;
  if (found !== 1) throw new Error(`${jsPath}: the import ${long} is a key ${found} times, not once`);
  js = js.replace(key, `$1${short}:`);
}
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(jsPath, js);
console.log(`${wasmPath}, ${jsPath}: ${renamed.size} imports shortened`);
