/** Names shared by the bare-panel extension and bench/player.ts, kept apart from extension.ts because Node can't load `vscode`. */
export const BARE_PANEL_COMMAND = 'lyricsBench.openBarePanel';
/** The command's title in the palette (package.json says the same). */
export const BARE_PANEL_COMMAND_TITLE = 'Lyrics Bench: Open Bare Panel';
export const BARE_PANEL_TITLE = 'Bare Panel';
/** The performance mark the panel's script sets as it runs. */
export const BARE_PANEL_MARK = 'bench:loaded';
