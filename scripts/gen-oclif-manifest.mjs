// Writes oclif.manifest.json after the build (what `oclif manifest` does), so `wsctl COMMAND` imports only that
// command's module: with the manifest, oclif reads every command's flags and descriptions from this file
// instead of importing all fourteen commands (and their dependencies: gRPC, etcd, WebSocket clients) at start.
// Deterministic: commands sorted by id, no timestamps. Run by `npm run build`; never edit the output.
import { writeFileSync } from 'node:fs';
import { Plugin } from '@oclif/core';

const root = new URL('../', import.meta.url).pathname;
const plugin = new Plugin({ ignoreManifest: true, isRoot: true, root, type: 'core', errorOnManifestCreate: true });
await plugin.load();
const { manifest } = plugin;
const ids = Object.keys(manifest.commands).sort();
if (ids.length === 0) throw new Error('gen-oclif-manifest: no commands found under dist/cli/commands (run tsc first)');
const commands = Object.fromEntries(ids.map((id) => [id, manifest.commands[id]]));
writeFileSync(`${root}oclif.manifest.json`, `${JSON.stringify({ commands, version: manifest.version }, null, 2)}\n`);
process.stdout.write(`oclif.manifest.json: ${ids.length} commands\n`);
