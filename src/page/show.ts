import type { FieldQuery } from '../shared/page-protocol';
import { controlName } from './names';
import type { Scan } from './scan';
import { MAY_PAUSE, PAUSE_EVERY, type Steps } from './slices';
import { labelKey, words } from './text';
import { CONTROL, flagsAt, isControlElement, isShown, queryFlat } from './tree';

/**
 * "Show" controls: a button, an icon button named only by aria-label/title/icon, a toggle or a link that does not
 * navigate, whose name says show/reveal in any of the portal's languages (English, German, French, Japanese, Hebrew,
 * Arabic). A name that also says copy, regenerate, delete, hide, add… is never pressed, whatever else it says.
 */
const REVEAL = new Set(['show', 'reveal', 'view', 'unhide', 'unmask', 'display', 'eye', 'redeye', 'anzeigen', 'einblenden', 'afficher', 'montrer', 'révéler', 'voir', 'mostrar', 'visualizza', 'הצג', 'إظهار', 'عرض']);
const NEVER = new Set([
  'copy', 'copied', 'regenerate', 'regen', 'renew', 'delete', 'remove', 'revoke', 'rotate', 'reset', 'new', 'add', 'create', 'edit', 'save', 'hide',
  'upload', 'download', 'refresh', 'sync', 'submit', 'cancel', 'close', 'kopieren', 'löschen', 'entfernen', 'neu', 'hinzufügen', 'generieren', 'ausblenden',
  'speichern', 'all', 'permissions', 'details', 'more', 'api', 'copier', 'copié', 'régénérer', 'renouveler', 'supprimer', 'retirer', 'révoquer', 'réinitialiser',
  'nouveau', 'nouvelle', 'ajouter', 'créer', 'modifier', 'enregistrer', 'masquer', 'télécharger', 'actualiser', 'annuler', 'fermer', 'détails', 'plus', 'tout', 'autorisations',
]);
const NEVER_CJK = ['コピー', '削除', '再生成', '新規', '追加', '非表示', '保存', '複製'];
/** Words that may stand beside the reveal word without changing what the control does. */
const FILLER = new Set([
  'the', 'a', 'value', 'secret', 'password', 'key', 'client', 'app', 'application', 'hidden', 'red', 'watch', 'fill', 'icon', 'button', 'wert', 'geheimnis', 'geheimen',
  'geheimer', 'schlüssel', 'clientschlüssel', 'clientgeheimnis', 'kennwort', 'le', 'la', 'les', 'l', 'du', 'de', 'des', 'd', 'valeur', 'clé', 'secrète', 'mot', 'passe', 'masqué',
  'icône', 'bouton',
]);

/** Kept on the window: the watch runs the script many times on one document, and a toggle must be pressed once. */
const PRESSED = '__adsRevealPressed';
function pressedSet(): WeakSet<Element> {
  const holder = window as unknown as Record<string, WeakSet<Element> | undefined>;
  return (holder[PRESSED] ??= new WeakSet<Element>());
}

function isQuietLink(element: Element): boolean {
  if (!(element instanceof HTMLAnchorElement)) return true;
  const href = element.getAttribute('href');
  return href === null || href === '' || href.startsWith('#') || /^javascript:/i.test(href);
}

function isOn(element: Element): boolean {
  if (element instanceof HTMLInputElement && element.type === 'checkbox') return element.checked;
  return element.getAttribute('aria-pressed') === 'true' || element.getAttribute('aria-checked') === 'true';
}

/** Does this control's name say "show" (and nothing destructive)? */
export function saysShow(name: string): boolean {
  const list = words(name);
  if (list.length === 0 || list.length > 8) return false;
  if (list.some((w) => NEVER.has(w)) || NEVER_CJK.some((w) => name.includes(w))) return false;
  const cjk = /表示/.test(name);
  if (!cjk && !list.some((w) => REVEAL.has(w))) return false;
  return true;
}

/**
 * Is `control` a Show control for `field`? Its name may name this field ("Show client secret"), or be generic
 * ("Show", an eye icon) when it sits in the field's region. A name that names another field or a decoy ("Show app
 * secret") is never this field's.
 */
export function isRevealFor(scan: Scan, control: HTMLElement, field: FieldQuery): boolean {
  if (!isControlElement(control) && control.tagName !== 'A') return false;
  if (!isQuietLink(control) || isOn(control) || control.matches(':disabled,[aria-disabled="true"]')) return false;
  const name = controlName(control);
  if (!saysShow(name)) return false;
  const key = labelKey(name);
  const own = field.labels.map(labelKey).filter(Boolean);
  const namesOwn = own.some((k) => key.includes(k));
  if (!namesOwn) {
    for (const [other, owner] of scan.owners) if (owner !== field.key && other.length >= 4 && key.includes(other) && !own.some((k) => k.includes(other))) return false;
    const rest = words(name).filter((w) => !REVEAL.has(w) && !FILLER.has(w) && !own.some((k) => k.includes(labelKey(w))));
    if (rest.length > 0 && !/表示/.test(name)) return false;
  }
  return isShown(control);
}

/** Controls anywhere on the page whose name says "show" and names this field ("Show client secret"). */
export function* namedRevealControls(scan: Scan, field: FieldQuery): Steps<HTMLElement[]> {
  const own = field.labels.map(labelKey).filter(Boolean);
  const found: HTMLElement[] = [];
  let seen = 0;
  for (const element of queryFlat(scan.flat, 'button,[role=button],[role=switch],[role=checkbox],input[type=checkbox],input[type=button],a', false)) {
    if ((++seen & PAUSE_EVERY) === 0) yield MAY_PAUSE;
    if (!(element instanceof HTMLElement)) continue;
    const at = scan.flat.index.get(element)!;
    if (!(flagsAt(scan.flat, at) & CONTROL) && element.tagName !== 'A') continue;
    // Only a name that spells out the field can name it (icons never do): a cheap look before the full name.
    const spelled = `${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('title') ?? ''} ${element.textContent ?? ''} ${element.hasAttribute('aria-labelledby') ? controlName(element) : ''}`;
    if (spelled.length > 300) continue;
    const key = labelKey(spelled);
    if (own.some((k) => key.includes(k)) && isRevealFor(scan, element, field)) found.push(element);
  }
  return found;
}

export function wasPressed(control: Element): boolean {
  return pressedSet().has(control);
}

/** Presses a Show control once per document; a toggle pressed again would hide the value. */
export function press(control: HTMLElement): boolean {
  const pressed = pressedSet();
  if (pressed.has(control)) return false;
  pressed.add(control);
  control.click();
  return true;
}
