import { AppInfoService } from '../../src/main/app-info/app-info';

/** An AppInfoService with fixed facts, for tests that need a complete handler table. */
export function testAppInfo(overrides: { version?: string; dataDir?: string } = {}): AppInfoService {
  return new AppInfoService(
    { name: 'ADS Setup Assistant', version: overrides.version ?? '9.9.9', platform: 'linux', arch: 'x64', versions: { node: '20.0.0' } },
    { demo: false, dataDir: overrides.dataDir ?? '/tmp/ads-setup-test', keychainService: 'ads-setup-test' },
  );
}
