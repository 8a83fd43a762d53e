// The wizard's entry, loaded by a dynamic import only in a read-write console: binds the wizard
// to the cluster and the read-write connections, with the real ops functions.
import type { LoadedCluster } from '../../config/load-cluster.js';
import type { NodeId } from '../../cluster/facts.js';
import type { CommandRunner } from '../../transport/types.js';
import { createEngine, planText, prepareRun, procedures } from '../../ops/launcher.js';
import { checkPlannedUnchanged, resumableRuns, resumePoint } from '../../ops/resume.js';
import { readRun } from '../../ops/journal.js';
import type { LoadedWizard, WizardScreenProps } from '../console/wizard-entry.js';
import { WizardController, type OpsApi } from './wizard-controller.js';
import { WizardScreen } from './WizardScreen.js';

export const realOps: OpsApi = {
  procedures,
  prepareRun,
  planText,
  createEngine,
  resumableRuns: (c) => resumableRuns(c),
  readRun,
  resumePoint,
  checkUnchanged: checkPlannedUnchanged,
};

/** `runners` must belong to a session that is not read-only: the engine sends change commands. */
export function loadWizard(cluster: LoadedCluster, runners: Record<NodeId, CommandRunner>, ops: OpsApi = realOps): LoadedWizard {
  const controller = new WizardController(cluster, runners, ops);
  // biome-ignore lint/correctness/noComponentHookFactories: made once per console session (loadWizard runs once), bound to its controller
  const Screen = (props: WizardScreenProps) => <WizardScreen controller={controller} {...props} />;
  return { Screen, resumable: () => controller.resumable() };
}
