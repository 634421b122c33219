/**
 * The captions Azure's pages show, per display language (English, German, French, Japanese, Hebrew for a
 * right-to-left layout). The portal is localised by the admin's language setting; the extractor matches these by
 * meaning. French pages write a space before a colon and the typographic apostrophe (’).
 */
export type Locale = 'en' | 'de' | 'fr' | 'ja' | 'he';

export interface PortalText {
  appRegistrations: string;
  newRegistration: string;
  overview: string;
  credentials: string;
  essentials: string;
  displayName: string;
  appId: string;
  objectId: string;
  tenantId: string;
  clientCredentials: string;
  redirectUris: string;
  appIdUri: string;
  accountTypes: string;
  createdOn: string;
  description: string;
  expires: string;
  value: string;
  secretId: string;
  clientSecrets: string;
  certificates: string;
  newSecret: string;
  add: string;
  copy: string;
  copied: string;
  valueTooltip: string;
}

export const PORTAL_TEXT: Readonly<Record<Locale, PortalText>> = {
  en: {
    appRegistrations: 'App registrations', newRegistration: '+ New registration', overview: 'Overview', credentials: 'Certificates & secrets', essentials: 'Essentials',
    displayName: 'Display name', appId: 'Application (client) ID', objectId: 'Object ID', tenantId: 'Directory (tenant) ID', clientCredentials: 'Client credentials',
    redirectUris: 'Redirect URIs', appIdUri: 'Application ID URI', accountTypes: 'Supported account types', createdOn: 'Created on', description: 'Description',
    expires: 'Expires', value: 'Value', secretId: 'Secret ID', clientSecrets: 'Client secrets', certificates: 'Certificates', newSecret: '+ New client secret', add: 'Add',
    copy: 'Copy to clipboard', copied: 'Copied', valueTooltip: 'Client secret values cannot be viewed, except for immediately after creation.',
  },
  de: {
    appRegistrations: 'App-Registrierungen', newRegistration: '+ Neue Registrierung', overview: 'Übersicht', credentials: 'Zertifikate & Geheimnisse', essentials: 'Zusammenfassung',
    displayName: 'Anzeigename', appId: 'Anwendungs-ID (Client)', objectId: 'Objekt-ID', tenantId: 'Verzeichnis-ID (Mandant)', clientCredentials: 'Clientanmeldeinformationen',
    redirectUris: 'Umleitungs-URIs', appIdUri: 'Anwendungs-ID-URI', accountTypes: 'Unterstützte Kontotypen', createdOn: 'Erstellt am', description: 'Beschreibung',
    expires: 'Gültig bis', value: 'Wert', secretId: 'Geheime ID', clientSecrets: 'Geheime Clientschlüssel', certificates: 'Zertifikate', newSecret: '+ Neuer geheimer Clientschlüssel',
    add: 'Hinzufügen', copy: 'In Zwischenablage kopieren', copied: 'Kopiert', valueTooltip: 'Werte geheimer Clientschlüssel können nur direkt nach der Erstellung angezeigt werden.',
  },
  fr: {
    appRegistrations: 'Inscriptions d’applications', newRegistration: '+ Nouvelle inscription', overview: 'Vue d’ensemble', credentials: 'Certificats & secrets', essentials: 'Essentiels',
    displayName: 'Nom d’affichage', appId: 'ID d’application (client)', objectId: 'ID d’objet', tenantId: 'ID de l’annuaire (locataire)', clientCredentials: 'Informations d’identification du client',
    redirectUris: 'URI de redirection', appIdUri: 'URI d’ID d’application', accountTypes: 'Types de comptes pris en charge', createdOn: 'Créé le', description: 'Description',
    expires: 'Expire', value: 'Valeur', secretId: 'ID de secret', clientSecrets: 'Secrets client', certificates: 'Certificats', newSecret: '+ Nouveau secret client', add: 'Ajouter',
    copy: 'Copier dans le Presse-papiers', copied: 'Copié', valueTooltip: 'Les valeurs des secrets client ne peuvent être affichées qu’immédiatement après leur création.',
  },
  ja: {
    appRegistrations: 'アプリの登録', newRegistration: '+ 新規登録', overview: '概要', credentials: '証明書とシークレット', essentials: '基本',
    displayName: '表示名', appId: 'アプリケーション (クライアント) ID', objectId: 'オブジェクト ID', tenantId: 'ディレクトリ (テナント) ID', clientCredentials: 'クライアントの資格情報',
    redirectUris: 'リダイレクト URI', appIdUri: 'アプリケーション ID の URI', accountTypes: 'サポートされているアカウントの種類', createdOn: '作成日', description: '説明',
    expires: '有効期限', value: '値', secretId: 'シークレット ID', clientSecrets: 'クライアント シークレット', certificates: '証明書', newSecret: '+ 新しいクライアント シークレット',
    add: '追加', copy: 'クリップボードにコピー', copied: 'コピーしました', valueTooltip: 'クライアント シークレットの値は、作成直後を除いて表示できません。',
  },
  he: {
    appRegistrations: 'רישומי אפליקציות', newRegistration: '+ רישום חדש', overview: 'סקירה כללית', credentials: 'אישורים וסודות', essentials: 'עיקרי הדברים',
    displayName: 'שם תצוגה', appId: 'מזהה יישום (לקוח)', objectId: 'מזהה אובייקט', tenantId: 'מזהה מדריך (דייר)', clientCredentials: 'אישורי לקוח', redirectUris: 'כתובות URI להפניה מחדש',
    appIdUri: 'URI של מזהה יישום', accountTypes: 'סוגי חשבונות נתמכים', createdOn: 'נוצר בתאריך', description: 'תיאור', expires: 'תפוגה', value: 'ערך', secretId: 'מזהה סוד',
    clientSecrets: 'סודות לקוח', certificates: 'אישורים', newSecret: '+ סוד לקוח חדש', add: 'הוסף', copy: 'העתק ללוח', copied: 'הועתק',
    valueTooltip: 'לא ניתן להציג ערכי סודות לקוח, מלבד מיד לאחר היצירה.',
  },
};

export interface AdoText {
  appId: string;
  appSecret: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  callbackUrl: string;
  scopes: string;
  show: string;
  hide: string;
  copy: string;
  /** An icon link that opens a URL in a new tab. */
  open: string;
}

export const ADO_TEXT: Readonly<Record<Locale, AdoText>> = {
  en: { appId: 'App ID', appSecret: 'App Secret', clientSecret: 'Client Secret', authorizeUrl: 'Authorize URL', tokenUrl: 'Access token URL', callbackUrl: 'Authorization callback URL', scopes: 'Authorized scopes', show: 'Show', hide: 'Hide', copy: 'Copy to clipboard', open: 'Open in new tab' },
  de: { appId: 'App-ID', appSecret: 'App-Geheimnis', clientSecret: 'Geheimer Clientschlüssel', authorizeUrl: 'Autorisierungs-URL', tokenUrl: 'Zugriffstoken-URL', callbackUrl: 'Rückruf-URL für die Autorisierung', scopes: 'Autorisierte Bereiche', show: 'Anzeigen', hide: 'Ausblenden', copy: 'In Zwischenablage kopieren', open: 'In neuem Tab öffnen' },
  fr: { appId: 'ID d’application', appSecret: 'Secret de l’application', clientSecret: 'Secret client', authorizeUrl: 'URL d’autorisation', tokenUrl: 'URL du jeton d’accès', callbackUrl: 'URL de rappel d’autorisation', scopes: 'Étendues autorisées', show: 'Afficher', hide: 'Masquer', copy: 'Copier dans le Presse-papiers', open: 'Ouvrir dans un nouvel onglet' },
  ja: { appId: 'アプリ ID', appSecret: 'アプリ シークレット', clientSecret: 'クライアント シークレット', authorizeUrl: '承認 URL', tokenUrl: 'アクセス トークン URL', callbackUrl: '承認コールバック URL', scopes: '承認済みスコープ', show: '表示', hide: '非表示', copy: 'クリップボードにコピー', open: '新しいタブで開く' },
  he: { appId: 'מזהה אפליקציה', appSecret: 'סוד אפליקציה', clientSecret: 'סוד לקוח', authorizeUrl: 'כתובת URL להרשאה', tokenUrl: 'כתובת URL של אסימון גישה', callbackUrl: 'כתובת URL להחזרה', scopes: 'טווחים מורשים', show: 'הצג', hide: 'הסתר', copy: 'העתק ללוח', open: 'פתח בכרטיסיה חדשה' },
};
