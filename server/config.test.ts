// Service flags and environment: the service binds loopback unless told otherwise, and --auth
// needs accepted tokens.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('binds 127.0.0.1 by default, with no auth', () => {
    const config = readConfig([], {});
    expect(config.host).toBe('127.0.0.1');
    expect(config.authTokens).toBeUndefined();
    expect(config.mode).toBe('local');
  });

  it('binds another address only when told, by flag (winning) or HOST', () => {
    expect(readConfig([], { HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(readConfig(['--host', '::1'], { HOST: '0.0.0.0' }).host).toBe('::1');
  });

  it('--auth takes the tokens from AUTH_TOKENS or a file, split on commas and whitespace', () => {
    expect(readConfig(['--auth'], { AUTH_TOKENS: 'one, two\nthree' }).authTokens).toEqual(['one', 'two', 'three']);
    const dir = mkdtempSync(join(tmpdir(), 'profile-console-config-'));
    try {
      const file = join(dir, 'tokens');
      writeFileSync(file, 'from-file\n');
      expect(readConfig(['--auth-tokens-file', file], {}).authTokens).toEqual(['from-file']);
      expect(readConfig([], { AUTH_TOKENS_FILE: file }).authTokens).toEqual(['from-file']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --auth without tokens rather than running open', () => {
    expect(() => readConfig(['--auth'], {})).toThrow(ConfigError);
    expect(() => readConfig(['--auth'], { AUTH_TOKENS: ' , ' })).toThrow(/AUTH_TOKENS/);
  });
});
