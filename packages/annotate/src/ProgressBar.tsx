import { Text } from 'ink';

export interface ProgressBarProps {
  /** Items finished. */
  readonly done: number;
  readonly total: number;
  /** Width of the bar in columns, brackets included. */
  readonly width: number;
}

/** The bar as text: `[████░░░░]`. */
export function progressBarText(done: number, total: number, width: number): string {
  const inner = Math.max(1, width - 2);
  const filled = total > 0 ? Math.min(inner, Math.floor((done / total) * inner)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(inner - filled)}]`;
}

/** A one-line progress bar. */
export function ProgressBar({ done, total, width }: ProgressBarProps) {
  return <Text color="green">{progressBarText(done, total, width)}</Text>;
}
