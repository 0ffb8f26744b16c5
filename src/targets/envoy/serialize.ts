import { writeYaml } from './yaml-writer.js';

/** Makes text safe inside a one-line `#` comment (file names come from the command line). */
export function commentSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** Data as YAML (never text templating: every value is quoted by the serializer as needed). */
export function toYaml(data: unknown): string {
  return writeYaml(data);
}

/** A generated YAML file: header comment lines, then the data. */
export function yamlFile(header: readonly string[], data: unknown): string {
  return header.map((line) => `# ${commentSafe(line)}\n`).join('') + toYaml(data);
}
