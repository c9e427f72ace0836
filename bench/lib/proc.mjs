// Child processes (the compiled apps) and /proc sampling (CPU ticks, RSS). Linux only.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';

/** Clock ticks per second (`getconf CLK_TCK`); 100 on every Linux we care about. */
const CLK_TCK = 100;

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <script>` with `env`; keeps the last lines of its output for the report.
 * `exited` resolves with the exit code (or signal name).
 */
export function startNode(name, script, env, { cwd } = {}) {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      tail.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
      if (tail.length > 60) tail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const proc = { name, child, pid: child.pid, tail, stopRequested: false, exitInfo: null };
  proc.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      // `unexpected`: it ended before we asked it to (a crash, or someone else's signal).
      proc.exitInfo = { code, signal, at: new Date().toISOString(), unexpected: !proc.stopRequested };
      resolve(code ?? signal);
    }),
  );
  proc.running = () => child.exitCode === null && child.signalCode === null;
  return proc;
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves with how it ended. */
export async function stopNode(proc, graceMs = 15_000) {
  if (!proc || !proc.running()) return proc ? await proc.exited : null;
  proc.stopRequested = true;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.running() && proc.child.kill('SIGKILL'), graceMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** utime + stime of a process, in seconds; null when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": index 0 is field 3 (state); utime is field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** VmRSS of a process in MiB; null when it is gone. */
export function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Pids whose command name is `comm` (e.g. every `postgres` backend, `redis-server`). */
export function pidsNamed(comm) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function systemTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3] + (n[4] ?? 0); // idle + iowait
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/** utime + stime (seconds) of every process on the machine. */
function allProcesses() {
  const all = {};
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const seconds = cpuSeconds(entry);
    if (seconds !== null) all[entry] = seconds;
  }
  return all;
}

/**
 * Whether a Postgres process works for `database`: its backends are titled
 * "postgres: <cluster>: <user> <database> <client> <state>"; the server and its background
 * processes (checkpointer, WAL writer, autovacuum…) serve everyone and count as ours.
 */
function postgresServes(pid, database) {
  const title = commandLine(pid);
  const backend = /^postgres: [^:]+: (\S+) (\S+) \S+/.exec(title);
  if (!backend || /(launcher|worker|writer|checkpointer)$/.test(title.trim())) return true;
  return backend[2] === database;
}

function commName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

function commandLine(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return line || readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return `pid ${pid} (gone)`;
  }
}

/**
 * A CPU snapshot of the processes that matter: our apps (by role), every Postgres process and
 * Redis, every other process of the machine, and the machine as a whole. `cpuBetween` turns two
 * snapshots into "% of one core" per role, plus `others`: what processes that are not part of
 * the benchmark (someone's test run, say) used meanwhile.
 */
export function cpuSnapshot(roles, { database } = {}) {
  const snap = { t: performance.now(), roles: {}, all: allProcesses(), system: systemTicks() };
  const groups = {
    ...roles,
    bench: [process.pid],
    postgres: pidsNamed('postgres').filter((pid) => !database || postgresServes(pid, database)),
    redis: pidsNamed('redis-server'),
  };
  for (const [role, pids] of Object.entries(groups)) {
    snap.roles[role] = {};
    for (const pid of pids) {
      const seconds = snap.all[pid] ?? cpuSeconds(pid);
      if (seconds !== null && seconds !== undefined) snap.roles[role][pid] = seconds;
    }
  }
  return snap;
}

export function cpuBetween(start, end) {
  const wall = (end.t - start.t) / 1000;
  const out = { wallSeconds: round(wall, 2) };
  const ours = new Set();
  for (const [role, pids] of Object.entries(end.roles)) {
    let used = 0;
    // A process started inside the window counts from zero; one that ended inside it is lost.
    for (const [pid, seconds] of Object.entries(pids)) {
      used += seconds - (start.roles[role]?.[pid] ?? 0);
      ours.add(pid);
    }
    out[role] = round((100 * used) / wall, 1);
  }
  const others = [];
  for (const [pid, seconds] of Object.entries(end.all)) {
    if (ours.has(pid)) continue;
    // A process born inside the window spent all its CPU time in it. New Postgres processes are
    // left out: most are parallel workers of our own queries (other databases' new backends are
    // missed, a small error).
    if (!(pid in start.all) && commName(pid) === 'postgres') continue;
    const used = seconds - (start.all[pid] ?? 0);
    if (used > 0) others.push({ pid: Number(pid), used });
  }
  out.others = round((100 * others.reduce((a, o) => a + o.used, 0)) / wall, 1);
  out.topOthers = others
    .sort((a, b) => b.used - a.used)
    .slice(0, 3)
    .filter((o) => (100 * o.used) / wall >= 5)
    .map((o) => ({
      pid: o.pid,
      percent: round((100 * o.used) / wall, 1),
      command: commandLine(o.pid).slice(0, 120),
    }));
  const busy = end.system.busy - start.system.busy;
  const total = end.system.total - start.system.total;
  out.machine = round((100 * busy) / Math.max(total, 1e-9), 1); // % of all cores
  // What the machine was busy with that no process above accounts for: processes that began and
  // ended inside the window (a colleague's `prettier --check`, Postgres parallel workers, autovacuum).
  const attributed = Object.keys(end.roles).reduce((a, role) => a + out[role], 0) + out.others;
  out.unattributed = round(Math.max(0, out.machine * cpus().length - attributed), 1);
  return out;
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
