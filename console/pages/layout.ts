import type { ConsoleSession } from '../../src/api';
import { html, type Html } from '../html';

export interface PageFrame {
  title: string;
  /** The signed-in person; null on the sign-in page. */
  session: ConsoleSession | null;
  /** The nav entry of this page. */
  current?: 'board' | 'calendar' | 'mailbox';
}

/**
 * Every console page: one stylesheet and one small script from the package (nothing from a CDN), a skip link,
 * the navigation and the CSRF token for the script's own writes (the live calendar check).
 */
export function page(frame: PageFrame, body: Html): Html {
  const { session, current } = frame;
  const link = (name: NonNullable<PageFrame['current']>, href: string, label: string) =>
    html`<li><a href="${href}"${current === name ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · portflow console</title>
<link rel="stylesheet" href="/console/assets/console.css">
${session ? html`<meta name="csrf-token" content="${session.csrfToken}">` : ''}
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/console">portflow</a>
  ${
    session
      ? html`<nav aria-label="Console">
  <ul>
    ${link('board', '/console', 'Board')}
    ${link('calendar', '/console/calendar', 'Calendar')}
    ${link('mailbox', '/console/mailbox', 'Mailbox')}
    ${session.role === 'ops' ? html`<li><a href="/admin/queues">Queues</a></li>` : ''}
  </ul>
</nav>
<form class="signout" method="post" action="/console/sign-out">
  <input type="hidden" name="_csrf" value="${session.csrfToken}">
  <span class="role">Signed in as <strong>${session.role}</strong></span>
  <button type="submit">Sign out</button>
</form>`
      : ''
  }
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

export function signInPage(problem: string | null): Html {
  return page(
    { title: 'Sign in', session: null },
    html`<h1>Sign in</h1>
<form class="card signin" method="post" action="/console/sign-in">
  <p>Paste your portflow API key. It is exchanged for a session; the key itself is not kept in the browser.</p>
  ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
  <label for="key">API key</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required maxlength="512" autofocus>
  <button type="submit">Sign in</button>
</form>`,
  );
}

export function errorPage(session: ConsoleSession | null, title: string, message: string): Html {
  return page({ title, session }, html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/console">Back to the board</a></p>`);
}
