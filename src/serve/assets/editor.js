// The editor's page (SPEC section 12): draws a record's form from the form description the
// server generated from the schema, checks it after each pause in typing (the whole pack, with
// the unsaved record in place of its file), saves it, and offers undo, earlier versions, the
// Text tab and, when the file changed behind the form, both versions side by side.
// Everything is drawn with DOM methods (textContent): no text from a record becomes HTML, except
// a Markdown field's preview, which is the server's sanitised HTML (the HTML pack's own renderer).
'use strict';

(function () {
  const data = JSON.parse(document.getElementById('ed-data').textContent);
  const token = document.querySelector('meta[name="evidence-pack-token"]').content;
  const root = document.getElementById('ed-root');
  const readOnly = root.dataset.readOnly === 'true';
  const PAUSE = 400;
  const ORIG = '__orig';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Evidence-Pack-Token': token },
      body: JSON.stringify(body),
    });
    let json = {};
    try {
      json = await response.json();
    } catch (e) {
      json = { result: 'refused', message: 'The server answered ' + response.status + '.' };
    }
    json.status = response.status;
    return json;
  }

  const clone = (v) => JSON.parse(JSON.stringify(v === undefined ? null : v));
  const idOf = (path) => path.map(String).join('-').replace(/[^A-Za-z0-9_-]/g, '_');
  const dotted = (path) =>
    path.reduce((s, p) => (typeof p === 'number' ? s + '[' + p + ']' : s ? s + '.' + p : p), '');

  function getAt(obj, path) {
    let v = obj;
    for (const p of path) {
      if (v === null || v === undefined) return undefined;
      v = v[p];
    }
    return v;
  }

  function setAt(obj, path, value) {
    let v = obj;
    for (let i = 0; i < path.length - 1; i++) {
      if (v[path[i]] === null || v[path[i]] === undefined || typeof v[path[i]] !== 'object') {
        v[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
      }
      v = v[path[i]];
    }
    v[path[path.length - 1]] = value;
  }

  // ---- The list of records --------------------------------------------------------------

  function drawIndex() {
    const q = (name, form) =>
      '/edit/form?record=' + encodeURIComponent(name) + (form ? '&form=' + form : '');
    const actions = el('div', { class: 'ed-actions' },
      el('a', { class: 'ed-button', href: q(data.new_decision), text: 'New decision (' + data.next_id + ')' }),
      el('a', { class: 'ed-button ed-secondary', href: q(data.pack_settings), text: 'Pack settings' }));
    root.append(el('p', { class: 'ed-lead', text: 'Choose a record to change it, or start a new one. Each change is saved to the record’s own file in the pack, and the pack page updates itself.' }), actions);
    const kinds = [['decision', 'Decision records'], ['example', 'Practice examples'], ['answer', 'Tender answers']];
    for (const [kind, heading] of kinds) {
      const records = data.records.filter((r) => r.kind === kind);
      if (!records.length) continue;
      const list = el('ul', { class: 'ed-records' });
      for (const r of records) {
        const links = el('span', { class: 'ed-record-links' },
          el('a', { href: q(r.name), text: 'Edit' }, el('span', { class: 'ed-visually-hidden', text: ' ' + r.id })));
        if (kind === 'decision') {
          links.append(' · ', el('a', { href: q(r.name, 'review'), text: 'Record a review' }, el('span', { class: 'ed-visually-hidden', text: ' of ' + r.id })),
            ' · ', el('a', { href: q(r.name, 'incident'), text: 'Record an incident' }, el('span', { class: 'ed-visually-hidden', text: ' for ' + r.id })));
        }
        list.append(el('li', {}, el('span', { class: 'ed-record-title', text: (kind === 'answer' ? '' : r.id + ' ') + r.title }), ' ', links));
      }
      root.append(el('h2', { text: heading }), list);
    }
  }

  // ---- A record's form ------------------------------------------------------------------

  const state = {
    record: data.record,
    sha256: data.loaded ? data.loaded.sha256 : '',
    values: data.loaded && data.loaded.values ? clone(data.loaded.values) : null,
    // The values as last loaded or saved: what a conflict compares "mine" with.
    base: data.loaded && data.loaded.values ? clone(data.loaded.values) : null,
    text: data.loaded ? data.loaded.text : '',
    tab: data.loaded && !data.loaded.values ? 'text' : 'form',
    findings: [],
    timer: null,
    checking: 0,
  };

  function emptyFor(field) {
    return field.required ? '' : null;
  }

  // Today as the file writes it: a new entry's required dates start from it.
  function today() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate());
  }

  function newEntry(fields) {
    const entry = {};
    for (const f of fields) {
      if (f.type === 'list' || f.type === 'lines' || f.type === 'choices') entry[f.key] = [];
      else if (f.type === 'date' && f.required) entry[f.key] = today();
      else entry[f.key] = emptyFor(f);
    }
    return entry;
  }

  function hintId(path) {
    return 'hint-' + idOf(path);
  }

  function labelFor(field, path, tag) {
    return el(tag || 'label', { class: 'ed-label', for: tag ? null : 'in-' + idOf(path), text: field.label + (field.required ? '' : ' (optional)') });
  }

  function message(path) {
    return el('div', { class: 'ed-messages', id: 'msg-' + idOf(path) });
  }

  function describedBy(field, path) {
    return [field.hint ? hintId(path) : '', 'msg-' + idOf(path)].filter(Boolean).join(' ');
  }

  function changed() {
    if (state.values === null) return;
    schedule();
  }

  function fieldInput(field, path) {
    const value = getAt(state.values, path);
    const id = 'in-' + idOf(path);
    const common = { id, name: dotted(path), 'aria-describedby': describedBy(field, path), disabled: readOnly };
    const update = (v) => {
      setAt(state.values, path, v);
      changed();
    };
    switch (field.type) {
      case 'markdown':
      case 'paragraph': {
        const area = el('textarea', { ...common, class: 'ed-textarea' + (field.type === 'paragraph' ? ' ed-short' : ''), rows: field.type === 'paragraph' ? 3 : 6 });
        area.value = value === null || value === undefined ? '' : String(value);
        area.addEventListener('input', () => update(area.value.trim() === '' ? emptyFor(field) : area.value));
        return area;
      }
      case 'lines': {
        const area = el('textarea', { ...common, class: 'ed-textarea ed-lines', rows: 3 });
        area.value = Array.isArray(value) ? value.join('\n') : '';
        area.addEventListener('input', () => update(area.value.split('\n').map((s) => s.trim()).filter(Boolean)));
        return area;
      }
      case 'date': {
        const input = el('input', { ...common, type: 'date', class: 'ed-input ed-date' });
        input.value = value || '';
        input.addEventListener('input', () => update(input.value === '' ? emptyFor(field) : input.value));
        return input;
      }
      case 'number': {
        const input = el('input', { ...common, type: 'text', inputmode: 'numeric', class: 'ed-input ed-number' });
        input.value = value === null || value === undefined ? '' : String(value);
        input.addEventListener('input', () => update(input.value.trim() === '' ? null : input.value.trim()));
        return input;
      }
      case 'boolean': {
        const input = el('input', { ...common, type: 'checkbox', class: 'ed-checkbox' });
        input.checked = value === true;
        input.addEventListener('change', () => update(input.checked));
        return input;
      }
      default: {
        const input = el('input', { ...common, type: 'text', class: 'ed-input' });
        input.value = value === null || value === undefined ? '' : String(value);
        input.addEventListener('input', () => update(input.value.trim() === '' ? emptyFor(field) : input.value));
        return input;
      }
    }
  }

  function drawChoice(field, path) {
    const value = getAt(state.values, path);
    const id = 'in-' + idOf(path);
    const update = (v) => {
      setAt(state.values, path, v);
      changed();
    };
    if (field.widget === 'select') {
      const select = el('select', { id, name: dotted(path), class: 'ed-select', 'aria-describedby': describedBy(field, path), disabled: readOnly },
        el('option', { value: '', text: field.required ? 'Choose one' : 'Not given' }));
      for (const o of field.options) {
        select.append(el('option', { value: o.value, text: o.label + (o.hint ? ' — ' + o.hint : ''), selected: o.value === value }));
      }
      select.addEventListener('change', () => update(select.value === '' ? emptyFor(field) : select.value));
      return el('div', { class: 'ed-field', id: 'f-' + idOf(path) }, labelFor(field, path), hint(field, path), message(path), select);
    }
    const set = el('fieldset', { class: 'ed-field ed-choice', id: 'f-' + idOf(path), 'aria-describedby': describedBy(field, path) },
      el('legend', { class: 'ed-label', text: field.label + (field.required ? '' : ' (optional)') }), hint(field, path), message(path));
    const options = field.required ? field.options : [...field.options, { value: '', label: 'Not given' }];
    options.forEach((o, i) => {
      const oid = i === 0 ? id : id + '-' + i;
      const radio = el('input', { type: 'radio', id: oid, name: dotted(path), value: o.value, class: 'ed-radio', checked: (value || '') === o.value, disabled: readOnly });
      radio.addEventListener('change', () => update(o.value === '' ? null : o.value));
      set.append(el('div', { class: 'ed-radio-item' }, radio, el('label', { for: oid, text: o.label }), o.hint ? el('span', { class: 'ed-option-hint', text: ' ' + o.hint }) : null));
    });
    return set;
  }

  function drawChoices(field, path) {
    const value = getAt(state.values, path) || [];
    const set = el('fieldset', { class: 'ed-field ed-choice', id: 'f-' + idOf(path), 'aria-describedby': describedBy(field, path) },
      el('legend', { class: 'ed-label', text: field.label + (field.required ? '' : ' (optional)') }), hint(field, path), message(path));
    field.options.forEach((o, i) => {
      const oid = 'in-' + idOf(path) + (i === 0 ? '' : '-' + i);
      const box = el('input', { type: 'checkbox', id: oid, value: o.value, class: 'ed-checkbox', checked: value.includes(o.value), disabled: readOnly });
      box.addEventListener('change', () => {
        const now = new Set(getAt(state.values, path) || []);
        if (box.checked) now.add(o.value);
        else now.delete(o.value);
        setAt(state.values, path, field.options.map((x) => x.value).filter((v) => now.has(v)));
        changed();
      });
      set.append(el('div', { class: 'ed-radio-item' }, box, el('label', { for: oid, text: o.label })));
    });
    return set;
  }

  function hint(field, path) {
    // A date field shows the date in the reader's own order (27/03/2026 in Britain): no example.
    const extra = field.type === 'lines' ? 'One on each line.' : '';
    const text = [field.hint, extra].filter(Boolean).join(' ');
    return text ? el('p', { class: 'ed-hint', id: hintId(path), text }) : null;
  }

  // "Show how it will look" under a Markdown field: the text as the pack shows it, kept up to date
  // while it is open.
  function preview(input, path) {
    const box = el('div', { class: 'ed-preview', id: 'pv-' + idOf(path), hidden: true });
    const button = el('button', { type: 'button', class: 'ed-link-button ed-preview-toggle', 'aria-expanded': 'false', 'aria-controls': box.id, text: 'Show how it will look' });
    let timer = null;
    const refresh = async () => {
      const answer = await post('/edit/markdown', { text: input.value });
      if (typeof answer.html !== 'string') {
        box.replaceChildren(el('p', { text: answer.message || 'The preview could not be made.' }));
      } else if (answer.html.trim() === '') {
        box.replaceChildren(el('p', { class: 'ed-hint', text: 'Nothing written yet.' }));
      } else {
        box.innerHTML = answer.html;
      }
    };
    button.addEventListener('click', () => {
      const open = box.hidden;
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? 'Hide how it will look' : 'Show how it will look';
      if (open) refresh();
    });
    input.addEventListener('input', () => {
      if (box.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, PAUSE);
    });
    return el('div', { class: 'ed-preview-wrap' }, button, box);
  }

  function drawField(field, path) {
    switch (field.type) {
      case 'choice':
        return drawChoice(field, path);
      case 'choices':
        return drawChoices(field, path);
      case 'group': {
        const set = el('fieldset', { class: 'ed-group', id: 'f-' + idOf(path) },
          el('legend', { class: 'ed-group-title', text: field.label + (field.required ? '' : ' (optional)') }), hint(field, path), message(path));
        for (const f of field.fields) set.append(drawField(f, [...path, f.key]));
        return set;
      }
      case 'list':
        return drawList(field, path);
      case 'boolean':
        return el('div', { class: 'ed-field ed-check-field', id: 'f-' + idOf(path) }, message(path),
          el('div', { class: 'ed-radio-item' }, fieldInput(field, path), labelFor(field, path)), hint(field, path));
      default: {
        const input = fieldInput(field, path);
        return el('div', { class: 'ed-field', id: 'f-' + idOf(path) }, labelFor(field, path), hint(field, path), message(path), input,
          field.type === 'markdown' && !readOnly ? preview(input, path) : null);
      }
    }
  }

  function titleCase(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function drawList(field, path, only) {
    const section = el('section', { class: 'ed-list', id: 'f-' + idOf(path), 'aria-labelledby': 'h-' + idOf(path) },
      el('h2', { class: 'ed-list-title', id: 'h-' + idOf(path), text: field.label }), hint(field, path), message(path));
    const entries = getAt(state.values, path) || [];
    entries.forEach((entry, i) => {
      if (only !== undefined && i !== only) return;
      const here = [...path, i];
      const legend = titleCase(field.item) + ' ' + (i + 1);
      const set = el('fieldset', { class: 'ed-entry', id: 'f-' + idOf(here) }, el('legend', { class: 'ed-entry-title', text: legend }), message(here));
      for (const f of field.fields) set.append(drawField(f, [...here, f.key]));
      if (only === undefined && !readOnly) {
        set.append(el('button', {
          type: 'button', class: 'ed-button ed-warning-button', text: 'Remove ' + field.item + ' ' + (i + 1),
          onclick: () => {
            if (!window.confirm('Remove ' + field.item + ' ' + (i + 1) + '? It is taken out of the file when you save, and "Undo the last save" brings it back.')) return;
            const list = getAt(state.values, path);
            list.splice(i, 1);
            redraw();
            changed();
            document.getElementById('h-' + idOf(path)).focus();
          },
        }));
      }
      section.append(set);
    });
    if (only === undefined && !readOnly) {
      section.append(el('button', {
        type: 'button', class: 'ed-button ed-secondary', text: 'Add another ' + field.item,
        onclick: () => {
          const list = getAt(state.values, path) || [];
          list.push(newEntry(field.fields));
          setAt(state.values, path, list);
          redraw();
          changed();
          const first = document.getElementById('in-' + idOf([...path, list.length - 1, field.fields[0].key]));
          if (first) first.focus();
        },
      }));
    }
    section.querySelector('h2').setAttribute('tabindex', '-1');
    return section;
  }

  // ---- Findings -------------------------------------------------------------------------

  // `data-pending` is on the root while a check is waiting for its pause or its answer.
  function schedule() {
    clearTimeout(state.timer);
    root.dataset.pending = '1';
    state.waiting = true;
    state.timer = setTimeout(() => {
      state.waiting = false;
      runCheck();
    }, PAUSE);
  }

  function currentChanges() {
    return state.tab === 'text' ? { text: state.text } : { values: state.values };
  }

  async function runCheck() {
    const ticket = ++state.checking;
    root.dataset.pending = '1';
    const started = performance.now();
    const changes = currentChanges();
    const answer = await post('/edit/check', { record: state.record, changes });
    if (ticket !== state.checking) return; // a newer check has started
    if (answer.result === 'checked') {
      state.findings = answer.findings;
      state.checkedFor = JSON.stringify(changes);
    } else {
      state.findings = [{ level: 'error', key: '', message: answer.message, help: '', rule: '', line: 0 }];
    }
    showFindings();
    if (!state.waiting) delete root.dataset.pending;
    root.dataset.checked = String(ticket);
    root.dataset.checkMs = String(Math.round(performance.now() - started));
  }

  // The element a finding goes on: its field, else the nearest table above it, else the top.
  function targetOf(key) {
    const path = [];
    for (const part of (key || '').split('.')) {
      const m = part.match(/^([^[]+)((\[\d+\])*)$/);
      if (!m) break;
      path.push(m[1]);
      for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
    }
    for (let n = path.length; n > 0; n--) {
      const box = document.getElementById('msg-' + idOf(path.slice(0, n)));
      if (box) return { box, path: path.slice(0, n) };
    }
    return { box: document.getElementById('msg-record'), path: null };
  }

  function showFindings() {
    for (const box of document.querySelectorAll('.ed-messages')) box.replaceChildren();
    for (const f of document.querySelectorAll('.ed-field-error, .ed-field-warning')) f.classList.remove('ed-field-error', 'ed-field-warning');
    const summary = document.getElementById('ed-summary');
    const list = el('ul', { class: 'ed-summary-list' });
    const findings = state.findings;
    findings.forEach((f, i) => {
      const where = state.tab === 'text' ? { box: document.getElementById('msg-text'), path: null } : targetOf(f.key);
      const word = f.level === 'error' ? 'Error:' : 'Warning:';
      const id = 'finding-' + i;
      const line = state.tab === 'text' && f.line ? ' (line ' + f.line + ')' : '';
      if (where.box) {
        where.box.append(el('p', { class: 'ed-message ed-message-' + f.level, id },
          el('span', { class: 'ed-message-level', text: word }), ' ' + f.message + line + (f.help ? ' ' + f.help : '')));
        const wrapper = where.box.closest('.ed-field, .ed-group, .ed-entry, .ed-list');
        if (wrapper) wrapper.classList.add(f.level === 'error' ? 'ed-field-error' : 'ed-field-warning');
      }
      const target = where.path ? document.getElementById('in-' + idOf(where.path)) || document.getElementById('f-' + idOf(where.path)) : null;
      const href = '#' + (target ? target.id : id);
      list.append(el('li', { class: 'ed-summary-' + f.level },
        el('a', { href, 'data-key': f.key || '', text: word + ' ' + f.message + line,
          onclick: (e) => {
            const t = document.querySelector(href);
            if (t) {
              e.preventDefault();
              t.focus();
              t.scrollIntoView({ block: 'center' });
            }
          } })));
    });
    const errors = findings.filter((f) => f.level === 'error').length;
    const warnings = findings.length - errors;
    summary.replaceChildren();
    summary.className = 'ed-summary' + (findings.length ? '' : ' ed-summary-clean');
    if (findings.length) {
      summary.append(el('h2', { class: 'ed-summary-title', text: errors ? 'There is a problem' : 'There is something to check' }),
        el('p', { text: count(errors, 'error') + ' and ' + count(warnings, 'warning') + '. You can save while they remain: the record then shows as it would in a draft.' }), list);
    } else {
      summary.append(el('p', { text: 'No problems found in this ' + data.noun + '.' }));
    }
    root.dataset.findings = String(findings.length);
  }

  const count = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');

  // ---- Saving, undo, versions, conflicts ------------------------------------------------

  function banner(kind, children) {
    const box = document.getElementById('ed-banner');
    box.replaceChildren();
    box.className = 'ed-banner ed-banner-' + kind;
    box.append(...children);
    box.focus();
  }

  async function save() {
    clearTimeout(state.timer);
    const changes = currentChanges();
    const answer = await post('/edit/save', { record: state.record, sha256: state.sha256, changes });
    afterWrite(answer, JSON.stringify(changes));
  }

  // `saved`: what a save sent. When the findings shown are already those of exactly that, the
  // saved file has them too, and the pack is not checked again (that check would only compete
  // with the preview's rebuild for the processor).
  function afterWrite(answer, saved) {
    if (answer.result === 'saved') {
      const wasNew = state.record !== answer.record && data.file === '';
      state.sha256 = answer.sha256;
      if (wasNew) {
        window.location.assign('/edit/form?record=' + encodeURIComponent(answer.record) + '&saved=1');
        return;
      }
      if (answer.loaded) {
        state.values = answer.loaded.values ? clone(answer.loaded.values) : null;
        state.base = answer.loaded.values ? clone(answer.loaded.values) : null;
        state.text = answer.loaded.text;
      }
      if (data.mode !== 'full') {
        data.mode = 'done';
      }
      redraw();
      banner('success', [el('h2', { class: 'ed-banner-title', text: answer.message + '.' }),
        el('p', {}, 'The pack page updates itself. ', readOnly ? null : el('button', { type: 'button', class: 'ed-button ed-secondary', id: 'ed-undo', text: 'Undo the last save', onclick: undo }))]);
      refreshVersions();
      if (saved === undefined || saved !== state.checkedFor) runCheck();
    } else if (answer.result === 'conflict') {
      showConflict(answer);
    } else {
      banner('error', [el('h2', { class: 'ed-banner-title', text: 'Not saved' }), el('p', { text: answer.message || 'The server refused the change.' })]);
    }
  }

  async function undo() {
    if (!window.confirm('Put back the version from before your last save?')) return;
    afterWrite(await post('/edit/undo', { record: state.record }));
  }

  async function refreshVersions() {
    const response = await fetch('/edit/versions?record=' + encodeURIComponent(state.record));
    if (response.ok) {
      data.versions = (await response.json()).versions;
      drawVersions();
    }
  }

  function drawVersions() {
    const box = document.getElementById('ed-versions');
    if (!box) return;
    box.replaceChildren();
    if (!data.versions || !data.versions.length) {
      box.append(el('p', { text: 'No earlier versions are kept yet: one is kept each time this file is saved from here.' }));
      return;
    }
    const list = el('ul', { class: 'ed-version-list' });
    for (const v of data.versions) {
      list.append(el('li', {}, el('span', { text: v.when + ' ' }), readOnly ? null : el('button', {
        type: 'button', class: 'ed-link-button',
        onclick: async () => {
          if (!window.confirm('Restore the version of ' + v.when + '? The file as it is now is kept as an earlier version too.')) return;
          afterWrite(await post('/edit/restore', { record: state.record, version: v.name }));
        },
      }, 'Restore this version', el('span', { class: 'ed-visually-hidden', text: ' of ' + v.when })))); 
    }
    box.append(list);
  }

  function leaves(value, path, out) {
    if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
      value.forEach((v, i) => leaves(v, [...path, i], out));
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (k !== ORIG) leaves(v, [...path, k], out);
    } else if (value !== null && value !== undefined && value !== '') {
      out.set(dotted(path), { path, value });
    }
    return out;
  }

  function show(v) {
    if (v === undefined) return '(nothing)';
    return Array.isArray(v) ? v.join(', ') : String(v.value === undefined ? v : v.value);
  }

  // "Risk 2: Who is at risk" for `risks[1].to`, from the form's own labels.
  function labelOf(key) {
    const words = [];
    let fields = data.fields;
    for (const part of key.split('.')) {
      const m = part.match(/^([^[]+)(?:\[(\d+)\])?$/);
      const f = m && fields ? fields.find((x) => x.key === m[1]) : null;
      if (!f) return key;
      words.push(m[2] !== undefined && f.item ? titleCase(f.item) + ' ' + (Number(m[2]) + 1) : f.label);
      fields = f.fields;
    }
    return words.join(': ');
  }

  function showConflict(answer) {
    const theirs = answer.theirs;
    const mine = leaves(state.values || {}, [], new Map());
    const them = leaves(theirs.values || {}, [], new Map());
    const base = leaves(state.base || {}, [], new Map());
    const value = (m, k) => JSON.stringify(m.get(k) && m.get(k).value);
    // A field changed only on disk starts on "Use theirs", one changed here on "Keep mine".
    const mineChanged = (k) => value(mine, k) !== value(base, k);
    const keys = [...new Set([...mine.keys(), ...them.keys()])].filter(
      (k) => JSON.stringify(mine.get(k) && mine.get(k).value) !== JSON.stringify(them.get(k) && them.get(k).value));
    const table = el('table', { class: 'ed-conflict' },
      el('caption', { text: 'Your version and the file on disk, where they differ' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: 'Yours (not saved)' }), el('th', { scope: 'col', text: 'Theirs (on disk now)' }), el('th', { scope: 'col', text: 'Keep' }))));
    const body = el('tbody');
    keys.forEach((k, i) => {
      const name = 'keep-' + i;
      body.append(el('tr', { 'data-key': k },
        el('th', { scope: 'row', text: labelOf(k) }),
        el('td', { 'data-label': 'Yours', text: show(mine.get(k)) }),
        el('td', { 'data-label': 'Theirs', text: show(them.get(k)) }),
        el('td', {},
          el('div', { class: 'ed-radio-item' }, el('input', { type: 'radio', class: 'ed-radio', name, id: name + '-mine', value: 'mine', checked: mineChanged(k) }), el('label', { for: name + '-mine', text: 'Keep mine' })),
          el('div', { class: 'ed-radio-item' }, el('input', { type: 'radio', class: 'ed-radio', name, id: name + '-theirs', value: 'theirs', checked: !mineChanged(k) }), el('label', { for: name + '-theirs', text: 'Use theirs' })))));
    });
    table.append(body);
    const resolve = el('button', {
      type: 'button', class: 'ed-button', id: 'ed-resolve', text: 'Save with these choices',
      onclick: async () => {
        const merged = clone(theirs.values || {});
        keys.forEach((k, i) => {
          const choice = document.querySelector('input[name="keep-' + i + '"]:checked').value;
          if (choice === 'mine') {
            const m = mine.get(k);
            if (m) setAt(merged, m.path, clone(m.value));
            else setAt(merged, them.get(k).path, null);
          }
        });
        state.values = merged;
        state.sha256 = theirs.sha256;
        state.text = theirs.text;
        redraw();
        await save();
      },
    });
    const useTheirs = el('button', {
      type: 'button', class: 'ed-button ed-secondary', text: 'Use theirs for everything',
      onclick: () => {
        for (const r of document.querySelectorAll('input[value="theirs"]')) r.checked = true;
      },
    });
    banner('conflict', [el('h2', { class: 'ed-banner-title', text: 'This file was changed while you were editing it' }),
      el('p', { text: answer.message }),
      el('p', { text: 'What you changed starts on "Keep mine"; what only they changed starts on "Use theirs".' }), table, el('div', { class: 'ed-actions' }, resolve, useTheirs)]);
  }

  // ---- The page -------------------------------------------------------------------------

  function tabs() {
    const tab = (name, text) => el('button', {
      type: 'button', class: 'ed-tab', id: 'tab-' + name, 'aria-pressed': String(state.tab === name), text,
      onclick: () => {
        if (state.tab === name) return;
        if (name === 'form' && state.tabTextChanged) {
          window.alert('Save the text first (or reload the page to leave it): the form shows the file as saved.');
          return;
        }
        state.tab = name;
        redraw();
        runCheck();
      },
    });
    return el('div', { class: 'ed-tabs', role: 'group', 'aria-label': 'Edit with' }, tab('form', 'Form'), tab('text', 'Text'));
  }

  function redraw() {
    const body = document.getElementById('ed-body');
    body.replaceChildren();
    document.getElementById('ed-tabbar').replaceChildren(data.mode === 'full' ? tabs() : '');
    if (state.tab === 'text') {
      const area = el('textarea', { id: 'in-text', class: 'ed-textarea ed-code', rows: 30, spellcheck: 'false', 'aria-describedby': 'hint-text msg-text', disabled: readOnly });
      area.value = state.text;
      area.addEventListener('input', () => {
        state.text = area.value;
        state.tabTextChanged = true;
        schedule();
      });
      body.append(el('div', { class: 'ed-field', id: 'f-text' },
        el('label', { class: 'ed-label', for: 'in-text', text: 'The file as text (TOML)' }),
        el('p', { class: 'ed-hint', id: 'hint-text', text: 'This is the file itself. It is checked as you type; saving writes it exactly as it is here.' }),
        el('div', { class: 'ed-messages', id: 'msg-text' }), area));
      return;
    }
    if (state.values === null) {
      body.append(el('p', { text: 'The form cannot read this file because of a mistake in it. Use the Text tab to mend it.' }));
      return;
    }
    if (data.mode === 'review' || data.mode === 'incident') {
      const key = data.mode === 'review' ? 'reviews' : 'incidents';
      const field = data.fields.find((f) => f.key === key);
      const list = getAt(state.values, [key]) || [];
      if (state.quickIndex === undefined) {
        list.push(newEntry(field.fields));
        setAt(state.values, [key], list);
        state.quickIndex = list.length - 1;
      }
      body.append(drawList(field, [key], state.quickIndex));
      return;
    }
    if (data.mode === 'done') {
      body.append(el('p', {}, el('a', { href: '/edit/form?record=' + encodeURIComponent(state.record), text: 'Open the whole record' })));
      return;
    }
    for (const f of data.fields) {
      if (f.key === 'id' && data.file !== '' && data.kind !== 'pack') {
        body.append(drawField(f, [f.key]));
        continue;
      }
      body.append(drawField(f, [f.key]));
    }
  }

  function drawForm() {
    if (data.file === '' && data.kind === 'decision' && state.values && !state.values.opened) {
      state.values.opened = today();
    }
    root.append(
      el('div', { id: 'ed-banner', tabindex: '-1', 'aria-live': 'polite' }),
      el('div', { id: 'ed-summary', class: 'ed-summary', role: 'region', 'aria-label': 'Findings', 'aria-live': 'polite' }),
      el('p', { class: 'ed-file' }, data.file ? 'File: ' : 'A new file in content/decisions, named from its id and title.', data.file ? el('code', { text: data.file }) : null),
      el('div', { id: 'ed-tabbar' }),
      el('div', { class: 'ed-messages', id: 'msg-record' }),
      el('form', { id: 'ed-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
        el('div', { id: 'ed-body' }),
        readOnly ? null : el('div', { class: 'ed-actions ed-save-bar' },
          el('button', { type: 'submit', class: 'ed-button', id: 'ed-save', text: 'Save' }),
          el('a', { class: 'ed-button ed-secondary', href: '/edit', id: 'ed-cancel', text: 'Cancel',
            onclick: (e) => {
              if (JSON.stringify(state.values) !== JSON.stringify(data.loaded.values) && !window.confirm('Leave without saving? Your changes will be lost.')) e.preventDefault();
            } }))),
    );
    if (data.file) {
      root.append(el('details', { class: 'ed-details' }, el('summary', { text: 'Restore an earlier version' }), el('div', { id: 'ed-versions' })));
      drawVersions();
    }
    redraw();
    if (new URLSearchParams(window.location.search).get('saved') === '1') {
      banner('success', [el('h2', { class: 'ed-banner-title', text: 'Saved ' + data.record + ' to ' + data.file + '.' })]);
    }
    // A record being written from blank is checked once its writer pauses, not before.
    if (data.file && data.mode === 'full') runCheck();
    else showQuiet();
  }

  function showQuiet() {
    const summary = document.getElementById('ed-summary');
    summary.replaceChildren(el('p', { text: 'Fill in the form: it is checked each time you pause, and each finding shows beside its field.' }));
    summary.className = 'ed-summary ed-summary-quiet';
  }

  if (data.view === 'index') drawIndex();
  else drawForm();
})();
