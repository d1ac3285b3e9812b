/**
 * Regenerates, for every .proto, into `proto/generated/` (or the folder given
 * as the first argument): its TypeScript types, with `proto-loader-gen-types`
 * and flags derived from the one loader-options object, and its JSON
 * descriptor (`engine.proto` → `engine.json`), which `service-definition.ts`
 * reads at run time instead of parsing the .proto:
 * `npm run gen:proto` (after a build).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { loaderOptions, protoDir } from './loader-options.js';
import { descriptorPath } from './service-definition.js';

/** `{ keepCase: true, longs: String }` → `['--keepCase', '--longs=String']`. */
export function generatorFlags(options: Readonly<Record<string, unknown>>): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === true) flags.push(`--${key}`);
    else if (value === false) continue;
    else if (typeof value === 'function') flags.push(`--${key}=${value.name}`);
    else flags.push(`--${key}=${String(value)}`);
  }
  return flags;
}

export function protoFiles(): string[] {
  return readdirSync(protoDir()).filter((f) => f.endsWith('.proto')).sort();
}

/**
 * The JSON descriptor of a .proto, parsed as the loader parses it (same
 * options, types resolved): what `protobuf.Root.fromJSON` turns back into it.
 */
export function descriptor(protoFile: string): string {
  const root = new protobuf.Root().loadSync(join(protoDir(), protoFile), loaderOptions);
  root.resolveAll();
  return `${JSON.stringify(root.toJSON(), null, 2)}\n`;
}

/** Writes the generated files into `outDir`. */
export function generate(outDir: string): void {
  const bin = createRequire(import.meta.url).resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');
  execFileSync(
    process.execPath,
    [bin, ...generatorFlags(loaderOptions), '--grpcLib=@grpc/grpc-js', '--importFileExtension=.js', `--includeDirs=${protoDir()}`, `--outDir=${outDir}`, ...protoFiles()],
    { cwd: protoDir(), stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // The generator names the absolute path of each .proto: keep the files the same in every checkout.
  const prefix = `// Original file: ${protoDir()}/`;
  for (const file of walk(outDir)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(prefix)) writeFileSync(file, text.split(prefix).join('// Original file: proto/'));
  }
  for (const file of protoFiles()) writeFileSync(join(outDir, basename(descriptorPath(file))), descriptor(file));
}

/** Every file under `dir`, recursively. */
export function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generate(resolve(process.argv[2] ?? join(protoDir(), 'generated')));
}
