import { compileGateway, emitContextFor } from '../../../src/compile/compile.js';
import { lowerGateway } from '../../../src/ir/lower.js';
import type { IrGateway } from '../../../src/ir/types.js';
import { validateFiles, validateText, type SourcedGateway } from '../../../src/spec/validate.js';
import type { EmitContext } from '../../../src/targets/target.js';

/** The gateway of a spec file (fails the test on invalid input). */
export function sourced(file: string): SourcedGateway {
  const result = validateFiles([file]);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.gateways[0] as SourcedGateway;
}

/** IR and emit context of a spec file, output directory out/. */
export function loaded(file: string): { ir: IrGateway; ctx: EmitContext; source: SourcedGateway } {
  const source = sourced(file);
  return { ir: lowerGateway(source.bundle.gateway, source.bundle.files), ctx: emitContextFor(source, 'out'), source };
}

/** IR and context of spec text, with referenced files resolved against specDir. */
export function loadedText(text: string, specDir: string): { ir: IrGateway; ctx: EmitContext; source: SourcedGateway } {
  const result = validateText(`${specDir}/inline.yaml`, text, specDir);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const source = result.gateways[0] as SourcedGateway;
  return { ir: lowerGateway(source.bundle.gateway, source.bundle.files), ctx: emitContextFor(source, 'out'), source };
}

/** Compiles for envoy through the same path as the CLI (capability checks, then emit). */
export { compileGateway };

/** The full-feature spec the golden suite uses. */
export const EVERYTHING = 'test/golden/valid-everything/input.yaml';
