import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { outlineFromServer } from '../languageClient.js';
import type { CodeGenerator } from './generator.js';
import { isGeneratable, ModelOutput, outputFolder } from './modelOutput.js';
import { generatesOnSave, type GeneratedCodeState } from './staleState.js';

/**
 * Generation on save (`eventModel.codegen.onSave`), for models that say where their code goes
 * (`codegen.out`): the generator writes only from a model without errors, and only the files that
 * change. Saving any other model only refreshes what is known of its generated code.
 */
export function generateOnSave(generator: CodeGenerator, state: GeneratedCodeState): vscode.Disposable {
  return vscode.workspace.onDidSaveTextDocument((doc) => {
    if (!isGeneratable(doc.uri)) return;
    void onSaved(generator, state, doc);
  });
}

/**
 * A saved model is parsed on the host only when it may generate or has generated code: the
 * server's outline of the saved text tells first whether the model says where its code goes.
 * Without a server, or with an answer for another version of the text, the host parses it.
 */
async function onSaved(generator: CodeGenerator, state: GeneratedCodeState, doc: vscode.TextDocument): Promise<void> {
  const version = doc.version;
  const text = doc.getText();
  const outline = await outlineFromServer({ uri: doc.uri.toString(), include: [] });
  if (outline?.version === version && outline.codegenDeclared === false) {
    const outDir = outputFolder(doc.uri, outline.codegenOut);
    // Never generated and not generating on save: nothing to compare, nothing to parse.
    if (!existsSync(outDir.fsPath)) {
      state.setNeverGenerated(doc.uri, outDir);
      return;
    }
  }
  const output = new ModelOutput(doc.uri, text);
  if (generatesOnSave(output)) void generator.generate(doc.uri, 'save');
  else state.assess(output);
}
