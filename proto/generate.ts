/**
 * Regenerates, for every .proto, into `proto/generated/` (or the folder given
 * as the first argument): its TypeScript types, with `proto-loader-gen-types`
 * and flags derived from the one loader-options object, and its JSON
 * descriptor with the code of its messages (`engine.proto` → `engine.json`),
 * which `service-definition.ts` reads at run time instead of parsing the
 * .proto:
 * `npm run gen:proto` (after a build).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { loaderOptions, protoDir } from './loader-options.js';
import { descriptorPath, type Descriptor } from './service-definition.js';

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
 * options, types resolved), with protobufjs's generated code for every
 * message: what `service-definition.ts` needs at run time, with nothing
 * left to parse or generate (see `Descriptor` there).
 */
export function descriptor(protoFile: string): string {
  const root = new protobuf.Root().loadSync(join(protoDir(), protoFile), loaderOptions);
  root.resolveAll();
  const out: Descriptor = { services: {}, messages: {} };
  const name = (o: protobuf.ReflectionObject): string => o.fullName.replace(/^\./, '');
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Service) {
        out.services[name(o)] = Object.fromEntries(o.methodsArray.map((m) => {
          if (m.resolvedRequestType === null || m.resolvedResponseType === null) throw new Error(`${name(m)}: unresolved message types`);
          return [m.name, { requestType: name(m.resolvedRequestType), responseType: name(m.resolvedResponseType), requestStream: m.requestStream === true, responseStream: m.responseStream === true }];
        }));
      } else if (o instanceof protobuf.Type) {
        if (name(o).startsWith('google.protobuf.')) throw new Error(`${name(o)}: the well-known types need protobufjs's wrappers, which the run-time codec does not have`);
        const fieldTypes = o.fieldsArray.map((f) => {
          const t = f.resolve().resolvedType;
          if (t instanceof protobuf.Enum) throw new Error(`${name(f)}: enums are not supported by the run-time codec yet (it would need their values)`);
          return t === null ? null : name(t);
        });
        out.messages[name(o)] = {
          types: fieldTypes,
          ctor: String(protobuf.Type.generateConstructor(o)),
          encode: String(protobuf.encoder(o)),
          decode: String(protobuf.decoder(o)),
          fromObject: String(protobuf.converter.fromObject(o)),
          toObject: String(protobuf.converter.toObject(o)),
        };
      }
      if (o instanceof protobuf.Namespace) visit(o); // packages, and the types nested in a message
    }
  };
  visit(root);
  return `${JSON.stringify(out, null, 1)}\n`;
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
