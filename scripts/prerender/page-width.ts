/**
 * Framework's `width` (the main column's) on a notebook in a 1280-pixel-wide window, sidebar and table of
 * contents shown: charts drawn at build time use it. They scale down in narrower windows; the live cells redraw
 * at the window's own width.
 */
export const PRERENDER_WIDTH = 704;
