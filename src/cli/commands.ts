import Bootstrap from './commands/bootstrap.js';
import Compile from './commands/compile.js';
import Init from './commands/init.js';
import Schema from './commands/schema.js';
import Serve from './commands/serve.js';
import Validate from './commands/validate.js';

/** Every CLI command by id (oclif's explicit command strategy: no directory scan at startup). */
export const COMMANDS = {
  bootstrap: Bootstrap,
  compile: Compile,
  init: Init,
  schema: Schema,
  serve: Serve,
  validate: Validate,
};
