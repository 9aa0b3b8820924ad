// The HTML the emulator serves. The fault pages imitate what sits in front of the real service (its
// hosting platform, a bot shield) closely enough that a client's HTML detection meets the markers it
// will meet in production: a <title>, a doctype, the platform's wording.

/** The `/` page: what the emulator serves, with the chat paths it was started with. */
export function homePage(chatPaths: Iterable<string>): string {
  const chat = [...chatPaths].map((path) => `<code>POST ${path}</code>`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Dynaspark emulator</title></head>
<body>
<h1>Dynaspark emulator</h1>
<p>A local stand-in for the Dynaspark chat service, for tests, benchmarks and demos.</p>
<ul>
<li>${chat} (form: user_input, ai_model, optional file)</li>
<li><code>GET /api/generate_response?user_input=...&amp;model=...</code></li>
<li><code>GET /status</code></li>
<li><code>GET /__emulator/stats</code>, <code>GET /__emulator/requests</code>,
<code>GET|POST /__emulator/config</code>, <code>POST /__emulator/reset</code></li>
</ul>
</body>
</html>
`;
}

/** A hosting platform's answer while a free instance is starting (or down). */
export const WAKING_UP_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service Unavailable</title>
</head>
<body>
<main>
<h1>Service Unavailable</h1>
<p>This application is waking up from sleep. Free instances spin down when idle and can take a
minute to start again.</p>
<p>Please retry your request shortly.</p>
</main>
</body>
</html>
`;

/** The site's own page, as a misrouted request or a login redirect would return it. */
export const SITE_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Dynaspark - Free AI Chat</title></head>
<body>
<div id="chat"><form id="chat-form" method="post"><textarea name="user_input"></textarea>
<button type="submit">Send</button></form></div>
</body>
</html>
`;

/** A bot-protection interstitial in the style Cloudflare serves, with its usual markers. */
export const CHALLENGE_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head>
<title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex,nofollow">
</head>
<body>
<div class="main-wrapper" role="main">
<div class="main-content">
<h1 class="zone-name-title">dynaspark.onrender.com</h1>
<h2 id="challenge-running">Checking if the site connection is secure</h2>
<noscript><div id="challenge-error-title">Enable JavaScript and cookies to continue</div></noscript>
</div>
</div>
<script>window._cf_chl_opt = { cType: 'managed', cRay: '0000000000000000' };</script>
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>
</body>
</html>
`;
