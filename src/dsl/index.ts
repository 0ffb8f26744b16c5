/** The typed TypeScript DSL: builders that produce exactly the spec objects the YAML path produces. */
export { gateway, listener, route, backend, jwtProvider } from './builders.js';
export { duration } from './duration.js';
export type { DurationString, DurationInput, DurationParts } from './duration.js';
export { file } from './file.js';
export type { FileRef, FileInput } from './file.js';
export type * from './props.generated.js';
export type * from './refs.js';
export type { CallSite } from './call-site.js';
