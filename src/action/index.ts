import * as core from '@actions/core';
import { runAction } from './run-action.js';

// The Action's entry point (bundled into dist/index.js). Any error fails the step with one clear line.
runAction().catch((error: unknown) => {
  core.setFailed(error instanceof Error ? error.message : String(error));
});
