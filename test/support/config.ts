// Config errors as a user sees them: the message of the ConfigError that parsing `text` throws.
import { ConfigError, parseConfig } from '../../config';

export function configErrorsOf(text: string, file = 'site.yaml'): string {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
