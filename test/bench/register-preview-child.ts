// One GIAS preview in a process of its own, so its peak RSS is the preview's: reads the
// extract for one LA and plans it against an empty register. Prints one JSON line.
import { planGiasImport } from '../../electron/core/register/gias-plan.ts';
import { readGias } from '../../electron/core/register/gias-reader.ts';

const [file, laCode] = process.argv.slice(2);
if (!file || !laCode) throw new Error('usage: register-preview-child.ts FILE LA');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const read = await readGias(file, { laCode, onProgress: () => undefined });
const plan = planGiasImport({ establishments: read.establishments, notOpen: read.notOpen, register: [], laCode });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// resourceUsage().maxRSS is in kilobytes.
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, kept: plan.create.length, otherLa: read.otherLa }));
