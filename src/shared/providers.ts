import { z } from 'zod';

/**
 * A provider is named by a slug; which slugs exist is the main process's registry
 * (src/main/registration/providers/index.ts), never a list in this layer. Main checks membership at every boundary.
 */
export const providerIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'a provider id: 2–32 lower-case letters, digits or dashes, starting with a letter');
export type ProviderId = z.infer<typeof providerIdSchema>;

const sentence = z.string().min(1).max(600);

/**
 * What the window shows about a provider and how it branches on it, sent by main over `providerList`. Guide steps
 * may name `{appName}` and `{callbackUrl}`, which the window fills in for the installation at hand.
 */
export const providerDescriptorSchema = z.strictObject({
  id: providerIdSchema,
  title: z.string().min(1).max(80),
  /** What a sentence calls it ("Use Microsoft Entra ID instead"). */
  name: z.string().min(1).max(60),
  /** A few words for a badge (the installations list). */
  pillTitle: z.string().min(1).max(40),
  /** The choice in the new-installation form. */
  choice: z.strictObject({
    label: z.string().min(1).max(120),
    /** Offered to new installations (the form preselects the first such provider). */
    newInstallations: z.boolean(),
  }),
  guide: z.strictObject({ register: z.array(sentence).min(1).max(8), rotate: z.array(sentence).min(1).max(8) }),
  /** The portal lets the admin choose the secret's lifetime, so the window asks for its expiry date. */
  asksSecretExpiry: z.boolean(),
  /**
   * Microsoft Entra ID apps: made (and their secrets renewed) through Microsoft Graph after one sign-in, which the
   * window offers first, and secrets proven at the tenant's token endpoint.
   */
  graph: z.boolean(),
  /** Offered when this provider's register page refuses new apps. */
  successor: providerIdSchema.optional(),
});
export type ProviderDescriptor = z.infer<typeof providerDescriptorSchema>;

export const providerListSchema = z.strictObject({ providers: z.array(providerDescriptorSchema).max(32) });
