/**
 * What `curl -X<method> [-H "Authorization: Bearer <token>"] <url> [-d <arg>]...` sends, over Node's
 * fetch: every `-d` argument as it is (not URL-encoded), joined with `&`, as
 * `application/x-www-form-urlencoded`; no body and no content type without `-d`. Used instead of the
 * curl binary, which a fresh CI machine may lack (`.ci/run` installs nothing).
 */
export async function curl(
  method: string,
  url: string,
  options: { token?: string; data?: readonly string[] } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const data = options.data ?? [];
  if (data.length > 0) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method, headers, body: data.length > 0 ? data.join('&') : undefined });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** `$(base64 -w 0 file)` of a text. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
