export { AnnotateApp, type AnnotateAppProps } from './AnnotateApp.js';
export {
  DEFAULT_ASR_URL,
  type TranscribeOptions,
  type Transcript,
  transcribe,
  transcriptionUrl,
} from './asr.js';
export {
  type ExportedVersion,
  type ExportOptions,
  type ExportSummary,
  exportSession,
  type QaRow,
  sessionAnnotators,
} from './export.js';
export { guideDir, loadGuide, markdownToText } from './guide.js';
export { type AnnotationItem, type ItemSet, itemKey, type LoadItemsOptions, loadItems } from './items.js';
export {
  type EntryStatus,
  Journal,
  type JournalContents,
  type JournalEntry,
  lockHolder,
  type OpenJournalOptions,
  parseJournal,
  readJournal,
} from './journal.js';
export { assignedIds, type Plan, type PlanOptions, planAssignments, readPlan, writePlan } from './plan.js';
export { charErrorRate, type QaFlag, type QaKind, type QaOptions, qaFlags } from './qa.js';
export {
  findRecorder,
  type Recorder,
  type Recording,
  recorderArgs,
  requireRecorder,
  startRecording,
} from './recorder.js';
export { type RunAnnotatorOptions, type RunAnnotatorResult, runAnnotator } from './run.js';
export {
  type AnnotationMode,
  type AnnotatorMeta,
  type AsrConfig,
  checkAnnotatorId,
  type PostEditRule,
  readAnnotatorMeta,
  readSessionConfig,
  requireSessionConfig,
  type SessionConfig,
  type SpeechSource,
  type SpeedRule,
  sessionPaths,
  speedRule,
  updateAnnotatorMeta,
} from './session.js';
export { type OpenedSession, openSession, type SessionInit } from './setup.js';
export {
  type ActiveCapture,
  audioFileName,
  type CaptureResult,
  type RecordingCaptureOptions,
  recordingCapture,
  type SpeechCapture,
} from './speech.js';
export { type AnnotatorStatus, type SessionStatus, sessionStatus } from './status.js';
export type { JournalSink } from './use-annotator.js';
export { displayWidth, truncateByWidth, wrapByWidth } from './width.js';
