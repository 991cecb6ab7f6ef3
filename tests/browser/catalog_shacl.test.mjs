// catalog_shacl.test.mjs — the DCAT-AP-SE / HealthDCAT-AP catalogue
// (docs/catalog-rdf.md) against the official SHACL shapes of DCAT-AP 3.0.1
// (../shared/testdata/dcat-ap-3.0.1-shacl/: shapes.ttl, the mandatory
// constraints, and range.ttl, the classes of values) with rdf-validate-shacl
// and n3: every page of the catalogue and a dataset's own document have no
// violation, with content/ alone and with 300 generated datasets added; a
// copy with one dataset's dct:title or one distribution's dcat:accessURL
// removed, or a format not typed, is caught (the validator can fail); the JSON-LD holds the same
// triples as the Turtle (read by the jsonld package). It runs its own
// datalots (the shared one of run.sh has no --public-url) on a fresh store.
// The HTTP side, counts and content negotiation: tests/e2e/t_catalog_rdf.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store, DataFactory } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import jsonld from 'jsonld';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const BIN = process.env.DATALOTS_BIN || path.join(ROOT, 'build/san/datalots');
// CI clones the repository beside shared/, as the developers' clones are.
const SHAPES_DIR = path.resolve(ROOT, '../shared/testdata/dcat-ap-3.0.1-shacl');
const PUB = 'https://data.example.se';
const T = { timeout: 300_000 };
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

let dir, server, base, db;

function parseTurtle(text) {
  return new Store(new Parser({ format: 'text/turtle' }).parse(text));
}

let validator;
function shapes() {
  if (!validator) {
    const store = new Store();
    for (const f of ['shapes.ttl', 'range.ttl']) {
      store.addQuads(new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(SHAPES_DIR, f), 'utf8')));
    }
    validator = new SHACLValidator(store);
  }
  return validator;
}

async function violations(store) {
  const report = await shapes().validate(store);
  return report.results
    .filter((r) => r.severity && r.severity.value.endsWith('Violation'))
    .map((r) => `${r.focusNode && r.focusNode.value} ${r.path && r.path.value}: ${r.message.map((m) => m.value).join(' ')}`);
}

async function get(p) {
  const res = await fetch(base + p);
  assert.equal(res.status, 200, `${p}: status ${res.status}`);
  return res.text();
}

// Every page from the first by hydra:next; [{path, text, store}].
async function allPages(ext = 'ttl') {
  const pages = [];
  let p = `/catalog.${ext}?page=1`;
  while (p && pages.length < 50) {
    const text = await get(p);
    const store = parseTurtle(text);
    pages.push({ path: p, text, store });
    const next = store.getQuads(null, DataFactory.namedNode(HYDRA + 'next'), null, null)[0];
    p = next ? next.object.value.slice(PUB.length) : null;
  }
  return pages;
}

function datasetsOf(store) {
  return store.getQuads(null, DataFactory.namedNode(RDF_TYPE), DataFactory.namedNode(DCAT + 'Dataset'), null)
    .map((q) => q.subject.value);
}

before(async () => {
  assert.ok(existsSync(path.join(SHAPES_DIR, 'shapes.ttl')), `the DCAT-AP 3.0.1 shapes are at ${SHAPES_DIR}`);
  dir = mkdtempSync(path.join(tmpdir(), 'datalots-shacl-'));
  db = `sqlite:${path.join(dir, 'catalog.db')}`;
  execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
  execFileSync(BIN, ['catalog', 'import', path.join(ROOT, 'content'), '--db', db], { stdio: 'ignore' });
  server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', 'off', '--workers', '2',
    '--public-url', PUB], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`datalots serve did not start: ${seen}`)), 30_000);
    const look = (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    server.stdout.on('data', look);
    server.stderr.on('data', look);
    server.on('exit', (code) => reject(new Error(`datalots serve exited ${code}: ${seen}`)));
  });
});

after(() => {
  if (server) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every page of the catalogue meets the DCAT-AP 3.0.1 shapes (shapes.ttl, range.ttl)', T, async () => {
  const pages = await allPages();
  assert.equal(pages.length, 1, 'content/ alone is one page');
  const found = await violations(pages[0].store);
  assert.deepEqual(found, [], 'no violation');
  assert.ok(datasetsOf(pages[0].store).length > 40, 'the page holds the datasets');
});

test("a dataset's own document meets the shapes", T, async () => {
  for (const id of ['patientregistret', 'cancerregistret']) {
    const store = parseTurtle(await get(`/guide/${id}.ttl`));
    assert.deepEqual(await violations(store), [], `${id}: no violation`);
  }
});

test('the validator catches a dataset without dct:title and a distribution without dcat:accessURL', T, async () => {
  const store = parseTurtle(await get('/catalog.ttl'));
  const ds = DataFactory.namedNode(`${PUB}/guide/patientregistret#dataset`);
  const titles = store.getQuads(ds, DataFactory.namedNode(DCT + 'title'), null, null);
  assert.equal(titles.length, 2, 'the Patient Register has a Swedish and an English title');
  store.removeQuads(titles);
  let found = await violations(store);
  assert.ok(found.some((v) => v.startsWith(`${ds.value} ${DCT}title`)), `the missing title is a violation: ${found}`);
  store.addQuads(titles);
  assert.deepEqual(await violations(store), [], 'with its titles back, none');
  const dist = DataFactory.namedNode(`${PUB}/guide/patientregistret#distribution`);
  store.removeQuads(store.getQuads(dist, DataFactory.namedNode(DCAT + 'accessURL'), null, null));
  found = await violations(store);
  assert.ok(found.some((v) => v.startsWith(`${dist.value} ${DCAT}accessURL`)), `the missing accessURL: ${found}`);
});

test("range.ttl is read too: a format that is not said to be a dct:MediaTypeOrExtent is caught", T, async () => {
  const store = parseTurtle(await get('/guide/patientregistret.ttl'));
  const html = DataFactory.namedNode('http://publications.europa.eu/resource/authority/file-type/HTML');
  const typed = store.getQuads(html, DataFactory.namedNode(RDF_TYPE), null, null);
  assert.equal(typed.length, 1, 'the format is typed once');
  store.removeQuads(typed);
  const found = await violations(store);
  assert.ok(found.some((v) => v.includes(`${DCT}format`)), `dct:format's class: ${found}`);
});

test('the JSON-LD holds the same triples as the Turtle', T, async () => {
  const ttl = await get('/catalog.ttl');
  const doc = JSON.parse(await get('/catalog.jsonld'));
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads' });
  const fromJson = new Store(new Parser({ format: 'application/n-quads' }).parse(nquads));
  const fromTtl = parseTurtle(ttl);
  // The page's own address names its format; the rest is one graph.
  const key = (q) => [q.subject, q.predicate, q.object].map((t) => t.id ?? t.value).join(' ')
    .replace(/catalog\.(ttl|jsonld)\?/g, 'catalog.EXT?');
  const a = new Set(fromTtl.getQuads().map(key));
  const b = new Set(fromJson.getQuads().map(key));
  assert.equal(b.size, a.size, 'as many triples');
  assert.deepEqual([...a].filter((k) => !b.has(k)), [], 'none only in the Turtle');
  assert.deepEqual([...b].filter((k) => !a.has(k)), [], 'none only in the JSON-LD');
  assert.equal(fromJson.getQuads().filter((q) => q.subject.termType === 'BlankNode').length, 0, 'no blank node');
});

test('with 300 generated datasets every page meets the shapes and the pages hold them all', T, async () => {
  const before = datasetsOf(parseTurtle(await get('/catalog.ttl'))).length;
  execFileSync(BIN, ['demo', 'guide', '--count', '300', '--db', db], { stdio: 'ignore' });
  const pages = await allPages();
  const total = before + 300;
  assert.equal(pages.length, Math.ceil(total / 100), 'hydra:next walks every page');
  const seen = new Set();
  for (const pg of pages) {
    for (const d of datasetsOf(pg.store)) seen.add(d);
    const found = await violations(pg.store);
    assert.deepEqual(found, [], `${pg.path}: no violation`);
    const items = pg.store.getQuads(null, DataFactory.namedNode(HYDRA + 'totalItems'), null, null);
    assert.equal(items.length, 1, `${pg.path} says the total`);
    assert.equal(Number(items[0].object.value), total, `${pg.path}: hydra:totalItems`);
  }
  assert.equal(seen.size, total, 'every dataset on some page, none twice');
});
