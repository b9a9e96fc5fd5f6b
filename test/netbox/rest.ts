/** Small REST reads for the tests' own checks of what NetBox holds (Floorwalk's client is under test elsewhere). */
export async function netboxGet<T>(url: string, token: string, pathAndQuery: string): Promise<T> {
  const res = await fetch(url + pathAndQuery, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function netboxCount(url: string, token: string, endpoint: string, query = ''): Promise<number> {
  const page = await netboxGet<{ count: number }>(url, token, `/api/${endpoint}/?limit=1${query}`);
  return page.count;
}
