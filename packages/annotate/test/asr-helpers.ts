export {
  findRecorder,
  recorderArgs,
  recordingCapture,
  requireRecorder,
  transcribe,
  transcriptionUrl,
} from '../src/index.js';

export interface ModelErrorLike {
  readonly code: string;
  readonly message: string;
}
