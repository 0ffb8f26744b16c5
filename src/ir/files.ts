import type { IrFile } from './types.js';

/** The referenced files of a bundle: the path as written in the spec → content. */
export type BundleFiles = Readonly<Record<string, string>>;

/** The IR form of a referenced file; the validator has checked that the bundle holds it. */
export function irFile(files: BundleFiles, ref: string): IrFile {
  const content = files[ref];
  if (content === undefined) throw new Error(`the bundle holds no file ${JSON.stringify(ref)} (validate the bundle first)`);
  return { ref, content };
}

/** A secret file's content without the one trailing newline editors add (the same rule for every use). */
export function secretText(content: string): string {
  return content.replace(/\r?\n$/, '');
}
