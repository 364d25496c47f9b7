/**
 * A refusal or failure written for the model: the tool box turns it into an `is_error` tool result with this
 * message as it is, so the model can correct its next call. Anything else thrown is reported the same way
 * but prefixed as unexpected.
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
