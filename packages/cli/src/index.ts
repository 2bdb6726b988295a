export type { Command, CommandContext, OptionSpec } from './command.js';
export { COMMANDS } from './commands/index.js';
export { type MainIo, main } from './main.js';
