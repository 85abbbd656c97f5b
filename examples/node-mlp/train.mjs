#!/usr/bin/env node
// A real, small training script for the HyperSweep demo: a one-hidden-layer neural network trained
// with mini-batch SGD on the Breast Cancer Wisconsin data (shipped in ./data), in plain Node.
// It takes hyperparameters as arguments and reports validation metrics once per epoch by printing
// `name=value` lines, which HyperSweep reads from standard output.
//
//   node train.mjs --learning_rate 0.05 --hidden 16 --batch_size 32 --weight_decay 0.0001 --epochs 20
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function parseArgs(argv) {
  const defaults = { learning_rate: 0.05, hidden: 16, batch_size: 32, weight_decay: 0, epochs: 20, activation: 'tanh', seed: 7, sleep_ms: 0 };
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const raw = argv[i + 1];
    // --arch takes a JSON object of the other options: a nested choice of the sweep spec arrives
    // as compact JSON, e.g. --arch '{"activation":"relu","hidden":24}'.
    if (key === 'arch' && raw !== undefined) {
      let arch;
      try {
        arch = JSON.parse(raw);
      } catch {
        console.error(`--arch needs a JSON object, got ${raw}`);
        process.exit(2);
      }
      argv.splice(i + 2, 0, ...Object.entries(arch).flatMap(([k, v]) => [`--${k}`, String(v)]));
      continue;
    }
    if (!(key in defaults) || raw === undefined) {
      console.error(`usage: train.mjs [--${Object.keys(defaults).join(' V] [--')} V]; bad argument ${argv[i]}`);
      process.exit(2);
    }
    args[key] = typeof defaults[key] === 'number' ? Number(raw) : raw;
    if (typeof defaults[key] === 'number' && !Number.isFinite(args[key])) {
      console.error(`--${key} needs a number, got "${raw}"`);
      process.exit(2);
    }
  }
  return args;
}

/** mulberry32: a tiny seeded generator so a configuration always trains the same way. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadData() {
  const here = dirname(fileURLToPath(import.meta.url));
  const lines = readFileSync(join(here, 'data', 'breast_cancer.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => line.split(',').map(Number));
  return { x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r.at(-1)) };
}

function standardise(train, other) {
  const d = train[0].length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, r) => s + r[j], 0) / train.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / train.length) || 1);
  const f = (rows) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  return [f(train), f(other)];
}

const activations = {
  tanh: { f: Math.tanh, df: (a) => 1 - a * a },
  relu: { f: (z) => (z > 0 ? z : 0), df: (a) => (a > 0 ? 1 : 0) },
};

const args = parseArgs(process.argv.slice(2));
const act = activations[args.activation];
if (!act) {
  console.error(`--activation must be one of ${Object.keys(activations).join(', ')}`);
  process.exit(2);
}
const random = generator(args.seed);
const data = loadData();
// A fixed 80/20 split (the same for every trial) so validation scores are comparable.
const order = data.x.map((_, i) => i);
const splitRandom = generator(12345);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(splitRandom() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const cut = Math.floor(order.length * 0.8);
const [xTrain, xVal] = standardise(order.slice(0, cut).map((i) => data.x[i]), order.slice(cut).map((i) => data.x[i]));
const yTrain = order.slice(0, cut).map((i) => data.y[i]);
const yVal = order.slice(cut).map((i) => data.y[i]);

const d = xTrain[0].length;
const h = Math.max(1, Math.round(args.hidden));
const scale = Math.sqrt(1 / d);
const w1 = Array.from({ length: h }, () => Array.from({ length: d }, () => (random() * 2 - 1) * scale));
const b1 = new Array(h).fill(0);
const w2 = Array.from({ length: h }, () => (random() * 2 - 1) * Math.sqrt(1 / h));
let b2 = 0;

function forward(x) {
  const a = w1.map((row, k) => act.f(row.reduce((s, w, j) => s + w * x[j], b1[k])));
  const z = a.reduce((s, v, k) => s + v * w2[k], b2);
  return { a, p: 1 / (1 + Math.exp(-z)) };
}

function evaluate(xs, ys) {
  let loss = 0;
  let correct = 0;
  xs.forEach((x, i) => {
    const { p } = forward(x);
    const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
    loss -= ys[i] * Math.log(q) + (1 - ys[i]) * Math.log(1 - q);
    if ((p >= 0.5 ? 1 : 0) === ys[i]) correct++;
  });
  return { loss: loss / xs.length, accuracy: correct / xs.length };
}

const batch = Math.max(1, Math.round(args.batch_size));
for (let epoch = 1; epoch <= args.epochs; epoch++) {
  const idx = xTrain.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  for (let start = 0; start < idx.length; start += batch) {
    const members = idx.slice(start, start + batch);
    const gw1 = w1.map((row) => row.map(() => 0));
    const gb1 = new Array(h).fill(0);
    const gw2 = new Array(h).fill(0);
    let gb2 = 0;
    for (const i of members) {
      const x = xTrain[i];
      const { a, p } = forward(x);
      const dz = p - yTrain[i];
      gb2 += dz;
      for (let k = 0; k < h; k++) {
        gw2[k] += dz * a[k];
        const dh = dz * w2[k] * act.df(a[k]);
        gb1[k] += dh;
        for (let j = 0; j < d; j++) gw1[k][j] += dh * x[j];
      }
    }
    const lr = args.learning_rate / members.length;
    for (let k = 0; k < h; k++) {
      w2[k] -= lr * gw2[k] + args.learning_rate * args.weight_decay * w2[k];
      b1[k] -= lr * gb1[k];
      for (let j = 0; j < d; j++) w1[k][j] -= lr * gw1[k][j] + args.learning_rate * args.weight_decay * w1[k][j];
    }
    b2 -= lr * gb2;
  }
  const train = evaluate(xTrain, yTrain);
  const val = evaluate(xVal, yVal);
  console.log(`epoch=${epoch} train_loss=${train.loss.toFixed(5)} val_loss=${val.loss.toFixed(5)} val_accuracy=${val.accuracy.toFixed(5)}`);
  if (args.sleep_ms > 0) await new Promise((r) => setTimeout(r, args.sleep_ms));
}
