// The gateway's key, kept for this tab only: sessionStorage survives a reload of the tab and goes
// with it, and nothing else (no cookie, no URL, no localStorage) ever holds it.
const STORAGE_KEY = 'switchboard-gateway-key';

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    // Storage refused (a privacy setting): the key then lives in memory until the tab reloads.
    return undefined;
  }
}

export function storeKey(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // See storedKey.
  }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // See storedKey.
  }
}
