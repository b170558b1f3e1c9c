// Highlighting inside VS Code: the semantic tokens of a model, decoded through the legend.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, workspaceUri } from './support';

suite('highlighting', () => {
  test('a model gets semantic tokens for its keys, by kind', async () => {
    await activateExtension();
    const uri = workspaceUri('bank', 'bank.events.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', uri);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', uri);
    assert.ok(legend && tokens, 'the provider answers');
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
