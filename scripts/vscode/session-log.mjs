// The log of one workbench session: code-server's output and the page's console, in one file
// under .vscode-test/logs/, without the lines that only say this machine is offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';

/** Lines that only say this machine is offline (marketplace, telemetry, vsda); dropped from logs. */
const offlineNoise = [/ENOTFOUND/, /EAI_AGAIN/, /getaddrinfo/, /ERR_NAME_NOT_RESOLVED/, /\bCanceled\b/, /vsda/];

/** Appends `time [source] line` entries to a file, dropping offline noise unless EMS_VSCODE_LOG_ALL=1. */
export class SessionLog {
  /** @param {string} file  @param {{ verbose?: boolean }} [options] echo kept lines to stderr */
  constructor(file, { verbose = false } = {}) {
    this.file = file;
    this.verbose = verbose;
    this.keepAll = process.env.EMS_VSCODE_LOG_ALL === '1';
    this.dropped = 0;
    this.started = Date.now();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.stream = fs.createWriteStream(file);
  }

  write(source, line) {
    if (!line.trim()) return;
    if (!this.keepAll && offlineNoise.some((re) => re.test(line))) {
      this.dropped++;
      return;
    }
    // Seconds since the session started: shows where startup time goes.
    const entry = `${((Date.now() - this.started) / 1000).toFixed(1).padStart(5)}s [${source}] ${line}\n`;
    this.stream.write(entry);
    if (this.verbose) process.stderr.write(entry);
  }

  /** Resolves once everything is on disk (the runner exits right after). */
  end() {
    const summary = `[runner] ${this.dropped} offline-noise line(s) dropped (EMS_VSCODE_LOG_ALL=1 keeps them)\n`;
    return new Promise((resolve) => this.stream.end(summary, resolve));
  }
}

/**
 * Console text as VS Code meant it: its log calls are console.log('%c LEVEL', css, format, ...args),
 * which Playwright's msg.text() leaves unformatted.
 * @param {import('playwright-core').ConsoleMessage} msg
 */
export async function formatConsoleMessage(msg) {
  let text = msg.text();
  try {
    const values = await Promise.all(msg.args().map((arg) => arg.jsonValue()));
    if (typeof values[0] === 'string' && values[0].startsWith('%c') && values.length >= 2) {
      text = `${values[0].slice(2).trim()} ${util.format(...values.slice(2))}`;
    }
  } catch {
    // The page may be gone already; the raw text is still useful.
  }
  // Failed resource loads say nothing about which resource without the location.
  const url = msg.location()?.url;
  return text.startsWith('Failed to load resource') && url ? `${text}: ${url}` : text;
}

/** Line-buffers a stream and passes complete lines on. */
export function forEachLine(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  stream.on('end', () => rest && onLine(rest));
}
