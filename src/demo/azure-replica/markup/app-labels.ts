/**
 * The captions of an app registration's own pages (New registration, Authentication, API permissions) and of the
 * account types, in the portal's display languages the replica serves them in. English is the portal's; the other
 * languages are written as the portal words them as far as we know (not checked against every portal release): the
 * reader matches them by meaning, and a page it cannot map gives nothing rather than a guess.
 */
export type AppLocale = 'en' | 'de' | 'fr' | 'ja';

/** Graph's names for who may sign in to an app (application.signInAudience). */
export type Audience = 'AzureADMyOrg' | 'AzureADMultipleOrgs' | 'AzureADandPersonalMicrosoftAccount' | 'PersonalMicrosoftAccount';

export interface AppText {
  authentication: string;
  apiPermissions: string;
  registerTitle: string;
  name: string;
  nameHelp: string;
  accountTypes: string;
  whoCanUse: string;
  /** The account type choices as the register form and the Authentication page word them (`{tenant}` is filled in). */
  choice: Readonly<Record<Audience, string>>;
  /** The same, as the Overview's Essentials show it in one phrase. */
  short: Readonly<Record<Audience, string>>;
  redirectUriOptional: string;
  redirectUriHelp: string;
  selectPlatform: string;
  platforms: { web: string; spa: string; publicClient: string };
  register: string;
  platformConfigurations: string;
  addPlatform: string;
  redirectUris: string;
  redirectUrisHelp: string;
  addUri: string;
  logoutUrl: string;
  implicit: string;
  save: string;
  configuredPermissions: string;
  permissionsIntro: string;
  addPermission: string;
  grantConsent: string;
  columns: { name: string; type: string; description: string; adminConsent: string; status: string };
  delegated: string;
  application: string;
  granted: string;
  notGranted: string;
  yes: string;
  no: string;
  requestPermissions: string;
  myOrganizationApis: string;
  delegatedChoice: string;
  addPermissions: string;
}

export const APP_TEXT: Readonly<Record<AppLocale, AppText>> = {
  en: {
    authentication: 'Authentication', apiPermissions: 'API permissions', registerTitle: 'Register an application', name: 'Name',
    nameHelp: 'The user-facing display name for this application (this can be changed later).', accountTypes: 'Supported account types',
    whoCanUse: 'Who can use this application or access this API?',
    choice: {
      AzureADMyOrg: 'Accounts in this organizational directory only ({tenant} only - Single tenant)',
      AzureADMultipleOrgs: 'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant)',
      AzureADandPersonalMicrosoftAccount: 'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant) and personal Microsoft accounts (e.g. Skype, Xbox)',
      PersonalMicrosoftAccount: 'Personal Microsoft accounts only',
    },
    short: { AzureADMyOrg: 'My organization only', AzureADMultipleOrgs: 'Multiple organizations', AzureADandPersonalMicrosoftAccount: 'All Microsoft account users', PersonalMicrosoftAccount: 'Personal Microsoft accounts only' },
    redirectUriOptional: 'Redirect URI (optional)',
    redirectUriHelp: 'We’ll return the authentication response to this URI after successfully authenticating the user. Providing this now is optional and it can be changed later, but a value is required for most authentication scenarios.',
    selectPlatform: 'Select a platform', platforms: { web: 'Web', spa: 'Single-page application (SPA)', publicClient: 'Public client/native (mobile & desktop)' }, register: 'Register',
    platformConfigurations: 'Platform configurations', addPlatform: '+ Add a platform', redirectUris: 'Redirect URIs',
    redirectUrisHelp: 'The URIs we will accept as destinations when returning authentication responses (tokens) after successfully authenticating or signing out users.',
    addUri: 'Add URI', logoutUrl: 'Front-channel logout URL', implicit: 'Implicit grant and hybrid flows', save: 'Save',
    configuredPermissions: 'Configured permissions',
    permissionsIntro: 'Applications are authorized to call APIs when they are granted permissions by users/admins as part of the consent process. The list of configured permissions should include all the permissions the application needs.',
    addPermission: '+ Add a permission', grantConsent: 'Grant admin consent for {tenant}',
    columns: { name: 'API / Permissions name', type: 'Type', description: 'Description', adminConsent: 'Admin consent required', status: 'Status' },
    delegated: 'Delegated', application: 'Application', granted: 'Granted for {tenant}', notGranted: 'Not granted for {tenant}', yes: 'Yes', no: 'No',
    requestPermissions: 'Request API permissions', myOrganizationApis: 'APIs my organization uses', delegatedChoice: 'Delegated permissions', addPermissions: 'Add permissions',
  },
  de: {
    authentication: 'Authentifizierung', apiPermissions: 'API-Berechtigungen', registerTitle: 'Anwendung registrieren', name: 'Name',
    nameHelp: 'Der benutzerseitige Anzeigename für diese Anwendung (kann später geändert werden).', accountTypes: 'Unterstützte Kontotypen',
    whoCanUse: 'Wer kann diese Anwendung verwenden oder auf diese API zugreifen?',
    choice: {
      AzureADMyOrg: 'Nur Konten in diesem Organisationsverzeichnis (nur „{tenant}“ – einzelner Mandant)',
      AzureADMultipleOrgs: 'Konten in einem beliebigen Organisationsverzeichnis (beliebiger Microsoft Entra ID-Mandant – mehrinstanzenfähig)',
      AzureADandPersonalMicrosoftAccount: 'Konten in einem beliebigen Organisationsverzeichnis (beliebiger Microsoft Entra ID-Mandant – mehrinstanzenfähig) und persönliche Microsoft-Konten (z. B. Skype, Xbox)',
      PersonalMicrosoftAccount: 'Nur persönliche Microsoft-Konten',
    },
    short: { AzureADMyOrg: 'Nur meine Organisation', AzureADMultipleOrgs: 'Mehrere Organisationen', AzureADandPersonalMicrosoftAccount: 'Alle Microsoft-Kontobenutzer', PersonalMicrosoftAccount: 'Nur persönliche Microsoft-Konten' },
    redirectUriOptional: 'Umleitungs-URI (optional)',
    redirectUriHelp: 'Die Authentifizierungsantwort wird nach erfolgreicher Authentifizierung des Benutzers an diesen URI zurückgegeben.',
    selectPlatform: 'Plattform auswählen', platforms: { web: 'Web', spa: 'Single-Page-Webanwendung (SPA)', publicClient: 'Öffentlicher Client/nativ (mobil und Desktop)' }, register: 'Registrieren',
    platformConfigurations: 'Plattformkonfigurationen', addPlatform: '+ Plattform hinzufügen', redirectUris: 'Umleitungs-URIs',
    redirectUrisHelp: 'Die URIs, die als Ziele für Authentifizierungsantworten (Token) akzeptiert werden.',
    addUri: 'URI hinzufügen', logoutUrl: 'Front-Channel-Abmelde-URL', implicit: 'Implizite Genehmigung und hybride Flows', save: 'Speichern',
    configuredPermissions: 'Konfigurierte Berechtigungen',
    permissionsIntro: 'Anwendungen dürfen APIs aufrufen, wenn ihnen Benutzer oder Administratoren im Rahmen der Einwilligung Berechtigungen erteilen.',
    addPermission: '+ Berechtigung hinzufügen', grantConsent: 'Administratorzustimmung für „{tenant}“ erteilen',
    columns: { name: 'API/Berechtigungsname', type: 'Typ', description: 'Beschreibung', adminConsent: 'Administratoreinwilligung erforderlich', status: 'Status' },
    delegated: 'Delegiert', application: 'Anwendung', granted: 'Gewährt für „{tenant}“', notGranted: 'Nicht gewährt für „{tenant}“', yes: 'Ja', no: 'Nein',
    requestPermissions: 'API-Berechtigungen anfordern', myOrganizationApis: 'Von meiner Organisation verwendete APIs', delegatedChoice: 'Delegierte Berechtigungen', addPermissions: 'Berechtigungen hinzufügen',
  },
  fr: {
    authentication: 'Authentification', apiPermissions: 'Autorisations de l’API', registerTitle: 'Inscrire une application', name: 'Nom',
    nameHelp: 'Nom d’affichage de cette application destiné aux utilisateurs (il peut être modifié ultérieurement).', accountTypes: 'Types de comptes pris en charge',
    whoCanUse: 'Qui peut utiliser cette application ou accéder à cette API ?',
    choice: {
      AzureADMyOrg: 'Comptes dans cet annuaire d’organisation uniquement ({tenant} uniquement - Locataire unique)',
      AzureADMultipleOrgs: 'Comptes dans un annuaire d’organisation (tout locataire Microsoft Entra ID - Multilocataire)',
      AzureADandPersonalMicrosoftAccount: 'Comptes dans un annuaire d’organisation (tout locataire Microsoft Entra ID - Multilocataire) et comptes Microsoft personnels (par exemple, Skype, Xbox)',
      PersonalMicrosoftAccount: 'Comptes Microsoft personnels uniquement',
    },
    short: { AzureADMyOrg: 'Mon organisation uniquement', AzureADMultipleOrgs: 'Plusieurs organisations', AzureADandPersonalMicrosoftAccount: 'Tous les utilisateurs de compte Microsoft', PersonalMicrosoftAccount: 'Comptes Microsoft personnels uniquement' },
    redirectUriOptional: 'URI de redirection (facultatif)',
    redirectUriHelp: 'La réponse d’authentification est renvoyée à cet URI une fois l’utilisateur authentifié.',
    selectPlatform: 'Sélectionner une plateforme', platforms: { web: 'Web', spa: 'Application monopage (SPA)', publicClient: 'Client public/natif (mobile et bureau)' }, register: 'S’inscrire',
    platformConfigurations: 'Configurations de plateforme', addPlatform: '+ Ajouter une plateforme', redirectUris: 'URI de redirection',
    redirectUrisHelp: 'URI acceptés comme destinations lors du retour des réponses d’authentification (jetons).',
    addUri: 'Ajouter un URI', logoutUrl: 'URL de déconnexion du canal frontal', implicit: 'Octroi implicite et flux hybrides', save: 'Enregistrer',
    configuredPermissions: 'Autorisations configurées',
    permissionsIntro: 'Les applications sont autorisées à appeler des API lorsque des utilisateurs ou des administrateurs leur accordent des autorisations.',
    addPermission: '+ Ajouter une autorisation', grantConsent: 'Accorder un consentement d’administrateur pour {tenant}',
    columns: { name: 'Nom de l’API / des autorisations', type: 'Type', description: 'Description', adminConsent: 'Consentement administrateur requis', status: 'État' },
    delegated: 'Déléguée', application: 'Application', granted: 'Accordé pour {tenant}', notGranted: 'Non accordé pour {tenant}', yes: 'Oui', no: 'Non',
    requestPermissions: 'Demander des autorisations d’API', myOrganizationApis: 'API utilisées par mon organisation', delegatedChoice: 'Autorisations déléguées', addPermissions: 'Ajouter des autorisations',
  },
  ja: {
    authentication: '認証', apiPermissions: 'API のアクセス許可', registerTitle: 'アプリケーションの登録', name: '名前',
    nameHelp: 'このアプリケーションのユーザー向け表示名 (後で変更できます)。', accountTypes: 'サポートされているアカウントの種類',
    whoCanUse: 'このアプリケーションを使用したりこの API にアクセスしたりできるのはだれですか?',
    choice: {
      AzureADMyOrg: 'この組織ディレクトリのみに含まれるアカウント ({tenant} のみ - シングル テナント)',
      AzureADMultipleOrgs: '任意の組織ディレクトリ内のアカウント (任意の Microsoft Entra ID テナント - マルチテナント)',
      AzureADandPersonalMicrosoftAccount: '任意の組織ディレクトリ内のアカウント (任意の Microsoft Entra ID テナント - マルチテナント) と個人用 Microsoft アカウント (Skype、Xbox など)',
      PersonalMicrosoftAccount: '個人用 Microsoft アカウントのみ',
    },
    short: { AzureADMyOrg: '自分の組織のみ', AzureADMultipleOrgs: '複数の組織', AzureADandPersonalMicrosoftAccount: 'すべての Microsoft アカウント ユーザー', PersonalMicrosoftAccount: '個人用 Microsoft アカウントのみ' },
    redirectUriOptional: 'リダイレクト URI (省略可能)',
    redirectUriHelp: 'ユーザーの認証が成功すると、この URI に認証応答が返されます。',
    selectPlatform: 'プラットフォームの選択', platforms: { web: 'Web', spa: 'シングルページ アプリケーション (SPA)', publicClient: 'パブリック クライアント/ネイティブ (モバイルとデスクトップ)' }, register: '登録',
    platformConfigurations: 'プラットフォーム構成', addPlatform: '+ プラットフォームを追加', redirectUris: 'リダイレクト URI',
    redirectUrisHelp: '認証応答 (トークン) を返すときに宛先として受け入れる URI。',
    addUri: 'URI の追加', logoutUrl: 'フロントチャネルのログアウト URL', implicit: '暗黙的な許可およびハイブリッド フロー', save: '保存',
    configuredPermissions: '構成されたアクセス許可',
    permissionsIntro: '同意プロセスの一環としてユーザーまたは管理者からアクセス許可が付与されると、アプリケーションは API を呼び出すことが承認されます。',
    addPermission: '+ アクセス許可の追加', grantConsent: '{tenant} に管理者の同意を与えます',
    columns: { name: 'API / アクセス許可の名前', type: '種類', description: '説明', adminConsent: '管理者の同意が必要', status: '状態' },
    delegated: '委任', application: 'アプリケーション', granted: '{tenant} に付与されました', notGranted: '{tenant} に付与されていません', yes: 'はい', no: 'いいえ',
    requestPermissions: 'API アクセス許可の要求', myOrganizationApis: '所属する組織で使用している API', delegatedChoice: '委任されたアクセス許可', addPermissions: 'アクセス許可の追加',
  },
};

export function withTenant(text: string, tenant: string): string {
  return text.replace('{tenant}', tenant);
}
