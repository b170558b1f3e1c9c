// Highlighting inside VS Code: the semantic tokens of a model, from the language server, decoded through the legend.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EventModelApi } from '../../src/extension/extension';
import { activateExtension, workspaceUri } from './support';

/**
 * The legend and tokens of a file, once the language server offers them: it starts with the
 * first model opened, and its provider is there by the time it has checked the file.
 */
async function semanticTokens(api: EventModelApi, uri: vscode.Uri): Promise<{ legend: vscode.SemanticTokensLegend; tokens: vscode.SemanticTokens }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // Listening before asking, so a check that ends meanwhile is not missed.
    const checked = new Promise<void>((resolve) => {
      const s = api.onDidValidate((u) => {
        if (u.toString() === uri.toString()) {
          s.dispose();
          resolve();
        }
      });
      setTimeout(() => {
        s.dispose();
        resolve();
      }, Math.max(0, deadline - Date.now()));
    });
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>('vscode.provideDocumentSemanticTokensLegend', uri);
    const tokens = legend && (await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>('vscode.provideDocumentSemanticTokens', uri));
    if (legend && tokens) return { legend, tokens };
    assert.ok(Date.now() < deadline, `the language server's semantic tokens of ${uri.path}`);
    await checked;
  }
}

suite('highlighting', () => {
  test('a model gets semantic tokens for its keys, by kind, from the language server', async () => {
    const api = await activateExtension();
    const uri = workspaceUri('bank', 'bank.events.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const { legend, tokens } = await semanticTokens(api, uri);
    // The legend is the core's, in its order: the colours of each kind stay as they were.
    assert.deepEqual(legend.tokenTypes, ['keyword', 'type', 'class', 'function', 'event', 'struct', 'interface', 'operator']);
    assert.deepEqual(legend.tokenModifiers, ['declaration']);
    const decoded: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type, mods] = Array.from(tokens.data.slice(i, i + 5)) as [number, number, number, number, number];
      line += dl;
      char = dl === 0 ? char + dc : dc;
      const text = doc.lineAt(line).text.slice(char, char + len);
      decoded.push(`${text}:${legend.tokenTypes[type]}${mods & 1 ? '.declaration' : ''}`);
    }
    for (const expected of ['aggregates:keyword', 'commands:keyword', 'Account:class.declaration', 'DepositMoney:function.declaration', 'MoneyDeposited:event.declaration', 'inc:operator']) {
      assert.ok(decoded.includes(expected), `${expected} in ${decoded.slice(0, 30).join(' ')}`);
    }
  });
});
