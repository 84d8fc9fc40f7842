/**
 * The player's HTML: a static skeleton (labels and structure only, no file
 * text) under a strict Content-Security-Policy. The webview script fills it
 * in with textContent.
 */
import * as vscode from 'vscode';

export { contentSecurityPolicy, createNonce } from './csp';
import { contentSecurityPolicy } from './csp';

export function playerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const media = (...segments: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...segments)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${media('generated', 'codicons', 'codicon.css')}">
  <link rel="stylesheet" href="${media('player.css')}">
  <title>Lyrics Player</title>
</head>
<body>
  <main class="player" aria-labelledby="heading">
    <header class="player-header">
      <h1 id="heading">Lyrics Player</h1>
      <span id="now-playing" class="now-playing" aria-live="polite"></span>
    </header>
    <div id="notice" class="notice" role="status" hidden>
      <span id="notice-icon" class="codicon codicon-info" aria-hidden="true"></span>
      <span id="notice-text" class="notice-text"></span>
      <button id="notice-close" class="icon-button" type="button" aria-label="Dismiss message" title="Dismiss"><span class="codicon codicon-close" aria-hidden="true"></span></button>
    </div>
    <section class="transport" aria-label="Playback">
      <div id="waveform" class="waveform" role="slider" tabindex="0" aria-label="Seek (click or drag; Left and Right arrows move 5 seconds, Home and End jump)" aria-valuemin="0" aria-valuemax="0" aria-valuenow="0"></div>
      <div class="controls">
        <button id="play" class="icon-button play" type="button" aria-label="Play" title="Play (Space)" disabled><span id="play-icon" class="codicon codicon-play" aria-hidden="true"></span></button>
        <span class="time" aria-label="Elapsed and total time"><span id="elapsed">0:00</span> / <span id="total">0:00</span></span>
        <span class="spacer"></span>
        <button id="loop" class="icon-button toggle" type="button" aria-label="Loop" aria-pressed="false" title="Loop: off"><span class="codicon codicon-sync" aria-hidden="true"></span></button>
        <label class="volume" title="Volume"><span id="volume-icon" class="codicon codicon-unmute" aria-hidden="true"></span><input id="volume" type="range" min="0" max="1" step="0.05" value="1" aria-label="Volume"></label>
      </div>
    </section>
    <div class="columns">
      <section class="takes" aria-labelledby="takes-heading">
        <h2 id="takes-heading">Takes</h2>
        <ul id="take-list" class="take-list" aria-labelledby="takes-heading"></ul>
        <p id="no-takes" class="empty" hidden>No takes yet. Run “Lyrics: Generate Song” (or <code>lyrics generate</code> in a terminal); new takes appear here.</p>
        <section id="pending" class="pending" aria-labelledby="pending-heading" hidden>
          <h2 id="pending-heading">Not downloaded yet</h2>
          <p class="pending-intro">The provider made these songs, and billed them, but their audio is not saved yet. Each recovery record keeps what is needed to get the song without paying again.</p>
          <ul id="pending-list" class="pending-list" aria-labelledby="pending-heading"></ul>
        </section>
      </section>
      <section class="lyrics" aria-labelledby="lyrics-heading">
        <h2 id="lyrics-heading">Lyrics as sent</h2>
        <p id="lyrics-empty" class="empty">Select a take to see its lyrics.</p>
        <div id="lyrics" class="lyrics-text"></div>
      </section>
    </div>
    <audio id="audio" preload="metadata"></audio>
  </main>
  <script nonce="${nonce}" src="${media('generated', 'player.js')}"></script>
</body>
</html>`;
}

/** Shown in a restored panel whose saved state can't be used (it names no song or audio). */
export function unusablePanelHtml(nonce: string, cspSource: string, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<title>Lyrics Player</title></head><body><p role="alert">${escaped}</p></body></html>`;
}
