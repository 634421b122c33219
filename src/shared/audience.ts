import { z } from 'zod';

/** Who may sign in to an Entra app, in Microsoft Graph's words (application.signInAudience). */
export const signInAudiences = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'] as const;
export const signInAudienceSchema = z.enum(signInAudiences);
export type SignInAudience = z.infer<typeof signInAudienceSchema>;
