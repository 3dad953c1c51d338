// Stands in for the split loader of the real build in tests/browser_json.rs, which runs the
// library unsplit in Node (NODE_PATH points here: scripts/test.sh): cargo leptos build
// --split replaces these imports with the loader of the pages' chunks. Those tests load no
// page, so every import refuses.
module.exports = new Proxy({}, {
  get: (_, name) => () => {
    throw new Error(`${String(name)}: the pages' chunks are not loaded in this test`);
  },
});
