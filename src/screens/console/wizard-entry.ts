// The console's view of the procedure wizard, without importing it: the wizard (and through it
// src/ops) is loaded by a dynamic import only in a read-write console, so a read-only console
// never has the code that changes a node in memory. Types only from here on the console side.
import type { ComponentType } from 'react';
import type { DashboardModel } from '../dashboard-model.js';

export type WizardStart = { kind: 'pick' } | { kind: 'procedure'; name: string } | { kind: 'resume' };

export interface WizardScreenProps {
  width: number;
  height: number;
  /** Both nodes as the console sees them, for the compact view beside the steps. */
  model: DashboardModel;
  start: WizardStart;
  /** Back to the dashboard (not while a run is in progress). */
  onClose(): void;
  /** Leave hapilot. */
  onQuit(): void;
}

export interface UnfinishedRunInfo {
  runId: string;
  procedure: string;
  startedAt: string;
  operator: string;
  steps: { done: number; total: number };
}

export interface LoadedWizard {
  Screen: ComponentType<WizardScreenProps>;
  /** Runs of this cluster that never ended and whose process is gone. */
  unfinished(): UnfinishedRunInfo[];
}

export interface WizardEntry {
  load(): Promise<LoadedWizard>;
}
