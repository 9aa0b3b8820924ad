import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Where the numbers were measured: they compare only within one run on one machine. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical cores Node sees. */
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** ISO date and time of the run (UTC). */
  date: string;
  /** The 1, 5 and 15 minute load averages when the run started: other work on a shared machine moves every figure. */
  loadAverage: [number, number, number];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${distribution() ?? os.type()} (${os.platform()} ${os.release()}, ${os.arch()})`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100) as [number, number, number],
  };
}

/** `PRETTY_NAME` from /etc/os-release, when there is one (Linux). */
function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
