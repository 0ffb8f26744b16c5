import Apply from './commands/apply.js';
import Bootstrap from './commands/bootstrap.js';
import Compile from './commands/compile.js';
import Delete from './commands/delete.js';
import Diff from './commands/diff.js';
import Get from './commands/get.js';
import Init from './commands/init.js';
import Probe from './commands/probe.js';
import Reload from './commands/reload.js';
import Rollback from './commands/rollback.js';
import Schema from './commands/schema.js';
import Serve from './commands/serve.js';
import Status from './commands/status.js';
import Validate from './commands/validate.js';

/** Every CLI command by id, for running commands in-process (the tests). The CLI itself finds them in dist/cli/commands through oclif.manifest.json, written by the build, and imports only the one it runs. */
export const COMMANDS = {
  apply: Apply,
  bootstrap: Bootstrap,
  compile: Compile,
  delete: Delete,
  diff: Diff,
  get: Get,
  init: Init,
  probe: Probe,
  reload: Reload,
  rollback: Rollback,
  schema: Schema,
  serve: Serve,
  status: Status,
  validate: Validate,
};
