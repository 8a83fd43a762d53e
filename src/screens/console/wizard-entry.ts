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

/** A run the wizard offers to resume (the same runs as `hapilot run NAME --resume`). */
export interface ResumableRunInfo {
  runId: string;
  procedure: string;
  startedAt: string;
  operator: string;
  steps: { done: number; total: number };
  /**
   * killed: its hapilot died mid-run, so the lock may still be held and automation paused.
   * incomplete: it stopped itself (a declined gate, Ctrl-C) and released both; resumable while
   * the cluster is as it left it.
   */
  kind: 'killed' | 'incomplete';
  /** For an incomplete run: when and why it stopped. */
  stopped: { at: string; why: string } | null;
}

export interface LoadedWizard {
  Screen: ComponentType<WizardScreenProps>;
  /** Runs of this cluster that can be resumed: killed ones, and incomplete ones nothing came after. */
  resumable(): ResumableRunInfo[];
}

export interface WizardEntry {
  load(): Promise<LoadedWizard>;
}
