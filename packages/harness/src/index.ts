export {
  type ScoreOptions,
  type ScoreOutcome,
  scoreLoaded,
  scorePredictions,
  scoreReportJson,
} from './score.js';
