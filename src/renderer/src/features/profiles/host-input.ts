/**
 * What an admin pastes for a host name, cleaned: `https://deepsource.example.com/login?x` → `deepsource.example.com`.
 * A value that is not recognisably a URL or host is returned trimmed, for the schema to judge.
 */
export function cleanHostname(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') return '';
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(candidate);
    if (url.username || url.password) return trimmed;
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return trimmed;
  }
}
