import type { Command } from '../command.js';

/** Every `readin` command, in help order. Add a command by importing it here. */
export const COMMANDS: readonly Command[] = [];
