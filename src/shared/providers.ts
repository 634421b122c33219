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

/** An app's own page in the provider's portal, which the guide can open in the built-in browser. */
export const appPages = ['overview', 'authentication', 'apiPermissions', 'credentials'] as const;
export const appPageSchema = z.enum(appPages);
export type AppPage = z.infer<typeof appPageSchema>;

/**
 * One thing the admin does in Azure, and when the window ticks it off: once a trusted page of the provider shows
 * (`signed-in`), once the register form was filled in for them (`prefilled`), once these values are read, or once
 * these checks of what was read back from the app's pages passed. `link`: the app's page the step happens on, which
 * the window opens in the built-in browser once the app is known.
 */
export const guideStepSchema = z.strictObject({
  text: sentence,
  done: z.union([
    z.literal('signed-in'),
    z.literal('prefilled'),
    z.strictObject({ values: z.array(z.string().min(1).max(32)).min(1).max(8) }),
    z.strictObject({ checks: z.array(z.string().min(1).max(64)).min(1).max(8) }),
  ]),
  link: appPageSchema.optional(),
});
export type GuideStep = z.infer<typeof guideStepSchema>;
const guideSteps = z.array(guideStepSchema).min(1).max(8);

/**
 * What the window shows about a provider and how it branches on it, sent by main over `providerList`. Guide steps
 * may name `{appName}`, `{callbackUrl}` and `{accountType}`, which the window fills in for the installation at hand.
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
  guide: z.strictObject({ register: guideSteps, rotate: guideSteps }),
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
