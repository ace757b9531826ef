// Export and import: the whole configuration as one document; an import is previewed (problems
// and the difference to what is stored) before it is applied with the revision check.
import {el, card, button, message} from './dom.js';
import {state, load} from './store.js';
import * as api from './api.js';

function exportCard() {
  const omit = el('input', {id: 'export-omit', type: 'radio', name: 'export-secrets', value: 'omit', checked: true});
  const encrypt = el('input', {id: 'export-encrypt', type: 'radio', name: 'export-secrets', value: 'encrypt'});
  const passphrase = el('input', {id: 'export-passphrase', type: 'password', autocomplete: 'new-password',
    placeholder: 'at least 12 characters'});
  const out = el('div', {id: 'export-result'});
  const run = async () => {
    const request = encrypt.checked ? {secrets: 'encrypt', passphrase: passphrase.value} : {secrets: 'omit'};
    try {
      const {text, headers} = await api.post('export', request);
      const name = (/filename="([^"]+)"/.exec(headers.get('Content-Disposition') || '') || [])[1]
        || 'oidc-sso-config.json';
      const url = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
      const doc = el('textarea', {id: 'export-document', rows: 10, readonly: true, className: 'code'});
      doc.value = text;
      out.replaceChildren(message('export-status', 'success', 'Exported ' + name + ' (' + text.length + ' characters).'),
        el('a', {id: 'export-download', className: 'button primary', href: url, download: name, text: 'Download ' + name}),
        doc);
    } catch (e) {
      out.replaceChildren(message('export-status', 'error', 'Export failed: ' + e.message));
    }
  };
  return card('export', 'Export',
    el('div', {className: 'field checkbox'}, omit, el('label', {for: 'export-omit', text: 'Leave secrets out'})),
    el('div', {className: 'field checkbox'}, encrypt, el('label', {for: 'export-encrypt',
      text: 'Include secrets, encrypted with a passphrase'})),
    el('div', {className: 'field'}, el('label', {for: 'export-passphrase', text: 'Passphrase'}), passphrase),
    button('export-run', 'Export', run, true), out);
}

/** The result of the last import, shown once when the page is drawn again after it. */
let imported = null;

function importCard() {
  const file = el('input', {id: 'import-file', type: 'file', accept: 'application/json,.json'});
  const doc = el('textarea', {id: 'import-document', rows: 8, className: 'code', spellcheck: 'false',
    placeholder: 'Paste an exported document (or a bare configuration document), or choose a file.'});
  const passphrase = el('input', {id: 'import-passphrase', type: 'password', autocomplete: 'off',
    placeholder: 'only for a document with encrypted secrets'});
  const out = el('div', {id: 'import-result'}, imported ? message('import-status', 'success', imported) : null);
  imported = null;
  let previewed = null;
  file.addEventListener('change', async () => {
    if (file.files.length > 0) doc.value = await file.files[0].text();
  });
  const request = () => {
    let document_;
    try {
      document_ = JSON.parse(doc.value);
    } catch (e) {
      out.replaceChildren(message('import-status', 'error', 'The document is not valid JSON: ' + e.message));
      return null;
    }
    const body = {document: document_};
    if (passphrase.value !== '') body.passphrase = passphrase.value;
    return body;
  };
  const preview = async () => {
    const body = request();
    if (!body) return;
    try {
      const {body: answer} = await api.post('import/preview', body);
      previewed = {body, revision: answer.currentRevision};
      const problems = answer.problems || [];
      const diff = answer.diff || [];
      // replaceChildren would write a null as the text "null": only the parts there are.
      out.replaceChildren(...[
        problems.length ? message('import-status', 'error', problems.length + ' problem(s): this document cannot be'
          + ' imported; nothing was changed.') : message('import-status', 'info', diff.length === 0
          ? 'Valid, and the same as the stored configuration.' : 'Valid. ' + diff.length + ' change(s) to revision '
          + answer.currentRevision + ':'),
        problems.length ? el('ul', {id: 'import-problems', className: 'problems'}, problems.map((p) => el('li', {},
          el('code', {text: p.pointer || '(document)'}), ' ', p.message))) : null,
        diff.length ? el('ul', {id: 'import-diff', className: 'diff'}, diff.map((d) => el('li', {className: d.change},
          el('span', {className: 'lozenge', text: d.change}), ' ', el('code', {text: d.pointer || '(document)'})))) : null,
        problems.length === 0 ? button('import-apply', 'Apply', apply, true) : null].filter((part) => part !== null));
    } catch (e) {
      out.replaceChildren(message('import-status', 'error', 'Preview failed: ' + e.message));
    }
  };
  const apply = async () => {
    try {
      const {body: answer} = await api.post('import', {...previewed.body, revision: previewed.revision});
      // Reloading the configuration draws this page again: the result is shown there.
      imported = 'Imported: revision ' + answer.revision + ' is active.';
      load().catch(() => out.replaceChildren(message('import-status', 'success', imported
        + ' Reload the page to see it.')));
    } catch (e) {
      if (e.status === 409) {
        out.replaceChildren(message('import-status', 'error', 'Someone else saved (now revision '
          + e.body.currentRevision + ') since the preview; nothing was imported. Preview again.'));
      } else {
        const problems = (e.body && e.body.problems) || [];
        out.replaceChildren(message('import-status', 'error', 'Nothing was imported: ' + e.message),
          el('ul', {id: 'import-problems', className: 'problems'}, problems.map((p) => el('li', {},
            el('code', {text: p.pointer || '(document)'}), ' ', p.message))));
      }
    }
  };
  return card('import', 'Import',
    el('div', {className: 'field'}, el('label', {for: 'import-file', text: 'File'}), file),
    el('div', {className: 'field'}, el('label', {for: 'import-document', text: 'Document'}), doc),
    el('div', {className: 'field'}, el('label', {for: 'import-passphrase', text: 'Passphrase'}), passphrase),
    button('import-preview', 'Preview', preview, true), out);
}

export function render(root) {
  root.append(el('p', {className: 'intro', text: 'The whole configuration as one JSON document. An import shows'
    + ' its problems and what it changes first, then replaces the stored configuration at once (revision '
    + (state.revision || 'none') + ' now) or not at all.'}));
  root.append(exportCard(), importCard());
}
