/** Messages between the bus topology webview and the extension host. */
import type { LocateTarget } from './locate-target';

export interface TopologySummary {
  groups: number;
  loci: number;
  topics: number;
  edges: number;
}

export type HostMessage =
  | { type: 'render'; program: string; svg: string; summary: TopologySummary; notes: string[]; updatedAt: string }
  | { type: 'status'; program: string; text: string; error: boolean }
  /** The file the view is about, for the webview to keep in its state (restored after a reload). */
  | { type: 'state'; file: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'open'; target: LocateTarget }
  | { type: 'export'; format: 'svg' | 'mermaid' }
  | { type: 'refresh' };
