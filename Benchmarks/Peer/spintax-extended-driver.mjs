// Side-by-side driver for the peer engine spintax-extended (npm 0.9.4), run by
// `scripts/bench-spintax --peer-dir PATH` with node 20. It loads the peer from an existing
// checkout at PATH (nothing here downloads, vendors or builds it) and measures the same work as
// spintax-bench on the same data:
//   - the peer has no variables, so each binding row is substituted into the template text first
//     (`{Name}` and `{Name:lower|upper|capitalize|title}`), once per row, outside the timed loop;
//   - "renders/s (pre-parsed)": `unspin()` on 60 pre-parsed templates, one per row (its best case);
//   - "renders/s (parse each)": `Spintax.unspin(text)`, the static call most users make;
//   - headline: `fullUnspinList()` (every variant, first-fastest order);
//   - parse ms: `new Spintax(text)`; check ms: `isCorrect()` (its only validation).
// Timing: process.hrtime.bigint(), best of N runs, one thread, like spintax-bench.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const peerDir = option('--peer-dir', null);
const dataDir = option('--data', null);
const runs = Number(option('--runs', '7'));
const rendersPerRun = Number(option('--renders', '300'));
if (!peerDir || !dataDir) {
  console.error('usage: node spintax-extended-driver.mjs --peer-dir PATH --data DIR [--runs N] [--renders N]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const Spintax = require(path.resolve(peerDir));
const version = JSON.parse(readFileSync(path.join(peerDir, 'package.json'), 'utf8')).version;

const article = readFileSync(path.join(dataDir, 'article_template.txt'), 'utf8');
const headline = readFileSync(path.join(dataDir, 'headline_template.txt'), 'utf8');
const rows = JSON.parse(readFileSync(path.join(dataDir, 'article_bindings.json'), 'utf8')).bindings;

const modifiers = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1),
  title: (s) => s.replace(/\b\w/g, (c) => c.toUpperCase()),
};
const substitute = (text, row) =>
  text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)((?::[a-z_]+)*)\}/g, (whole, name, mods) => {
    if (!(name in row)) return whole;
    let value = row[name];
    for (const m of mods.split(':').slice(1)) value = (modifiers[m] ?? ((s) => s))(value);
    // Values are text: escape what the peer would read as syntax.
    return value.replace(/([\[\]{}|+\\])/g, '\\$1');
  });

const best = (body) => {
  let bestNs = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    body();
    const ns = Number(process.hrtime.bigint() - start);
    if (ns < bestNs) bestNs = ns;
  }
  return bestNs / 1e9;
};
const line = (name, value, decimals = 0) =>
  console.log(`peer ${name}`.padEnd(34) + value.toFixed(decimals).padStart(14));

const texts = rows.map((row) => substitute(article, row));
const parsed = texts.map((t) => new Spintax(t));
let sink = 0;
for (let i = 0; i < 600; i++) sink += parsed[i % parsed.length].unspin().length;

let chars = 0;
const preParsed = best(() => {
  chars = 0;
  for (let i = 0; i < rendersPerRun; i++) chars += parsed[i % parsed.length].unspin().length;
});
const parseEach = best(() => {
  for (let i = 0; i < rendersPerRun; i++) sink += Spintax.unspin(texts[i % texts.length]).length;
});
const headlineText = substitute(headline, rows[0]);
let variants = 0;
const headlineSeconds = best(() => {
  const list = new Spintax(headlineText).fullUnspinList();
  variants = list.length;
  sink += list[list.length - 1].length;
});
const parses = 20;
const parseSeconds = best(() => {
  for (let i = 0; i < parses; i++) sink += new Spintax(texts[i % texts.length]).rawtext.length;
}) / parses;
const checkSeconds = best(() => {
  for (let i = 0; i < parses; i++) sink += parsed[i % parsed.length].isCorrect() ? 1 : 0;
}) / parses;

console.log(`peer: spintax-extended ${version}, node ${process.version}; article count ` +
  `${parsed[0].countVariations().toExponential(3)}, headline ${variants} variants`);
line('article renders/s (pre-parsed)', rendersPerRun / preParsed);
line('article MB/s (pre-parsed)', chars / preParsed / 1e6, 1);
line('article renders/s (parse each)', rendersPerRun / parseEach);
line('headline variants/s', variants / headlineSeconds);
line('parse ms', parseSeconds * 1e3, 3);
line('isCorrect ms', checkSeconds * 1e3, 3);
console.log(`(best of ${runs} runs, ${rendersPerRun} renders a run; checksum ${sink % 9973})`);
