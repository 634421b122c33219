/** An installation as a sentence names it: its label, and where it runs when the label does not already say so. */
export function installationName(profile: { label: string; hostname: string }): string {
  return profile.label === profile.hostname ? profile.label : `${profile.label} at ${profile.hostname}`;
}
