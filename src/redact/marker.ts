/** The one marker used everywhere a secret value was removed. */
export const REDACTED = '<redacted>';
