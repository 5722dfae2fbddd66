import type { ConsoleSession } from '../../src/api';
import type { DevMail, DevMailboxEntry } from '../../src/mail';
import { mountain } from '../format';
import { html, type Html } from '../html';
import { page } from './layout';

export function mailboxPage(session: ConsoleSession, messages: DevMailboxEntry[] | null): Html {
  return page(
    { title: 'Mailbox', session, current: 'mailbox' },
    html`<h1>Dev mailbox</h1>
${
  messages === null
    ? html`<p>This portflow sends mail over SMTP (SMTP_URL is set): there is no dev mailbox to show.</p>`
    : messages.length === 0
      ? html`<p>No mail yet.</p>`
      : html`<div class="table-wrap"><table>
<caption class="visually-hidden">Mails, newest first</caption>
<thead><tr><th scope="col">Date (MT)</th><th scope="col">Subject</th><th scope="col">To</th></tr></thead>
<tbody>${messages.map((mail) => html`<tr><td>${mountain(mail.date)}</td><td><a href="/console/mailbox/${encodeURIComponent(mail.file)}">${mail.subject}</a></td><td>${mail.to}</td></tr>`)}</tbody>
</table></div>`
}`,
  );
}

/** iCalendar lines worth reading in a meeting invite (RFC 5545 folding undone). */
function inviteSummary(ics: string): Html {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const wanted = /^(METHOD|UID|SEQUENCE|STATUS|SUMMARY|DTSTART|DTEND|LOCATION|ORGANIZER|ATTENDEE)[;:]/;
  return html`<dl class="facts">${lines.filter((line) => wanted.test(line)).map((line) => {
    const at = line.search(/[;:]/);
    const value = line.slice(at + 1);
    // iCalendar UTC times (20261208T170000Z), also in Mountain Time for people.
    const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    const local = utc ? ` (${mountain(`${utc[1]}-${utc[2]}-${utc[3]}T${utc[4]}:${utc[5]}:${utc[6]}Z`)})` : '';
    return html`<dt>${line.slice(0, at)}</dt><dd><span class="mono">${value}</span>${local}</dd>`;
  })}</dl>`;
}

export function mailPage(session: ConsoleSession, mail: DevMail): Html {
  return page(
    { title: mail.subject, session, current: 'mailbox' },
    html`<p><a href="/console/mailbox">← Mailbox</a></p>
<h1>${mail.subject}</h1>
<dl class="facts"><dt>To</dt><dd>${mail.to}</dd><dt>Date</dt><dd>${mountain(mail.date)}</dd><dt>Message-ID</dt><dd class="mono">${mail.messageId}</dd></dl>
<h2>Text</h2>
<div class="mail-body">${mail.text}</div>
${mail.calendar ? html`<h2>Meeting invite</h2><div class="card">${inviteSummary(mail.calendar)}</div>` : ''}`,
  );
}
