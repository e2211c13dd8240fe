// The `/` shortcut: anywhere in the console, `/` focuses the profile search box. It is ignored while
// typing (inputs, text areas, selects, editable content) and inside menus, listboxes and dialogs.
// The search box marks itself with SEARCH_SHORTCUT_ATTRIBUTE; on pages without one, `onMissing`
// runs (the shell opens the profile lookup page, which focuses its box).
import { useEffect } from 'react';

export const SEARCH_SHORTCUT_ATTRIBUTE = 'data-search-shortcut';
/** Navigation state asking the lookup page to focus its search box. */
export const FOCUS_SEARCH_STATE = 'focusSearch';

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color']);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return Boolean(target.closest('[role="textbox"], [role="combobox"], [role="menu"], [role="listbox"], [role="dialog"], [contenteditable="true"]'));
}

export function useSearchShortcut(onMissing: () => void) {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) return;
      if (isTypingTarget(e.target)) return;
      e.preventDefault();
      const box = document.querySelector<HTMLInputElement>(`[${SEARCH_SHORTCUT_ATTRIBUTE}]`);
      if (box) {
        box.focus();
        box.select?.();
      } else {
        onMissing();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onMissing]);
}
