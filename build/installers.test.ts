import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const config = JSON.parse(readFileSync(path.join(root, 'electron-builder.json'), 'utf8')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
};
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

describe('the installer configuration (electron-builder.json)', () => {
  it("is valid against electron-builder's own JSON schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const { $schema: _schema, ...rest } = config;
    expect(validate(rest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('flips the fuses that close Node-style entry points and load only the signed asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // electron-builder hands these to @electron/fuses; each names a real fuse of this Electron.
    const fuses = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    for (const key of Object.keys(config.electronFuses)) expect(fuses.map((f) => f.toLowerCase())).toContain(key.toLowerCase());
  });

  it('builds AppImage and deb, dmg and nsis, with keytar outside the asar and no CLI or sources inside', () => {
    expect(config).toMatchObject({ linux: { target: ['AppImage', 'deb'] }, mac: { target: ['dmg'] }, win: { target: ['nsis'] } });
    expect(config.asarUnpack).toContain('node_modules/keytar/**');
    expect(config.files.every((pattern) => pattern.startsWith('out/main') || pattern.startsWith('out/preload') || pattern.startsWith('out/renderer') || pattern === 'package.json')).toBe(true);
  });
});
