import type { RedfishMessageInfo } from '../errors.js';
import { arr, isResource, obj, type RedfishResource, str } from './types.js';

/** The `@Message.ExtendedInfo` of an error body (under `error` or at the top). @public */
export function extendedInfo(body: RedfishResource | null): RedfishMessageInfo[] {
  if (!body) return [];
  const error = obj(body, 'error');
  const entries = [...arr(error, '@Message.ExtendedInfo'), ...arr(body, '@Message.ExtendedInfo')];
  const messages: RedfishMessageInfo[] = [];
  // Some BMCs put the text only in `error.message` and leave `Message` out of a single ExtendedInfo entry.
  const errorText = str(error, 'message');
  for (const entry of entries) {
    if (!isResource(entry)) continue;
    messages.push({
      messageId: str(entry, 'MessageId') ?? 'unknown',
      message: str(entry, 'Message') ?? (entries.length === 1 ? (errorText ?? '') : ''),
      severity: str(entry, 'MessageSeverity') ?? str(entry, 'Severity'),
      resolution: str(entry, 'Resolution'),
    });
  }
  if (messages.length === 0 && error) {
    const code = str(error, 'code');
    const message = str(error, 'message');
    if (code || message)
      messages.push({
        messageId: code ?? 'unknown',
        message: message ?? '',
        severity: null,
        resolution: null,
      });
  }
  return messages;
}
