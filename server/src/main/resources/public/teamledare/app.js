// Nära – teamledarsidan. Plain JavaScript over the JSON endpoints in docs/teamleader-api.md.
// Every value from the server is put into the page as a text node (never as HTML), so a note
// containing markup shows as the text it is.
'use strict';

(function () {
  const API = '/teamledare/api';
  const ZONE = 'Europe/Stockholm';
  const state = { csrf: null, teams: [], team: null, today: null, view: 'visits' };
  const $ = (id) => document.getElementById(id);

  const fmtDateTime = new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'
  });
  const fmtTime = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });

  // --- DOM building: text only -----------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function fill(container, ...children) {
    container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  function when(iso) { return iso ? fmtDateTime.format(new Date(iso)) : '–'; }
  function time(iso) { return iso ? fmtTime.format(new Date(iso)) : '–'; }
  function decimal(n) { return n === null || n === undefined ? '–' : String(n).replace('.', ','); }

  function dagar(n) { return n + (n === 1 ? ' dag' : ' dagar'); }

  function facts(pairs) {
    const dl = el('dl', { class: 'facts' });
    for (const [label, value] of pairs) {
      if (value === null || value === undefined || value === '') continue;
      dl.append(el('dt', {}, label), el('dd', {}, value));
    }
    return dl;
  }

  let statusTimer = null;
  function say(message, isError) {
    const status = $('status');
    status.textContent = message || '';
    status.classList.toggle('error', !!isError);
    clearTimeout(statusTimer);
    if (message && !isError) statusTimer = setTimeout(() => { status.textContent = ''; }, 8000);
  }

  // --- HTTP --------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ('Fel ' + status));
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    let response;
    try {
      response = await fetch(API + path, init);
    } catch (e) {
      throw new ApiError(0, { message: 'Kunde inte nå servern. Kontrollera nätverket och försök igen.' });
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401 && path !== '/login') {
      showLogin(path === '/session' ? '' : 'Din session har gått ut. Logga in igen.');
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function teamQuery() { return state.team ? 'team=' + encodeURIComponent(state.team) : ''; }

  // --- Session -----------------------------------------------------------------------------------

  function showLogin(message) {
    state.csrf = null;
    $('app-view').hidden = true;
    $('who').hidden = true;
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    $('username').focus();
  }

  function startSession(session) {
    state.csrf = session.csrfToken;
    state.teams = session.teams || [];
    state.today = session.today;
    if (!state.team || !state.teams.some((t) => t.id === state.team)) {
      state.team = state.teams.length ? state.teams[0].id : null;
    }
    const select = $('team');
    fill(select, state.teams.map((t) => el('option', { value: t.id, selected: t.id === state.team }, t.name)));
    $('user-name').textContent = session.name;
    $('from').value = state.today;
    $('to').value = state.today;
    $('login-view').hidden = true;
    $('who').hidden = false;
    $('app-view').hidden = false;
    show(state.view);
    refreshConflictCount();
    refreshFollowUpCount();
  }

  async function login(event) {
    event.preventDefault();
    const button = $('login-button');
    button.disabled = true;
    $('login-error').textContent = '';
    try {
      const session = await api('POST', '/login', { username: $('username').value, password: $('password').value });
      $('password').value = '';
      startSession(session);
      say('Inloggad som ' + session.name + '.');
      $('tab-visits').focus();
    } catch (e) {
      $('login-error').textContent = e.status === 401 ? 'Fel användarnamn eller lösenord.' : e.message;
    } finally {
      button.disabled = false;
    }
  }

  async function logout() {
    try { await api('POST', '/logout', {}); } catch (e) { /* the cookie is cleared or already gone */ }
    showLogin('Du är utloggad.');
  }

  // --- Views -------------------------------------------------------------------------------------

  const loaders = { visits: loadVisits, conflicts: loadConflicts, auto: loadAutoResolved, followups: loadFollowUps, deviations: loadDeviations, board: loadBoard, fleet: loadFleet };

  function show(view) {
    state.view = view;
    for (const name of Object.keys(loaders)) {
      $('panel-' + name).hidden = name !== view;
      const tab = $('tab-' + name);
      if (name === view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
    }
    loaders[view]().catch(failed);
  }

  function failed(e) {
    if (e.status !== 401) say(e.message, true);
  }

  // Visits ---------------------------------------------------------------------------------------

  async function loadVisits() {
    const from = $('from').value || state.today;
    const to = $('to').value || from;
    const list = await api('GET', '/visits?' + teamQuery() + '&from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
    const container = $('visits');
    if (!list.visits.length) {
      fill($('visit-summary'));
      fill(container, el('p', { class: 'empty' }, 'Inga besök i perioden.'));
      return;
    }
    fill($('visit-summary'), visitSummary(list.visits));
    fill(container, list.visits.map(visitCard));
  }

  // A visit status counted: one, several ("1 planerad", "7 planerade").
  const STATUS_COUNTS = {
    PLANNED: ['planerad', 'planerade'], IN_PROGRESS: ['pågående', 'pågående'], COMPLETED: ['genomförd', 'genomförda'],
    CANCELLED: ['inställd', 'inställda'], MISSED: ['utebliven', 'uteblivna']
  };

  // One line of counts: by visit status, and what is left to review.
  function visitSummary(visits) {
    const count = (pick) => visits.reduce((m, v) => { const k = pick(v); if (k) m.set(k, (m.get(k) || 0) + 1); return m; }, new Map());
    const parts = [...count((v) => v.status || v.statusLabel)].map(([status, n]) =>
      n + ' ' + (STATUS_COUNTS[status] ? STATUS_COUNTS[status][n === 1 ? 0 : 1]
        : (visits.find((v) => v.status === status) || {}).statusLabel || status).toLowerCase());
    const open = visits.filter((v) => v.approvable && (v.reviewState === 'NOT_REVIEWED' || v.reviewState === 'REVIEW_STALE')).length;
    const needs = visits.filter((v) => v.reviewState === 'NEEDS_ACTION').length;
    return [
      el('span', {}, visits.length + ' besök: ' + parts.join(', ') + '.'),
      el('span', { class: open ? 'warnline' : 'okline' }, ' Att granska: ' + open + '.'),
      needs ? el('span', { class: 'badline' }, ' Kräver åtgärd: ' + needs + '.') : null
    ];
  }

  function reviewBadge(v) {
    const cls = { REVIEWED: 'ok', NEEDS_ACTION: 'bad', REVIEW_STALE: 'warn' }[v.reviewState] || '';
    return el('span', { class: 'badge ' + cls, 'data-review-state': v.reviewState }, v.reviewStateLabel);
  }

  function visitCard(v) {
    const cls = v.reviewState === 'REVIEW_STALE' ? 'stale' : v.reviewState === 'NEEDS_ACTION' ? 'needs' : v.reviewState === 'REVIEWED' ? 'done' : '';
    const title = time(v.plannedStart || v.actualStart) + ' ' + (v.patientName || 'Okänd patient');
    const card = el('article', { class: 'card ' + cls, 'data-visit-id': v.id, 'aria-label': 'Besök ' + title });
    card.append(
      el('header', {},
        el('h3', {}, title),
        el('div', { class: 'badges' }, el('span', { class: 'badge' }, v.statusLabel || 'Okänd status'), reviewBadge(v),
          // The team no longer cares for the patient: its own visit, still to review (docs/teamleader-api.md).
          v.followUp ? el('span', { class: 'badge warn', 'data-follow-up': 'true' }, 'Uppföljning – vården avslutad') : null)),
      facts([
        ['Typ', v.visitTypeLabel],
        ['Personal', v.staff.length ? v.staff.join(', ') : '–'],
        ['Planerat', v.plannedStart ? time(v.plannedStart) + '–' + time(v.plannedEnd) : null],
        ['Genomfört', v.actualStart ? time(v.actualStart) + '–' + time(v.actualEnd) : null],
        ['Längd', v.durationMinutes === null ? null : v.durationMinutes + ' min'],
        ['Signerat', v.signedBy ? v.signedBy + ', ' + when(v.signedAt) : 'Nej'],
        ['Version', String(v.version)]
      ]));
    card.append(el('div', {}, el('strong', {}, 'Anteckning'),
      v.note ? el('p', { class: 'note' }, v.note) : el('p', { class: 'empty' }, 'Ingen anteckning.')));
    if (v.checklist) {
      const c = v.checklist;
      const na = c.notApplicable || [];
      card.append(el('div', { class: 'checklist' },
        el('strong', {}, 'Checklista: ' + c.done.length + ' av ' + c.total + ' klara'
          + (na.length ? ', ' + na.length + ' ej aktuella' : '') + (c.open.length ? ', ' + c.open.length + ' öppna' : '')),
        c.done.length ? el('details', {}, el('summary', {}, 'Klara punkter'), el('ul', { class: 'tight' }, c.done.map((t) => el('li', {}, t)))) : null,
        // "Ej aktuell" is a judgement someone made: shown with who, when and why, never only counted.
        na.length ? el('div', { class: 'not-applicable' }, el('span', {}, 'Ej aktuella: '),
          el('ul', { class: 'tight' }, na.map(notApplicableItem))) : null,
        c.open.length ? el('div', {}, el('span', { class: 'warnline' }, 'Öppna: '), el('ul', { class: 'tight' }, c.open.map((t) => el('li', {}, t)))) : null));
    }
    for (const check of v.medicationChecks) {
      card.append(el('div', {},
        el('strong', {}, 'Läkemedelsavstämning: ' + check.statusLabel),
        check.openDiscrepancies.length
          ? el('ul', { class: 'tight' }, check.openDiscrepancies.map(discrepancyItem))
          : el('p', { class: 'okline' }, 'Inga olösta avvikelser.')));
    }
    if (v.followUp) {
      // A follow-up shows the visit and what its review covers, nothing else of the patient.
      card.append(el('p', { class: 'warnline' },
        'Teamets vårdrelation med patienten har avslutats. Besöket visas för att granskas; visningen loggas som uppföljning.'));
    } else {
      card.append(historyBlock(v.id));
    }
    card.append(reviewBlock(v));
    return card;
  }

  function notApplicableItem(i) {
    return el('li', { 'data-item-id': i.id },
      el('strong', {}, i.label),
      ' – markerad av ' + (i.markedBy || 'okänd') + (i.markedAt ? ' ' + when(i.markedAt) : ''),
      i.reason ? el('p', { class: 'reason' }, 'Motivering: ', el('q', {}, i.reason))
        : el('p', { class: 'reason empty' }, 'Ingen motivering angiven.'));
  }

  // --- a record's change history (ändringshistorik), loaded when opened -------------------------

  const OPS = { CREATE: 'Skapad', UPDATE: 'Ändrad', ENTERED_IN_ERROR: 'Makulerad', REVIEW: 'Granskning', RESOLVE: 'Konflikt löst' };

  function historyBlock(recordId) {
    const list = el('div', { class: 'history' });
    let loaded = false;
    const details = el('details', {
      'data-history-for': recordId,
      ontoggle: async () => {
        if (!details.open || loaded) return;
        loaded = true;
        fill(list, el('p', { class: 'empty' }, 'Hämtar…'));
        try {
          const h = await api('GET', '/records/' + encodeURIComponent(recordId) + '/history');
          fill(list, el('ol', { class: 'tight', reversed: true }, h.changes.map(historyItem)));
        } catch (e) {
          loaded = false;
          fill(list, el('p', { class: 'badline' }, e.message || 'Historiken kunde inte hämtas.'));
        }
      }
    }, el('summary', {}, 'Ändringshistorik'), list);
    return details;
  }

  function historyItem(c) {
    const who = c.changedByName || (c.changedBy ? c.changedBy : 'servern');
    const where = c.deviceId ? 'surfplatta' + (c.deviceTime ? ', gjort ' + when(c.deviceTime) : '') : 'på servern';
    // The record's own id and its patient are the card's; every other field the version set is listed.
    const values = Object.keys(c.values || {}).filter((f) => f !== 'id' && f !== 'patientId')
      .map((f) => el('li', {}, fieldName(f) + ': ' + display(c.values[f], (c.valueLabels || {})[f])));
    return el('li', { 'data-version': c.version },
      el('strong', {}, 'Version ' + c.version + ': ' + (OPS[c.op] || c.op)),
      ' ' + when(c.changedAt) + ', ' + who + ' (' + where + ')',
      c.reason ? el('p', {}, 'Orsak: ', el('q', {}, c.reason)) : null,
      values.length ? el('ul', { class: 'tight' }, values) : null);
  }

  function discrepancyItem(d) {
    return el('li', { class: 'badline' },
      d.typeLabel + (d.drugs.length ? ' – ' + d.drugs.join(', ') : '') + (d.severityLabel ? ' (' + d.severityLabel + ')' : '')
        + (d.resolution === 'ESCALATED' ? ' [' + d.resolutionLabel + ', väntar på förskrivaren]' : '') + (d.note ? ': ' + d.note : ''));
  }

  function reviewBlock(v) {
    const block = el('div', { class: 'review' });
    if (v.reviewState === 'REVIEW_STALE') {
      block.append(el('p', { class: 'warnline' },
        'Besöket har ändrats efter granskningen (granskad version ' + v.reviewedVersion + ', nu version ' + v.version + '). Granska igen.'));
    } else if (v.reviewState === 'REVIEWED') {
      block.append(el('p', { class: 'okline' }, 'Godkänt av ' + (v.reviewedBy || '–') + ' ' + when(v.reviewedAt) + ' (version ' + v.reviewedVersion + ').'));
    } else if (v.reviewState === 'NEEDS_ACTION') {
      block.append(el('p', { class: 'badline' }, 'Kräver åtgärd, markerat av ' + (v.reviewedBy || '–') + ' ' + when(v.reviewedAt) + '.'));
    }
    if (v.reviewNote) block.append(el('p', {}, 'Kommentar: ', el('q', {}, v.reviewNote)));
    const noteId = 'review-note-' + v.id;
    const note = el('input', { id: noteId, type: 'text', maxlength: 1000, autocomplete: 'off' });
    const approve = el('button', {
      type: 'button', class: 'approve', disabled: !v.approvable,
      title: v.approvable ? null : 'Besöket är inte avslutat ännu',
      onclick: () => review(v, 'REVIEWED', note.value)
    }, v.reviewState === 'REVIEWED' ? 'Godkänn igen' : 'Godkänn');
    const flag = el('button', { type: 'button', class: 'danger flag', onclick: () => review(v, 'NEEDS_ACTION', note.value) }, 'Kräver åtgärd');
    block.append(el('div', { class: 'actions' },
      el('div', { class: 'field' }, el('label', { for: noteId }, 'Kommentar (valfri)'), note), approve, flag));
    return block;
  }

  async function review(v, decision, note) {
    try {
      const result = await api('POST', '/visits/' + encodeURIComponent(v.id) + '/review', { decision, version: v.version, note: note || null });
      say((decision === 'REVIEWED' ? 'Besöket är godkänt' : 'Besöket är markerat: kräver åtgärd') + ' (version ' + result.reviewedVersion + ').');
    } catch (e) {
      say(e.message, true);
    }
    await (state.view === 'followups' ? loadFollowUps() : loadVisits()).catch(failed);
    refreshFollowUpCount();
    // Keep the keyboard user's place: back to the visit just reviewed.
    focusHeading($('panel-' + state.view).querySelector('article[data-visit-id="' + CSS.escape(v.id) + '"] h3'));
  }

  function focusHeading(heading) {
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  // Follow-ups once the team's care ended, however old ----------------------------------------------

  // Counts only: no patient is named, so the tab shows them without reading any patient's data.
  async function refreshFollowUpCount() {
    try {
      setFollowUpCount(await api('GET', '/follow-ups/count?' + teamQuery()));
    } catch (e) { /* shown when the tab is opened */ }
  }

  function setFollowUpCount(c) {
    const n = c.visits + c.conflicts;
    $('tab-followups').textContent = n ? 'Uppföljning (' + n + ')' : 'Uppföljning';
  }

  function followUpSummary(c) {
    const parts = [];
    parts.push(c.visits === 1 ? '1 besök att granska' : c.visits + ' besök att granska');
    parts.push(c.conflicts === 1 ? '1 konflikt att besluta (under Konflikter)' : c.conflicts + ' konflikter att besluta (under Konflikter)');
    const line = [el('span', { class: c.visits + c.conflicts ? 'warnline' : 'okline' }, parts.join(', ') + '.')];
    if (c.hiddenBySparr) {
      line.push(' ', el('span', { class: 'warnline', 'data-hidden-by-sparr': String(c.hiddenBySparr) },
        (c.hiddenBySparr === 1 ? '1 uppföljning döljs' : c.hiddenBySparr + ' uppföljningar döljs')
          + ' av patientens spärr mot teamet. De väntar kvar; MAS ser att de finns och kan se till att de följs upp.'));
    }
    return line;
  }

  async function loadFollowUps() {
    const data = await api('GET', '/follow-ups?' + teamQuery());
    setFollowUpCount(data);
    fill($('followup-summary'), ...followUpSummary(data));
    fill($('followups'), data.followUpVisits.length
      ? data.followUpVisits.map(visitCard)
      : el('p', { class: 'empty' }, 'Inga besök att följa upp.'));
  }

  // Conflicts ------------------------------------------------------------------------------------

  async function refreshConflictCount() {
    try {
      const data = await api('GET', '/conflicts?' + teamQuery());
      setConflictCount(data.conflicts.length);
    } catch (e) { /* shown when the tab is opened */ }
  }

  function setConflictCount(n) {
    $('tab-conflicts').textContent = n ? 'Konflikter (' + n + ')' : 'Konflikter';
  }

  async function loadConflicts() {
    const data = await api('GET', '/conflicts?' + teamQuery());
    setConflictCount(data.conflicts.length);
    refreshFollowUpCount();
    const container = $('conflicts');
    if (!data.conflicts.length) {
      fill(container, el('p', { class: 'empty' }, 'Inga konflikter väntar på granskning.'));
      return;
    }
    const cards = data.conflicts.map(conflictCard);
    const restored = data.conflicts.filter((c) => c.restored).length;
    if (restored) cards.unshift(restoredBanner(restored));
    fill(container, cards);
  }

  // After a restore from an older backup a day's work can come back as many conflicts, one per
  // record: they can be decided one by one below, or all at once here.
  function restoredBanner(n) {
    return el('section', { class: 'card restored', 'aria-labelledby': 'restored-title' },
      el('h3', { id: 'restored-title' }, n + (n === 1 ? ' post' : ' poster') + ' som servern förlorade vid återställningen'),
      el('p', {}, 'Servern återställdes från en säkerhetskopia. Surfplattorna hade nyare versioner av dessa poster; '
        + 'inget är tillämpat. Granska dem en och en nedan, eller bestäm för alla på en gång.'),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'take-all', onclick: () => resolveRestored('TAKE_DEVICE', n) },
          'Ta tillbaka surfplattornas värden för alla'),
        el('button', { type: 'button', class: 'secondary keep-all', onclick: () => resolveRestored('KEEP_SERVER', n) },
          'Behåll serverns värden för alla')));
  }

  async function resolveRestored(choice, n) {
    const what = choice === 'TAKE_DEVICE' ? 'Ta tillbaka surfplattornas värden' : 'Behåll serverns värden';
    if (!window.confirm(what + ' för ' + n + (n === 1 ? ' post' : ' poster') + '?')) return;
    try {
      const r = await api('POST', '/restored/resolve?' + teamQuery(), { choice, note: null });
      say(r.resolved + ' återställda poster är lösta'
        + (r.left.length ? '; ' + r.left.length + ' väntar på granskning en och en.' : '.'));
    } catch (e) {
      say(e.message, true);
    }
    await loadConflicts().catch(failed);
    focusHeading(document.querySelector('#conflicts article h3') || $('conflicts-title'));
  }

  const KINDS = { MEDICATION: 'Läkemedel', CHECKLIST: 'Checklista', PLAN: 'Plan', VISIT: 'Besök', OTHER: 'Övrigt' };

  // A record's field as staff say it (the JSON carries the field names of the records themselves).
  const FIELDS = {
    state: 'läge', note: 'anteckning', confirmedBy: 'bekräftad av', confirmedAt: 'bekräftad',
    reopenReason: 'skäl för återöppning', deviationId: 'avvikelse', enteredInError: 'felregistrerad',
    drugName: 'läkemedel', strength: 'styrka', form: 'beredningsform', dose: 'dos', dosageText: 'doseringstext',
    route: 'administrationsväg', frequency: 'frekvens', asNeeded: 'vid behov', startDate: 'startdatum',
    stopDate: 'utsättningsdatum', reason: 'orsak', prescriber: 'förskrivare', doseDispensed: 'dosdispenserad',
    status: 'status', description: 'beskrivning', owner: 'ägare', measure: 'mått', targetDate: 'måldatum',
    responsible: 'ansvarig', responsibleUnit: 'ansvarig enhet', performer: 'utförare', dueDate: 'klart senast',
    linkedGoalIds: 'kopplade mål', overallResponsible: 'övergripande ansvarig', patientOwnGoals: 'patientens egna mål',
    followUpDate: 'uppföljningsdatum', signedBy: 'signerad av', signedAt: 'signerad',
    plannedStart: 'planerad start', plannedEnd: 'planerat slut', actualStart: 'start', actualEnd: 'slut',
    staffIds: 'personal', visitType: 'besökstyp', reviewState: 'granskning', reviewNote: 'teamledarens kommentar',
    category: 'kategori', severity: 'allvarlighetsgrad', statusReason: 'skäl för status', lexMaria: 'Lex Maria',
    immediateAction: 'omedelbar åtgärd', detectedAt: 'upptäckt', type: 'typ', intent: 'avsikt',
    resolution: 'hantering', resolvedBy: 'hanterad av', resolvedAt: 'hanterad', communicatedTo: 'meddelad till',
    outcome: 'resultat', checkedBy: 'kontrollerad av', checkedAt: 'kontrollerad',
    // Every other field a record's history can show (TeamLeadPageTest.recordHistoryNamesTeamsAndEveryField).
    version: 'version', localRevision: 'lokal revision', teamId: 'team', episodeId: 'vårdtillfälle',
    visitId: 'besök', planId: 'plan', checklistId: 'checklista', checklistItemId: 'checklistpunkt',
    discrepancyId: 'avvikelse i läkemedelslistan', checkId: 'läkemedelsavstämning', lineId: 'läkemedelsrad',
    lineIds: 'läkemedelsrader', listId: 'läkemedelslista', amendsId: 'ersätter version av',
    reviewedBy: 'granskad av', reviewedAt: 'granskad', reviewedVersion: 'granskad version',
    reportedBy: 'rapporterad av', reportedAt: 'rapporterad',
    hospital: 'sjukhus', ward: 'avdelning', inskrivenAt: 'inskriven', inskrivningsmeddelandeAt: 'inskrivningsmeddelande',
    inskrivningsmeddelandeLate: 'inskrivningsmeddelande för sent', beraknadUtskrivningAt: 'beräknad utskrivning',
    utskrivningsklarAt: 'utskrivningsklar', ejLangreUtskrivningsklarAt: 'inte längre utskrivningsklar',
    insatsbehovBedomtAt: 'insatsbehov bedömt', sipNeededAt: 'SIP behövs (ställningstagande)',
    sipNotNeededAt: 'SIP behövs inte (ställningstagande)', sipKallelseAt: 'kallelse till SIP', sipHeldAt: 'SIP hållen',
    utskrivenAt: 'utskriven', fastVardkontakt: 'fast vårdkontakt', palliativeResponsibility: 'palliativt ansvar',
    responsibleTeamId: 'ansvarigt team', group: 'grupp', itemKey: 'punktens nyckel', label: 'benämning',
    requiredProfession: 'krävd yrkesroll', sortOrder: 'ordning', templateId: 'mall', templateVersion: 'mallens version',
    seenItemVersions: 'sedda versioner av punkterna', seenLineVersions: 'sedda versioner av raderna',
    seenPartVersions: 'sedda versioner av delarna', comparedListIds: 'jämförda listor', startedAt: 'påbörjad',
    completedAt: 'klar', performedBy: 'utförd av', physicianDecisionBy: 'läkarbeslut av', atc: 'ATC-kod',
    nplId: 'NPL-id', substance: 'substans', documentDate: 'dokumentdatum', receivedAt: 'mottagen', source: 'källa',
    planType: 'plantyp', entityType: 'posttyp', entityId: 'post', fields: 'fält', rule: 'regel', ruleLabel: 'regel (namn)',
    baseValue: 'värde före ändringarna', baseVersion: 'grundversion', resultValue: 'regelns resultat',
    deviceValue: 'surfplattans värde', deviceVersion: 'surfplattans version', deviceAuthor: 'surfplattans användare',
    deviceId: 'surfplatta', deviceTime: 'surfplattans tid', serverValue: 'serverns värde', serverVersion: 'serverns version',
    serverAuthor: 'användare bakom serverns värde', serverDeviceId: 'surfplatta bakom serverns värde',
    serverDeviceTime: 'tid för serverns värde'
  };

  function fieldName(f) { return FIELDS[f] || f; }

  function valueText(value, fields, labels) {
    if (value === null || value === undefined) return '–';
    if (typeof value !== 'object' || Array.isArray(value)) return String(value);
    return fields.map((f) => (fields.length > 1 ? fieldName(f) + ': ' : '') + display(value[f], (labels || {})[f])).join('\n');
  }

  function sameValues(a, b, fields) {
    if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
    return fields.every((f) => JSON.stringify(a[f] === undefined ? null : a[f]) === JSON.stringify(b[f] === undefined ? null : b[f]));
  }

  function display(v, labels) {
    if (v === null || v === undefined) return '(tomt)';
    if (typeof v === 'string' && labels && labels[v]) return labels[v];
    // A stored instant (UTC) in Swedish time, as staff read times everywhere else on the page.
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(v) && !isNaN(Date.parse(v))) return when(v);
    if (typeof v === 'boolean') return v ? 'ja' : 'nej';
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? v.map((x) => display(x, labels)).join(', ') : '(tomt)';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  function conflictCard(c) {
    const card = el('article', { class: 'card', 'data-conflict-id': c.id, 'aria-label': 'Konflikt: ' + c.entityLabel });
    const age = c.ageHours < 1 ? 'mindre än en timme' : c.ageHours + ' h';
    card.append(
      el('header', {},
        el('h3', {}, c.entityLabel + ' – ' + (c.patientName || 'okänd patient')),
        el('div', { class: 'badges' },
          el('span', { class: 'badge ' + (c.kind === 'MEDICATION' ? 'bad' : 'warn') }, KINDS[c.kind] || c.kind),
          el('span', { class: 'badge' }, 'Ålder ' + age),
          // No team cares for the patient any more: followed up through the writer's team (docs/conflicts.md).
          c.followUp ? el('span', { class: 'badge warn' }, 'Uppföljning – ingen aktiv vårdrelation') : null)),
      facts([['Fält', c.fields.map(fieldName).join(', ')], ['Regel', c.ruleLabel], ['Uppstod', when(c.createdAt)]]));
    if (c.changedParts && c.changedParts.length) {
      card.append(el('div', {}, el('strong', {}, 'Delar som ändrats utan att surfplattan sett det:'),
        el('ul', { class: 'tight' }, c.changedParts.map((p) => el('li', {}, p)))));
    }
    const table = el('table', { class: 'values' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'Värde'),
        el('th', { scope: 'col' }, 'Vem'), el('th', { scope: 'col' }, 'Enhet'), el('th', { scope: 'col' }, 'När (enhetens tid)'))),
      el('tbody', {},
        // What the record holds now. Not always the server's side: where the tablet's side won
        // (a checklist item reported missing), the server's earlier value is the one kept aside.
        el('tr', { class: 'current' }, el('th', { scope: 'row' }, 'Gäller nu'), el('td', { class: 'value' }, valueText(c.currentValue, c.fields, c.valueLabels)),
          el('td', {}, ''), el('td', {}, ''), el('td', {}, '')),
        el('tr', {}, el('th', { scope: 'row' }, 'Servern hade'), el('td', { class: 'value' }, valueText(c.serverValue, c.fields, c.valueLabels)),
          el('td', {}, c.serverAuthor || '–'), el('td', {}, c.serverDevice || '–'), el('td', {}, when(c.serverDeviceTime))),
        el('tr', {}, el('th', { scope: 'row' }, 'Från surfplattan'), el('td', { class: 'value' }, valueText(c.deviceValue, c.fields, c.valueLabels)),
          el('td', {}, c.deviceAuthor || '–'), el('td', {}, c.deviceName || '–'), el('td', {}, when(c.deviceTime))),
        el('tr', {}, el('th', { scope: 'row' }, 'Utgångsvärde'), el('td', { class: 'value' }, valueText(c.baseValue, c.fields, c.valueLabels)),
          el('td', {}, ''), el('td', {}, ''), el('td', {}, ''))));
    card.append(el('div', { class: 'scroll' }, table));

    const noteId = 'conflict-note-' + c.id;
    const note = el('input', { id: noteId, type: 'text', maxlength: 2000, autocomplete: 'off' });
    const actions = el('div', { class: 'actions' }, el('div', { class: 'field' }, el('label', { for: noteId }, 'Motivering (valfri)'), note));
    if (c.needsCounterpart) {
      // Who is responsible in a SIP is agreed by region and kommun together (DOMAIN rule 13).
      const cpId = 'conflict-counterpart-' + c.id;
      const cp = el('input', { id: cpId, type: 'text', maxlength: 200, autocomplete: 'off', class: 'counterpart' });
      actions.append(el('div', { class: 'field' },
        el('label', { for: cpId }, 'Godkänt av den andra huvudmannen (namn, enhet) – krävs för att ändra ansvaret'), cp));
    }
    if (c.acknowledgeOnly) {
      actions.append(el('button', { type: 'button', class: 'keep', onclick: () => resolve(c, 'KEEP_SERVER', null, note.value) }, 'Kvittera'));
      card.append(actions);
      return card;
    }
    actions.append(
      el('button', { type: 'button', class: 'secondary keep', onclick: () => resolve(c, 'KEEP_SERVER', null, note.value) }, 'Behåll det som gäller nu'));
    if (!sameValues(c.currentValue, c.deviceValue, c.fields)) {
      // Offered only when it changes something: where the tablet's value already stands it is a no-op.
      actions.append(
        el('button', { type: 'button', class: 'take', onclick: () => resolve(c, 'TAKE_DEVICE', null, note.value) }, 'Ta surfplattans värde'));
    } else if (c.serverValue && typeof c.serverValue === 'object' && !sameValues(c.currentValue, c.serverValue, c.fields)
        && !c.fields.includes('enteredInError')) {
      // The tablet's side won (a checklist item reported missing): the server's earlier value is the
      // one kept aside, and taking it back is an edit to exactly that value.
      actions.append(
        el('button', { type: 'button', class: 'take-server', onclick: () => resolve(c, 'EDIT', c.serverValue, note.value) }, 'Ta serverns tidigare värde'));
    }
    card.append(actions);

    const inputs = {};
    const edit = el('fieldset', { class: 'edit' }, el('legend', {}, 'Eller ange ett eget värde'));
    const current = c.currentValue && typeof c.currentValue === 'object' ? c.currentValue : {};
    const row = el('div', { class: 'actions' });
    for (const field of c.fields) {
      const id = 'edit-' + c.id + '-' + field;
      const input = el('input', { id, type: 'text', autocomplete: 'off', 'data-field': field });
      const v = current[field];
      input.value = v === null || v === undefined ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v));
      inputs[field] = input;
      row.append(el('div', { class: 'field' }, el('label', { for: id }, fieldName(field)), input));
    }
    row.append(el('button', {
      type: 'button', class: 'secondary save-edit',
      onclick: () => {
        const value = {};
        for (const field of c.fields) {
          const typed = typedValue(current[field], inputs[field].value);
          if (typed === undefined) {
            say('Värdet för ' + fieldName(field) + ' har fel form.', true);
            inputs[field].focus();
            return;
          }
          value[field] = typed;
        }
        resolve(c, 'EDIT', value, note.value);
      }
    }, 'Spara eget värde'));
    edit.append(row);
    card.append(edit);
    return card;
  }

  // The edited text in the JSON type of the value it replaces; undefined if it does not fit.
  function typedValue(old, text) {
    const t = text.trim();
    if (t === '') return null;
    if (typeof old === 'number') { const n = Number(t); return Number.isFinite(n) ? n : undefined; }
    if (typeof old === 'boolean') {
      if (/^(ja|true)$/i.test(t)) return true;
      if (/^(nej|false)$/i.test(t)) return false;
      return undefined;
    }
    if (old !== null && typeof old === 'object') { try { return JSON.parse(t); } catch (e) { return undefined; } }
    return text;
  }

  async function resolve(c, choice, value, note) {
    const body = { choice, note: note || null };
    const cp = document.getElementById('conflict-counterpart-' + c.id);
    if (cp && cp.value.trim()) body.counterpart = cp.value.trim();
    if (value) body.value = value;
    if (c.entityVersion !== null && c.entityVersion !== undefined) body.seenVersion = c.entityVersion;
    try {
      await api('POST', '/conflicts/' + encodeURIComponent(c.id) + '/resolve', body);
      say('Konflikten är löst: ' + c.entityLabel + '.');
    } catch (e) {
      say(e.message, true);
    }
    await loadConflicts().catch(failed);
    focusHeading(document.querySelector('#conflicts article h3') || $('conflicts-title'));
  }

  // Automatically resolved conflicts -------------------------------------------------------------

  async function loadAutoResolved() {
    const days = $('auto-days').value || '30';
    const data = await api('GET', '/auto-resolved?' + teamQuery() + '&days=' + encodeURIComponent(days));
    $('tab-auto').textContent = data.unacknowledged ? 'Automatiskt lösta (' + data.unacknowledged + ')' : 'Automatiskt lösta';
    fill($('auto-summary'), data.conflicts.length
      ? el('span', { class: data.unacknowledged ? 'warnline' : 'okline' },
        data.conflicts.length + (data.conflicts.length === 1 ? ' automatiskt löst' : ' automatiskt lösta')
          + (data.days === 1 ? ' det senaste dygnet, ' : ' de senaste ' + data.days + ' dagarna, ') + data.unacknowledged
          + (data.unacknowledged === 1 ? ' ej kvitterad.' : ' ej kvitterade.'))
      : null);
    fill($('auto'), data.conflicts.length ? data.conflicts.map(autoCard)
      : el('p', { class: 'empty' }, 'Inga automatiskt lösta konflikter ' + (data.days === 1 ? 'det senaste dygnet.' : 'de senaste ' + data.days + ' dagarna.')));
  }

  function autoCard(c) {
    const card = el('article', { class: 'card ' + (c.acknowledged ? 'done' : 'stale'), 'data-auto-id': c.id,
      'aria-label': 'Automatiskt löst: ' + c.entityLabel });
    card.append(
      el('header', {},
        el('h3', {}, c.entityLabel + ' – ' + (c.patientName || 'okänd patient')),
        el('div', { class: 'badges' }, el('span', { class: 'badge ' + (c.acknowledged ? 'ok' : 'warn') }, c.statusLabel))),
      facts([['Regel', c.ruleLabel || c.rule], ['Uppstod', when(c.createdAt)], ['Fält', c.fields.map(fieldName).join(', ')]]));
    const side = c.overridden === 'DEVICE'
      ? { value: c.deviceValue, who: c.deviceAuthor, device: c.deviceName, at: c.deviceTime }
      : c.overridden === 'SERVER'
        ? { value: c.serverValue, who: c.serverAuthor, device: c.serverDevice, at: c.serverDeviceTime }
        : null;
    if (side) {
      card.append(el('p', { class: 'overridden' }, el('strong', {}, 'Åsidosatt: '),
        valueText(side.value, c.fields, c.valueLabels).replace(/\n/g, ', '),
        ' (' + (side.who || 'okänd') + (side.device ? ', ' + side.device : '') + ', ' + when(side.at) + ' enhetens tid). Finns kvar i konfliktposten.'));
    } else {
      card.append(el('p', { class: 'overridden' }, 'Inget värde åsidosattes helt: båda finns kvar i resultatet och i konfliktposten.'));
    }
    const mark = (which) => (c.overridden === which ? ' (åsidosatt)' : '');
    const table = el('table', { class: 'values' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'Värde'),
        el('th', { scope: 'col' }, 'Vem'), el('th', { scope: 'col' }, 'Enhet'), el('th', { scope: 'col' }, 'När (enhetens tid)'))),
      el('tbody', {},
        el('tr', { class: 'current' }, el('th', { scope: 'row' }, 'Behölls (regelns resultat)'),
          el('td', { class: 'value' }, valueText(c.keptValue, c.fields, c.valueLabels)), el('td', {}, ''), el('td', {}, ''), el('td', {}, '')),
        el('tr', {}, el('th', { scope: 'row' }, 'Servern hade' + mark('SERVER')), el('td', { class: 'value' }, valueText(c.serverValue, c.fields, c.valueLabels)),
          el('td', {}, c.serverAuthor || '–'), el('td', {}, c.serverDevice || '–'), el('td', {}, when(c.serverDeviceTime))),
        el('tr', {}, el('th', { scope: 'row' }, 'Från surfplattan' + mark('DEVICE')), el('td', { class: 'value' }, valueText(c.deviceValue, c.fields, c.valueLabels)),
          el('td', {}, c.deviceAuthor || '–'), el('td', {}, c.deviceName || '–'), el('td', {}, when(c.deviceTime))),
        sameValues(c.currentValue, c.keptValue, c.fields) ? null
          : el('tr', {}, el('th', { scope: 'row' }, 'Gäller nu'), el('td', { class: 'value' }, valueText(c.currentValue, c.fields, c.valueLabels)),
            el('td', {}, ''), el('td', {}, ''), el('td', {}, ''))));
    card.append(el('div', { class: 'scroll' }, table));
    if (c.acknowledged) {
      card.append(el('p', { class: 'okline' }, c.statusLabel + ' av ' + (c.acknowledgedBy || '–') + ' ' + when(c.acknowledgedAt) + '.'),
        c.acknowledgeNote ? el('p', {}, 'Kommentar: ', el('q', {}, c.acknowledgeNote)) : null);
      return card;
    }
    const noteId = 'auto-note-' + c.id;
    const note = el('input', { id: noteId, type: 'text', maxlength: 2000, autocomplete: 'off' });
    card.append(el('div', { class: 'actions' },
      el('div', { class: 'field' }, el('label', { for: noteId }, 'Kommentar (valfri)'), note),
      el('button', { type: 'button', class: 'acknowledge', onclick: () => acknowledge(c, note.value) }, 'Kvittera')));
    return card;
  }

  // Acknowledging is the review model's KEEP_SERVER: what the rule decided stands, the record shows who saw it.
  async function acknowledge(c, note) {
    try {
      await api('POST', '/conflicts/' + encodeURIComponent(c.id) + '/resolve', { choice: 'KEEP_SERVER', note: note || null });
      say('Kvitterad: ' + c.entityLabel + '.');
    } catch (e) {
      say(e.message, true);
    }
    await loadAutoResolved().catch(failed);
    focusHeading(document.querySelector('article[data-auto-id="' + CSS.escape(c.id) + '"] h3') || $('auto-title'));
  }

  // Deviations -----------------------------------------------------------------------------------

  async function loadDeviations() {
    const data = await api('GET', '/deviations?' + teamQuery());
    $('tab-deviations').textContent = data.open ? 'Avvikelser (' + data.open + ')' : 'Avvikelser';
    fill($('deviation-summary'), data.deviations.length
      ? el('span', { class: data.open ? 'warnline' : 'okline' }, data.deviations.length + (data.deviations.length === 1 ? ' avvikelse, ' : ' avvikelser, ')
        + data.open + (data.open === 1 ? ' öppen.' : ' öppna.'))
      : null);
    fill($('deviations'), data.deviations.length ? data.deviations.map(deviationCard)
      : el('p', { class: 'empty' }, 'Inga avvikelser för teamets patienter.'));
  }

  function deviationCard(d) {
    const cls = d.enteredInError ? '' : d.open ? (d.status === 'REGISTERED' ? 'needs' : 'stale') : 'done';
    const card = el('article', { class: 'card ' + cls, 'data-deviation-id': d.id,
      'aria-label': 'Avvikelse: ' + (d.categoryLabel || '') + ' ' + (d.patientName || '') });
    card.append(
      el('header', {},
        el('h3', {}, (d.categoryLabel || 'Avvikelse') + ' – ' + (d.patientName || 'okänd patient')),
        el('div', { class: 'badges' },
          el('span', { class: 'badge ' + (d.open ? 'warn' : 'ok'), 'data-status': d.status }, d.statusLabel),
          d.severityLabel ? el('span', { class: 'badge ' + (d.severity === 'HARM' || d.severity === 'SERIOUS_HARM' ? 'bad' : '') }, d.severityLabel) : null,
          d.enteredInError ? el('span', { class: 'badge bad' }, 'Makulerad') : null)),
      el('div', {}, el('strong', {}, 'Vad hände'),
        d.description ? el('p', { class: 'note' }, d.description) : el('p', { class: 'empty' }, 'Ingen beskrivning.')),
      facts([
        ['Rapporterad', (d.reportedBy || 'okänd') + ', ' + when(d.reportedAt)],
        ['Upptäckt', d.detectedAt ? when(d.detectedAt) : null],
        ['Omedelbar åtgärd', d.immediateAction],
        ['Lex Maria', d.lexMariaLabel],
        ['Kopplad till', d.linkedTo],
        ['Version', String(d.version)]
      ]));
    card.append(el('div', {}, el('strong', {}, 'Statusändringar'),
      d.statusChanges.length
        ? el('ol', { class: 'tight status-changes' }, d.statusChanges.map((s) => el('li', {},
          (s.statusLabel || s.status || '–') + ' – ' + when(s.changedAt) + ', ' + (s.changedBy || 'servern')
            + (s.deviceTime ? ' (gjort ' + when(s.deviceTime) + ' på surfplatta)' : ''),
          s.reason ? el('p', { class: 'reason' }, 'Skäl: ', el('q', {}, s.reason)) : null)))
        : el('p', { class: 'empty' }, 'Ingen historik.')));
    if (d.statusReason && !d.statusChanges.some((s) => s.reason === d.statusReason)) {
      card.append(el('p', {}, 'Senast angivna skäl: ', el('q', {}, d.statusReason)));
    }
    card.append(historyBlock(d.id));
    return card;
  }

  // Discharge board ------------------------------------------------------------------------------

  async function loadBoard() {
    const b = await api('GET', '/discharge-board?' + teamQuery());
    const summary = el('div', { class: 'summary', 'aria-label': 'Teamets snitt' },
      el('div', {}, el('div', {}, 'Snitt dagar från utskrivningsklar till utskriven'),
        el('div', { class: 'big ' + (b.meetsTarget ? 'ok' : 'bad'), id: 'board-average' }, decimal(b.averageDays))),
      el('div', {}, 'Mål: högst ' + decimal(b.targetDays) + ' dagar, helst samma dag.', el('br'),
        b.dischargedCount + ' utskrivna patienter räknade. SIP-kallelse inom ' + b.sipDeadlineDays + ' dagar från utskrivningsklar, om SIP behövs.',
        el('br'), el('span', { id: 'board-payment-rule' },
          'Kommunens betalningsansvar inträder ' + b.paymentRule + ' efter utskrivningsklar, om kommunen fått både inskrivningsmeddelande och utskrivningsklar.')));
    const cards = el('div', { class: 'cards two' },
      b.patients.length ? b.patients.map(episodeCard) : el('p', { class: 'empty' }, 'Inga patienter i utskrivningsprocessen.'));
    fill($('board'), summary, cards);
  }

  function episodeCard(e) {
    let days;
    if (e.daysToDischarge !== null) days = 'Utskriven efter ' + dagar(e.daysToDischarge);
    else if (e.daysWaiting !== null) days = 'Utskrivningsklar sedan ' + dagar(e.daysWaiting);
    else if (e.notCountedReason) days = 'Utskriven, räknas inte i snittet';
    else days = 'Inte utskrivningsklar';
    const sipClasses = { SENT_IN_TIME: 'ok', SENT_LATE: 'bad', PENDING: 'warn', OVERDUE: 'bad', MISSED: 'bad', NOT_NEEDED: 'ok' };
    const sipCls = sipClasses[e.sipStatus] || '';
    const meddelandeCls = { SENT_IN_TIME: 'ok', SENT_LATE: 'bad', PENDING: 'warn', OVERDUE: 'bad' }[e.inskrivningsmeddelandeStatus] || '';
    const paymentCls = { STARTED: 'bad', STARTED_BEFORE_DISCHARGE: 'warn', NOT_STARTED: 'warn', DISCHARGED_BEFORE_START: 'ok' };
    const optionalStep = { EJ_LANGRE_UTSKRIVNINGSKLAR: true, INSKRIVEN: true, INSATSBEHOV_BEDOMT: true };
    const card = el('article', { class: 'card', 'data-episode-id': e.episodeId, 'aria-label': 'Utskrivning ' + (e.patientName || '') });
    card.append(
      el('header', {}, el('h3', {}, e.patientName || 'Okänd patient'),
        el('div', { class: 'badges' }, el('span', { class: 'badge' }, e.statusLabel || '–'),
          el('span', { class: 'badge ' + (e.overTarget ? 'bad' : 'ok') }, days))),
      facts([
        ['Sjukhus', [e.hospital, e.ward].filter(Boolean).join(', ')],
        ['Fast vårdkontakt', e.fastVardkontakt],
        ['Inskrivningsmeddelande', e.inskrivningsmeddelandeStatusLabel
          + (e.inskrivningsmeddelandeDue && (e.inskrivningsmeddelandeStatus === 'PENDING' || e.inskrivningsmeddelandeStatus === 'OVERDUE')
            ? ' (senast ' + when(e.inskrivningsmeddelandeDue) + ')' : '')],
        ['SIP-kallelse', e.sipStatusLabel + (e.sipDeadline ? ' (senast ' + e.sipDeadline + ')' : '')],
        ['Betalningsansvar', e.paymentStatusLabel + (e.paymentStartDate ? ' (från ' + e.paymentStartDate + ')' : '')]
      ]),
      el('div', { class: 'badges' },
        el('span', { class: 'badge ' + meddelandeCls, 'data-inskrivningsmeddelande': e.inskrivningsmeddelandeStatus },
          'Inskrivningsmeddelande: ' + e.inskrivningsmeddelandeStatusLabel),
        el('span', { class: 'badge ' + sipCls, 'data-sip': e.sipStatus }, 'SIP: ' + e.sipStatusLabel),
        el('span', { class: 'badge ' + (paymentCls[e.paymentStatus] || ''), 'data-payment': e.paymentStatus },
          'Betalningsansvar: ' + e.paymentStatusLabel + (e.paymentStartDate ? ' (från ' + e.paymentStartDate + ')' : ''))),
      el('ol', { class: 'steps', 'aria-label': 'Steg' }, e.steps.filter((s) => s.at || s.invalid || !optionalStep[s.key]).map((s) =>
        el('li', { class: s.at ? '' : 'pending' }, s.label + ': ' + (s.at ? when(s.at) : s.invalid ? 'ogiltig tid' : 'ännu inte')))));
    if (e.earlierReadiness.length) {
      card.append(el('div', { class: 'earlier-readiness' },
        el('strong', {}, 'Tidigare perioder som utskrivningsklar (återtagna)'),
        el('ul', { class: 'tight' }, e.earlierReadiness.map((r) => el('li', { 'data-sip': r.sipStatus },
          'Utskrivningsklar ' + when(r.utskrivningsklarAt) + ' – ej längre utskrivningsklar ' + when(r.ejLangreUtskrivningsklarAt) + ': ',
          el('span', { class: 'badge ' + (sipClasses[r.sipStatus] || '') }, 'SIP: ' + r.sipStatusLabel),
          ' (frist ' + r.sipDeadline + (r.sipKallelseAt ? ', kallad ' + when(r.sipKallelseAt) : '') + ')')))));
    }
    if (e.invalidTimes.length) {
      card.append(el('p', { class: 'badge bad', role: 'note' },
        'Ogiltig tid sparad (utanför 1900–2199), räknas inte: ' + e.invalidTimes.join(', ') + '. Rätta den i journalen.'));
    }
    if (e.notCountedReason) {
      card.append(el('p', { class: 'badge warn', role: 'note' }, e.notCountedReason));
    }
    card.append(el('div', {},
      el('strong', {}, 'Öppna checklistpunkter: ' + e.openChecklistItems.length),
      e.openChecklistItems.length ? el('ul', { class: 'tight' }, e.openChecklistItems.map((t) => el('li', {}, t))) : null));
    card.append(el('div', {},
      el('strong', {}, 'Olösta läkemedelsavvikelser: ' + e.openDiscrepancies.length),
      e.openDiscrepancies.length ? el('ul', { class: 'tight' }, e.openDiscrepancies.map(discrepancyItem)) : null));
    return card;
  }

  // Fleet ----------------------------------------------------------------------------------------

  function minutes(m) {
    if (m === null || m === undefined) return '–';
    if (m < 60) return m + ' min';
    if (m < 48 * 60) return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
    return Math.floor(m / 1440) + ' dygn';
  }

  async function loadFleet() {
    const f = await api('GET', '/fleet?' + teamQuery());
    if (!f.devices.length) {
      fill($('fleet'), el('p', { class: 'empty' }, 'Inga enheter har loggat in för teamet.'));
      return;
    }
    const table = el('table', {},
      el('caption', { class: 'skip' }, 'Teamets enheter'),
      el('thead', {}, el('tr', {}, ['Enhet', 'Användare', 'Senaste lyckade synk', 'I kö (senast rapporterat)', 'Äldsta osynkade ändring', 'Öppna konflikter', 'Status']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, f.devices.map((d) => el('tr', { 'data-device-id': d.deviceId },
        el('th', { scope: 'row' }, d.name || ('Enhet ' + d.deviceId.slice(0, 8))),
        el('td', {}, d.staffName || '–'),
        el('td', {}, d.lastSyncAt ? when(d.lastSyncAt) : 'Aldrig'),
        el('td', {}, d.outboxDepth === null ? '–' : String(d.outboxDepth)),
        el('td', {}, d.oldestPendingMinutes === null ? '–' : minutes(d.oldestPendingMinutes) + ' sedan'),
        el('td', { class: d.openConflicts ? 'badline' : '' }, String(d.openConflicts)),
        el('td', {}, d.revoked ? el('span', { class: 'badge bad' }, 'Spärrad ' + when(d.revokedAt)) : el('span', { class: 'badge ok' }, 'Aktiv'))))));
    fill($('fleet'), el('div', { class: 'scroll' }, table));
  }

  // --- Start -------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', async () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('visit-filter').addEventListener('submit', (event) => { event.preventDefault(); loadVisits().catch(failed); });
    $('auto-filter').addEventListener('submit', (event) => { event.preventDefault(); loadAutoResolved().catch(failed); });
    $('team').addEventListener('change', () => { state.team = $('team').value; show(state.view); refreshConflictCount(); refreshFollowUpCount(); });
    for (const tab of document.querySelectorAll('.tabs button')) {
      tab.addEventListener('click', () => show(tab.dataset.view));
    }
    try {
      startSession(await api('GET', '/session'));
    } catch (e) {
      if (e.status !== 401) showLogin(e.message);
    }
  });
})();
