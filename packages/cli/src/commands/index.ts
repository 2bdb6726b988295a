import type { Command } from '../command.js';
import { dataStatsCommand, dataValidateCommand } from './data.js';
import { reportCommand } from './report.js';
import { scoreCommand } from './score.js';

/** Every `readin` command, in help order. Add a command by importing it here. */
export const COMMANDS: readonly Command[] = [
  dataValidateCommand,
  dataStatsCommand,
  scoreCommand,
  reportCommand,
];
