import {escapeHtml} from "../escape-html.js";

// A drawing's markup for the page's HTML. Ids are dropped: the drawing sits in the page next to the cell that
// replaces it, which carries the same ids (tests and links look them up).

export function toMarkup(content: Element | string): string {
  if (typeof content === "string") return escapeHtml(content);
  const copy = content.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll("[id]")]) element.removeAttribute("id");
  return copy.outerHTML;
}
