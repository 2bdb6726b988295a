import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, readJsonDocument } from '@readin/core';
import { parseReport, type ReportInput } from './model.js';

/**
 * Reads the reports in a JSON file (a ScoreReport, an EvalReport or an array of them) or in a run folder
 * (its `scores.json`). Throws NotFoundError for a missing path and DataFormatError naming the file and
 * field for anything else.
 */
export async function readReport(path: string): Promise<ReportInput[]> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'scores.json');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('no such file or folder.', {
        file: path,
        hint: 'Give a score JSON file (`readin score --json > s.json`) or a run folder holding scores.json.',
        cause: error,
      });
    throw error;
  }
  try {
    await stat(file);
  } catch (error) {
    throw new NotFoundError('the folder has no scores.json.', {
      file: path,
      hint: 'A run folder of `readin eval` holds scores.json; give that folder or a score JSON file.',
      cause: error,
    });
  }
  return parseReport(await readJsonDocument(file), { file });
}
