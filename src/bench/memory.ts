import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryPeak {
  /** The largest resident set any one process of the tree reached, in bytes, and which process. */
  process: { bytes: number; command: string };
  /** The largest sum of the tree's resident sets at one moment, in bytes. */
  tree: number;
}

/** Resident set and command of every process, from /proc (Linux). */
function snapshot(): Map<number, { ppid: number; rss: number; command: string }> {
  const out = new Map<number, { ppid: number; rss: number; command: string }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 2).join(' ');
      out.set(pid, { ppid, rss, command });
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

/**
 * Watch the memory of a process and all its descendants until `stop()`, sampling /proc every
 * `intervalMs`. Peaks shorter than the interval can be missed; 100 ms catches what matters here.
 */
export function watchMemory(rootPid: number, intervalMs = 100): { stop(): MemoryPeak } {
  const peak: MemoryPeak = { process: { bytes: 0, command: '' }, tree: 0 };
  const sample = () => {
    const all = snapshot();
    const inTree = new Set([rootPid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, p] of all)
        if (!inTree.has(pid) && inTree.has(p.ppid)) {
          inTree.add(pid);
          grew = true;
        }
    }
    let tree = 0;
    for (const pid of inTree) {
      const p = all.get(pid);
      if (!p) continue;
      tree += p.rss;
      if (p.rss > peak.process.bytes) peak.process = { bytes: p.rss, command: p.command };
    }
    peak.tree = Math.max(peak.tree, tree);
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
