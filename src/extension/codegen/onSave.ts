import * as vscode from 'vscode';
import type { CodeGenerator } from './generator.js';
import { isGeneratable, ModelOutput } from './modelOutput.js';
import { generatesOnSave, type GeneratedCodeState } from './staleState.js';

/**
 * Generation on save (`eventModel.codegen.onSave`), for models that say where their code goes
 * (`codegen.out`): the generator writes only from a model without errors, and only the files that
 * change. Saving any other model only refreshes what is known of its generated code.
 */
export function generateOnSave(generator: CodeGenerator, state: GeneratedCodeState): vscode.Disposable {
  return vscode.workspace.onDidSaveTextDocument((doc) => {
    if (!isGeneratable(doc.uri)) return;
    const output = new ModelOutput(doc.uri, doc.getText());
    if (generatesOnSave(output)) void generator.generate(doc.uri, 'save');
    else state.assess(output);
  });
}
