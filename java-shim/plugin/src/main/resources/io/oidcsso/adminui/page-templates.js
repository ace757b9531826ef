// Templates: the chooser, error and signed-out pages (minijinja, HTML auto-escaped). Empty uses
// the built-in page.
import {el, card} from './dom.js';
import {textarea} from './fields.js';
import {templatePreviewCard} from './preview.js';

export function render(root) {
  root.append(el('p', {className: 'intro', text: 'Your own login pages, as minijinja templates with HTML'
    + ' auto-escaping (docs/login-pages.md lists the variables). Leave a template empty for the built-in page.'
    + ' Saving checks that each one compiles.'}));
  root.append(card('templates', 'Templates',
    textarea('template-chooser', 'Chooser', '/templates/chooser', {rows: 10}),
    textarea('template-error', 'Error page', '/templates/error', {rows: 10}),
    textarea('template-logout', 'Signed-out page', '/templates/logout', {rows: 10})));
  root.append(templatePreviewCard());
}
