/**
 * `npm run bench compile-cost`: what the typed chain costs a consumer's compiler and editor.
 *
 * The package's declarations are emitted once into a scratch folder and each fixture of bench/types is
 * checked against them as a consumer's project would be (`skipLibCheck`, the package resolved by name):
 * `tsc --extendedDiagnostics` gives the check time and the instantiation count (medians of several
 * runs), and the language service times the completion list after `instance.v3.`. The same is done, in
 * the same run and interleaved, for the package as it was at BASELINE_REF (by default the last commit
 * before the catalogue typed the chain, when 25 hand-written endpoints were typed), so the figures
 * compare side by side.
 */
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { NOTE, fmt, median, table } from './helpers/stats';

const ROOT = join(__dirname, '..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const RUNS = Number(process.env.RUNS ?? 5);
/** `ONLY=completion` measures the editor alone (the tsc runs take most of the time). */
const ONLY = process.env.ONLY;
/** The commit the figures are compared with: the catalogue committed, the chain still typed by hand. */
const BASELINE_REF = process.env.BASELINE_REF ?? 'e3e9e37';

/** The repository's lib/ (and tsconfigs) at `ref`, in a scratch folder sharing this node_modules. */
function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-baseline-'));
  execSync(`git archive ${ref} lib tsconfig.json tsconfig.build.json | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** A scratch project where `wechatpay-ts` resolves to freshly emitted declarations of `source`/lib. */
function scratchProject(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-compile-cost-'));
  const pkg = join(dir, 'node_modules', 'wechatpay-ts');
  mkdirSync(pkg, { recursive: true });
  execFileSync(process.execPath, [TSC, '-p', join(source, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', join(pkg, 'types')], { stdio: 'inherit' });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'wechatpay-ts', types: './types/index.d.ts' }));
  // A consumer's project: node types only, strict, and libraries' declarations trusted (skipLibCheck).
  const typeRoots = join(ROOT, 'node_modules/@types');
  const options = { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node10', types: ['node'], typeRoots: [typeRoots] };
  for (const fixture of readdirSync(join(__dirname, 'types'))) {
    const name = fixture.replace(/\.ts$/, '');
    // Fixtures import '../../lib' so the project's own type-check covers them; a consumer names the package.
    writeFileSync(join(dir, fixture), readFileSync(join(__dirname, 'types', fixture), 'utf8').replace(`from '../../lib'`, `from 'wechatpay-ts'`));
    writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: options, files: [fixture] }));
  }
  return dir;
}

interface Cost {
  checkMs: number;
  instantiations: number;
  totalMs: number;
  /** CPU time of the whole tsc process (user + system): less swayed by the other tenants than wall time. */
  cpuMs: number;
}

/** Preloaded into tsc: prints the process's CPU time on exit. */
const CPU_PROBE = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('CPU ' + (u.user + u.system) / 1000 + '\\n'); });`;

function compile(dir: string, fixture: string): Cost {
  const probe = join(dir, 'cpu-probe.cjs');
  writeFileSync(probe, CPU_PROBE);
  const result = spawnSync(process.execPath, ['--require', probe, TSC, '-p', join(dir, `tsconfig.${fixture}.json`), '--extendedDiagnostics'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${fixture} does not compile:\n${result.stdout}`);
  const read = (label: string): number => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(result.stdout)?.[1]);
  const cpuMs = Number(/^CPU ([\d.]+)/m.exec(result.stderr)?.[1]);
  return { checkMs: read('Check time') * 1000, instantiations: read('Instantiations'), totalMs: read('Total time') * 1000, cpuMs };
}

/**
 * Milliseconds the language service takes to list the members after `instance.v3.`, as in an open
 * editor: the file was opened and checked before (every file parsed and bound), then the user typed
 * `.v3.`, which makes a new program version and a new checker, as tsserver does on each edit. The cold
 * time (first program load, binding, the first check) is reported apart.
 */
function completionMs(dir: string): { ms: number; cpuMs: number; loadMs: number; entries: number } {
  const fileName = join(dir, 'completion.ts');
  const opened = `import { Builder } from 'wechatpay-ts';\nconst instance = Builder.factory({} as never);\ninstance;`;
  const typed = `${opened.slice(0, -1)}.v3.`;
  const file = { text: opened, version: 1 };
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: (name) => (name === fileName ? String(file.version) : '1'),
    getScriptSnapshot: (name) => {
      const content = name === fileName ? file.text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? file.text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const loading = performance.now();
  service.getSemanticDiagnostics(fileName);
  file.text = typed;
  file.version += 1;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const completions = service.getCompletionsAtPosition(fileName, typed.length, {});
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  return { ms, cpuMs: (used.user + used.system) / 1000, loadMs: started - loading, entries: completions?.entries.length ?? 0 };
}

const baselineSource = checkout(BASELINE_REF);
const projects = { [`at ${BASELINE_REF} (25 typed endpoints)`]: scratchProject(baselineSource), 'now (1,155 operations)': scratchProject(ROOT) };
try {
  const fixtures = readdirSync(join(__dirname, 'types')).map((f) => f.replace(/\.ts$/, '')).sort();
  const cases = Object.entries(projects).flatMap(([label, dir]) => fixtures.map((fixture) => ({ label, dir, fixture, runs: [] as Cost[] })));
  const completions = Object.entries(projects).map(([label, dir]) => ({ label, dir, runs: [] as ReturnType<typeof completionMs>[] }));
  // Interleaved, so a burst of load on the shared machine hits every case alike.
  for (let run = 0; run < RUNS; run++) {
    for (const c of ONLY === 'completion' ? [] : cases) {
      try {
        c.runs.push(compile(c.dir, c.fixture));
      } catch {
        // The baseline types fewer paths: a fixture written for today's may not compile there.
      }
    }
    for (const c of completions) c.runs.push(completionMs(c.dir));
  }
  const rows = cases
    .filter((c) => c.runs.length)
    .map((c) => ({
      package: c.label,
      fixture: `bench/types/${c.fixture}.ts`,
      'check time (median)': `${fmt(median(c.runs.map((r) => r.checkMs)))} ms`,
      'total tsc time (median)': `${fmt(median(c.runs.map((r) => r.totalMs)))} ms`,
      'tsc CPU time (median)': `${fmt(median(c.runs.map((r) => r.cpuMs)))} ms`,
      instantiations: fmt(median(c.runs.map((r) => r.instantiations))),
    }));
  if (rows.length) console.log(`${table(rows)}\n`);
  console.log(
    table(
      completions.map((c) => ({
        package: c.label,
        'completion after `instance.v3.` (median)': `${fmt(median(c.runs.map((r) => r.ms)))} ms`,
        'its CPU time (median)': `${fmt(median(c.runs.map((r) => r.cpuMs)))} ms`,
        entries: String(c.runs[0]!.entries),
        'opening the file first, cold (median)': `${fmt(median(c.runs.map((r) => r.loadMs)))} ms`,
      })),
    ),
  );
  console.log(`\n${NOTE}`);
} finally {
  for (const dir of [baselineSource, ...Object.values(projects)]) rmSync(dir, { recursive: true, force: true });
}
