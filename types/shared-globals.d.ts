// src/shared runs in Node and in Chromium, so it may use the WHATWG URL that both provide, but nothing else of either.
// This minimal declaration is seen only by tsconfig.shared.json; the other configs get the full DOM/Node types.
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly origin: string;
  readonly href: string;
  readonly searchParams: { get(name: string): string | null; getAll(name: string): string[]; has(name: string): boolean };
  toString(): string;
}
