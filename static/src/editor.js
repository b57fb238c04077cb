// A CodeMirror 6 editor bound live to one root-level Y.Text (y-codemirror.next): remote
// carets with names come from the awareness, undo/redo only undoes one's own typing.

import { defaultKeymap } from "@codemirror/commands";
import { ChangeSet, Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import * as Y from "yjs";

/** In a one-line field (the title), typed or pasted line breaks become spaces. */
const oneLine = [
  keymap.of([{ key: "Enter", run: () => true }]),
  EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !(tr.isUserEvent("input") || tr.isUserEvent("paste") || tr.isUserEvent("drop"))) {
      return tr;
    }
    let breaks = false;
    const changes = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      const text = inserted.toString();
      if (/[\r\n]/.test(text)) breaks = true;
      changes.push({ from: fromA, to: toA, insert: text.replace(/\s*[\r\n]+\s*/g, " ") });
    });
    if (!breaks) return tr;
    const set = ChangeSet.of(changes, tr.startState.doc.length);
    return {
      changes: set,
      selection: tr.startState.selection.map(set, 1),
      userEvent: "input",
      scrollIntoView: true,
    };
  }),
];

const editable = (on) => [
  EditorState.readOnly.of(!on),
  EditorView.editable.of(on),
  EditorView.contentAttributes.of(on ? {} : { "aria-readonly": "true" }),
];

/**
 * @param {object} options
 * @param {HTMLElement} options.parent
 * @param {Y.Text} options.ytext
 * @param {import('y-protocols/awareness').Awareness} options.awareness
 * @param {string} options.labelId   id of the visible label (aria-labelledby)
 * @param {string} [options.hintId]  id of the hint (aria-describedby)
 * @param {boolean} [options.singleLine]
 * @param {boolean} [options.readOnly]
 * @param {() => number} [options.coveredBottom]  pixels at the window's bottom that a sticky
 *   element covers: the caret is scrolled into view above them
 * @returns {{view: EditorView, setReadOnly: (ro: boolean) => void, focus: () => void, destroy: () => void}}
 */
export function createFieldEditor({ parent, ytext, awareness, labelId, hintId, singleLine, readOnly, coveredBottom }) {
  const access = new Compartment();
  const undoManager = new Y.UndoManager(ytext);
  const attributes = { "aria-labelledby": labelId, spellcheck: "true", autocapitalize: "sentences" };
  if (hintId) attributes["aria-describedby"] = hintId;
  if (singleLine) attributes["aria-multiline"] = "false";
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: ytext.toString(),
      extensions: [
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of(attributes),
        singleLine ? oneLine : [],
        access.of(editable(!readOnly)),
        yCollab(ytext, awareness, { undoManager }),
        coveredBottom ? EditorView.scrollMargins.of(() => ({ bottom: coveredBottom() })) : [],
      ],
    }),
  });
  return {
    view,
    setReadOnly(ro) {
      view.dispatch({ effects: access.reconfigure(editable(!ro)) });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
      undoManager.destroy();
    },
  };
}
