// Cultivator's service worker: return visits and flaky rural networks.
//
// - This release's app files (hashed names, never changed) are cached when
//   the worker installs and served from the cache from then on.
// - A trainee page (not /teach, /coord, /admin) is served from the cache at
//   once when one is there, marked as such, and the app then asks the
//   network for a fresh copy (see frontend/src/api/first_screen.rs), which
//   replaces the cached one. A first visit, or a page not cached, goes to
//   the network; with no network, any trainee page held starts the app,
//   which routes by the address (a check-in link scanned at a venue with
//   no signal opens, and the check-in waits on the phone).
// - Staff pages are not kept, except the check-in screen of a session,
//   which goes to the network first and is kept for when there is none:
//   its codes are computed on the device.
// - A trainee's API reads go to the network; the last answer is kept and
//   given back only when the network fails.
// - A course the trainee saves for offline use (the app sends the list of
//   its files: the course and lesson reads, article images, documents,
//   audio renditions, and videos if the trainee asks, after the app asked
//   here how large they are) is kept in its own cache. Its media are served from
//   there first, with byte ranges, so a saved lesson also costs no data
//   on a slow network; its reads are given back when the network fails.
// - Any change under /api/v1/auth/ (signing in or out, on this device or
//   everywhere, deleting the account, a password reset) empties the page
//   and data caches, so nothing of one person stays for the next on a
//   shared phone.
// - A new release installs beside the running one and waits; the page
//   offers to switch, and the old release's cache is deleted when it does.
//
// `cargo xtask frontend` writes this file into dist/ with the release's
// version and file list filled in.

const VERSION = '__VERSION__';
const SHELL = 'cultivator-shell-' + VERSION;
const PAGES = 'cultivator-pages';
const DATA = 'cultivator-data';
const SAVED = 'cultivator-saved';
const LESSON_MEDIA = /^\/api\/v1\/lessons\/\d+\/media(\/audio)?$/;
const SHELL_FILES = __SHELL_FILES__;
// The other pages' code (the app is split by route): kept at install as far
// as the network allows; a chunk that failed is kept when its page is first
// opened (appFile).
const PAGE_CHUNKS = __PAGE_CHUNKS__;
const STAFF_PREFIXES = ['/teach', '/coord', '/admin'];
const CHECKIN_SCREEN = /^\/teach\/sessions\/\d+\/screen$/;
const TRAINEE_READS = [
  '/api/v1/auth/me', '/api/v1/me/', '/api/v1/courses', '/api/v1/course-categories',
  '/api/v1/classes/near-me', '/api/v1/notifications', '/api/v1/platform',
  '/api/v1/lessons/',
];
// Tells the app the page came from the cache (it then asks for a fresh one).
const CACHED_MARK = '<meta name="cultivator-cached" content="1">';
// The app's request for a fresh page: network only.
const FRESH_HEADER = 'x-cultivator-fresh';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    // The app's start is all or nothing: without it the worker cannot serve a page.
    await cache.addAll(SHELL_FILES);
    // One page's chunk lost on a flaky link must not cost the rest.
    await Promise.allSettled(PAGE_CHUNKS.map((file) => cache.add(file)));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('cultivator-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const port = event.ports[0];
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
  } else if (event.data?.type === 'save' && port) {
    event.waitUntil(save(event.data.urls, port));
  } else if (event.data?.type === 'sizes' && port) {
    event.waitUntil(sizes(event.data.urls, port));
  } else if (event.data?.type === 'forget-saved' && port) {
    event.waitUntil(caches.delete(SAVED).then(() => port.postMessage({ forgotten: true })));
  }
});

// Keeps each of `urls` (same origin) in the saved cache; answers with the
// bytes kept, or that the network failed (a later save replaces each
// entry). A file the server does not have (a document never uploaded) is
// left out rather than failing the rest.
async function save(urls, port) {
  const cache = await caches.open(SAVED);
  let bytes = 0;
  try {
    for (const url of urls) {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (response.status === 404) continue;
      if (!response.ok) throw new Error(url);
      const body = await response.blob();
      bytes += body.size;
      const headers = { 'content-type': response.headers.get('content-type') || 'application/octet-stream' };
      await cache.put(url, new Response(body, { headers }));
    }
    port.postMessage({ saved: bytes });
  } catch (failed) {
    port.postMessage({ failed: String(failed?.message || failed) });
  }
}

// The bytes `urls` would take (their Content-Length, asked with HEAD).
async function sizes(urls, port) {
  let bytes = 0;
  try {
    for (const url of urls) {
      const response = await fetch(url, { method: 'HEAD', credentials: 'same-origin' });
      if (response.ok) bytes += Number(response.headers.get('content-length') || 0);
    }
    port.postMessage({ bytes });
  } catch (failed) {
    port.postMessage({ failed: String(failed?.message || failed) });
  }
}

// A saved lesson's media, from the saved cache first, honouring a byte
// range as an audio or video element asks for one.
async function lessonMedia(request, url) {
  const cached = await caches.match(url.origin + url.pathname, { cacheName: SAVED });
  if (!cached) return fetch(request);
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') || '');
  if (!range) return cached;
  const blob = await cached.blob();
  const size = blob.size;
  let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2] || 0));
  let end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start > end || start >= size) {
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      'content-type': cached.headers.get('content-type') || 'application/octet-stream',
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
    },
  });
}

const isStaffPage = (path) =>
  STAFF_PREFIXES.some((p) => path === p || path.startsWith(p + '/'));

async function forgetPerson() {
  await caches.delete(PAGES);
  await caches.delete(DATA);
  await caches.delete(SAVED);
}

async function appFile(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}

async function markedCached(cached) {
  const html = (await cached.text()).replace('</head>', CACHED_MARK + '</head>');
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

async function fetchAndKeep(request, cache, key) {
  const response = await fetch(request);
  if (response.ok && response.headers.get('content-type')?.startsWith('text/html')) {
    await cache.put(key, response.clone());
  }
  return response;
}

async function page(request, url, fresh) {
  const cache = await caches.open(PAGES);
  const key = url.origin + url.pathname + url.search;
  if (!fresh) {
    const cached = await cache.match(key);
    if (cached) return markedCached(cached);
  }
  try {
    return await fetchAndKeep(request, cache, key);
  } catch (offline) {
    if (fresh) throw offline;
    const any = (await cache.match(url.origin + '/')) ||
      (await cache.keys().then((keys) => keys.length ? cache.match(keys[0]) : undefined));
    if (any) return markedCached(any);
    throw offline;
  }
}

async function checkinScreen(request, url) {
  const cache = await caches.open(PAGES);
  const key = url.origin + url.pathname;
  try {
    return await fetchAndKeep(request, cache, key);
  } catch (offline) {
    const cached = await cache.match(key);
    if (cached) return markedCached(cached);
    throw offline;
  }
}

async function traineeRead(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(DATA);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = (await caches.match(request, { cacheName: DATA })) ||
      (await caches.match(request, { cacheName: SAVED }));
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname.startsWith('/api/v1/auth/')) {
      event.respondWith(fetch(request).then(async (response) => {
        if (response.ok) await forgetPerson();
        return response;
      }));
    }
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(appFile(request));
  } else if (LESSON_MEDIA.test(url.pathname)) {
    event.respondWith(lessonMedia(request, url));
  } else if (request.mode === 'navigate' || request.headers.has(FRESH_HEADER)) {
    if (!isStaffPage(url.pathname)) {
      event.respondWith(page(request, url, request.headers.has(FRESH_HEADER)));
    } else if (CHECKIN_SCREEN.test(url.pathname)) {
      event.respondWith(checkinScreen(request, url));
    }
  } else if (TRAINEE_READS.some((p) => url.pathname.startsWith(p))) {
    event.respondWith(traineeRead(request));
  }
});
