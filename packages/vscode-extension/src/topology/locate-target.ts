/** What a click on the diagram asks to open (shared by the webview script and the host). */
export type LocateTarget =
  | { kind: 'locus'; name: string }
  | { kind: 'topic'; name: string }
  | { kind: 'handler'; locus: string; name: string };
