import type { Command } from '../command.js';
import {
  annotateCommand,
  annotateExportCommand,
  annotatePlanCommand,
  annotateStatusCommand,
} from './annotate.js';
import { dataStatsCommand, dataValidateCommand } from './data.js';
import { evalCommand } from './eval.js';
import { noiseAsrCommand, noiseDatasetCommand, noiseFitCommand, noiseKeyboardCommand } from './noise.js';
import { noiseAnalyzeCommand } from './noise-analyze.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { scoreCommand } from './score.js';

/** Every `readin` command, in help order. Add a command by importing it here. */
export const COMMANDS: readonly Command[] = [
  dataValidateCommand,
  dataStatsCommand,
  evalCommand,
  runCommand,
  scoreCommand,
  reportCommand,
  annotateCommand,
  annotatePlanCommand,
  annotateStatusCommand,
  annotateExportCommand,
  noiseKeyboardCommand,
  noiseAsrCommand,
  noiseAnalyzeCommand,
  noiseFitCommand,
  noiseDatasetCommand,
];
